// Who is calling: the session cookie -> the user, refusing unknown, expired and blocked sessions.

import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../shared/domain/permissions';
import { SESSION_COOKIE, lookupSession } from '../accounts/sessions';
import { AppError } from '../common/app-error';
import { academicYearOf, localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { loadActorScope } from '../db/repositories/structure-repo';
import { deleteSessionsOfUser } from '../db/repositories/sessions-repo';
import { findUserById, type UserRecord } from '../db/repositories/users-repo';
import { sessionPolicy } from '../settings/school-settings';

export interface Authenticated {
  user: UserRecord;
  sessionId: string;
}

export async function authenticate(db: Db, request: FastifyRequest): Promise<Authenticated> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new AppError(401, 'unauthenticated', 'Требуется вход в систему.');
  const lookup = await lookupSession(db, token, await sessionPolicy(db), new Date());
  if (lookup.status === 'expired') throw new AppError(401, 'unauthenticated', 'Сеанс истёк. Войдите снова.');
  if (lookup.status === 'unknown') throw new AppError(401, 'unauthenticated', 'Требуется вход в систему.');
  const user = await findUserById(db, lookup.userId);
  if (!user || user.is_blocked) {
    await deleteSessionsOfUser(db, lookup.userId);
    throw new AppError(401, 'unauthenticated', 'Учётная запись заблокирована. Обратитесь к администратору школы.');
  }
  return { user, sessionId: lookup.sessionId };
}

/** Roles always; the person's classes and children only when a check needs them. */
export async function loadActor(db: Db, user: UserRecord, withScope: boolean): Promise<Actor> {
  const scope = withScope
    ? await loadActorScope(db, user.id, academicYearOf(localDate()))
    : { classTeacherOf: [], teachesClasses: [], teaches: [], childStudentIds: [], ownStudentId: null };
  return { userId: user.id, roles: user.roles, ...scope };
}
