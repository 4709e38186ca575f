// Signing in and out, first-run setup and one's own password: the rules and transactions.

import type { z } from 'zod';
import type { changePasswordBodySchema, loginBodySchema, Me, setupBodySchema } from '../../shared/api/schemas';
import { passwordProblem } from '../../shared/domain/passwords';
import { AppError, invalid } from '../common/app-error';
import { recordAudit } from '../audit/audit-service';
import { ensureYear } from '../calendar/calendar-service';
import { academicYearOf, localDate } from '../common/dates';
import { ensureDefaultDirectories } from '../directories/directories-service';
import type { Db } from '../db/connection';
import { findSchool, insertSchool } from '../db/repositories/school-repo';
import { deleteSession, deleteSessionsOfUser, insertSecurityEvent } from '../db/repositories/sessions-repo';
import {
  countUsers,
  findUserById,
  findUserByLogin,
  insertUser,
  recordLogin,
  updateUserIfVersion,
  type UserRecord,
} from '../db/repositories/users-repo';
import { throttlePolicy } from '../settings/school-settings';
import { countLoginAttempt, forgiveLoginAttempt } from './login-throttle';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hashing';
import { startSession, type ClientInfo } from './sessions';

export async function meOf(db: Db, user: UserRecord): Promise<Me> {
  const school = await findSchool(db);
  return {
    user: {
      id: user.id,
      login: user.login,
      lastName: user.last_name,
      firstName: user.first_name,
      middleName: user.middle_name,
      roles: user.roles,
    },
    mustChangePassword: Boolean(user.must_change_password),
    schoolName: school?.name ?? '',
  };
}

export async function schoolName(db: Db): Promise<string> {
  return (await findSchool(db))?.name ?? '';
}

export async function isSetUp(db: Db): Promise<boolean> {
  return Boolean(await findSchool(db));
}

/** First run: the school and its first administrator, with a password they chose. No defaults. */
export async function setUpSchool(
  db: Db,
  body: z.infer<typeof setupBodySchema>,
  client: ClientInfo,
): Promise<{ token: string; me: Me }> {
  const problem = passwordProblem(body.admin.password, body.admin.login);
  if (problem) throw invalid('admin.password', 'Пароль администратора', problem);
  const passwordHash = await hashPassword(body.admin.password);
  const now = new Date();
  return db.transaction(async (trx) => {
    // Checked inside the transaction: two browsers racing through setup cannot both win.
    if ((await findSchool(trx)) || (await countUsers(trx)) > 0) {
      throw new AppError(409, 'setup-done', 'Первоначальная настройка уже выполнена. Войдите под учётной записью администратора.');
    }
    await insertSchool(trx, body.schoolName, now.toISOString());
    // The school starts with Russian default directories and the current year's calendar.
    await ensureDefaultDirectories(trx);
    await ensureYear(trx, Number(academicYearOf(localDate()).slice(0, 4)), null);
    const userId = await insertUser(
      trx,
      {
        login: body.admin.login,
        lastName: body.admin.lastName,
        firstName: body.admin.firstName,
        middleName: body.admin.middleName,
        passwordHash,
        mustChangePassword: false,
        now: now.toISOString(),
      },
      ['admin'],
    );
    await recordAudit(trx, {
      actorUserId: userId,
      action: 'school.setup',
      entity: 'school',
      entityId: 1,
      newValue: { schoolName: body.schoolName, adminLogin: body.admin.login },
    });
    const token = await startSession(trx, userId, client, now);
    const user = await findUserById(trx, userId);
    return { token, me: await meOf(trx, user!) };
  });
}

const WRONG_CREDENTIALS = 'Неверный логин или пароль';

export async function logIn(
  db: Db,
  body: z.infer<typeof loginBodySchema>,
  client: ClientInfo,
): Promise<{ token: string; me: Me }> {
  const now = new Date();
  const policy = await throttlePolicy(db);
  try {
    await db.transaction((trx) => countLoginAttempt(trx, body.login, client.ip, policy, now));
  } catch (error) {
    if (error instanceof AppError && error.code === 'throttled') {
      await insertSecurityEvent(db, { at: now.toISOString(), kind: 'login-throttled', userId: null, login: body.login, ip: client.ip, detail: null });
    }
    throw error;
  }
  const user = await findUserByLogin(db, body.login);
  // Unknown logins are checked against a dummy hash: the answer takes as long as for a real one.
  const isPasswordRight = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), body.password);
  if (!user || !user.password_hash || !isPasswordRight) {
    await insertSecurityEvent(db, { at: now.toISOString(), kind: 'login-failed', userId: user?.id ?? null, login: body.login, ip: client.ip, detail: null });
    throw new AppError(401, 'unauthenticated', WRONG_CREDENTIALS);
  }
  // Told only to someone who knows the password: blocking does not reveal which logins exist.
  if (user.is_blocked) {
    await insertSecurityEvent(db, { at: now.toISOString(), kind: 'login-blocked-account', userId: user.id, login: body.login, ip: client.ip, detail: null });
    throw new AppError(403, 'forbidden', 'Учётная запись заблокирована. Обратитесь к администратору школы.');
  }
  return db.transaction(async (trx) => {
    await forgiveLoginAttempt(trx, body.login, client.ip);
    await recordLogin(trx, user.id, now.toISOString());
    await insertSecurityEvent(trx, { at: now.toISOString(), kind: 'login-succeeded', userId: user.id, login: body.login, ip: client.ip, detail: null });
    const token = await startSession(trx, user.id, client, now);
    return { token, me: await meOf(trx, user) };
  });
}

export async function logOut(db: Db, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}

export async function changeOwnPassword(
  db: Db,
  user: UserRecord,
  sessionId: string,
  body: z.infer<typeof changePasswordBodySchema>,
  client: ClientInfo,
): Promise<Me> {
  // Guessing the current password at an unattended desk is throttled like guessing at login.
  await db.transaction(async (trx) => countLoginAttempt(trx, user.login, client.ip, await throttlePolicy(trx), new Date()));
  if (!user.password_hash || !(await verifyPassword(user.password_hash, body.currentPassword))) {
    throw invalid('currentPassword', 'Текущий пароль', 'Неверный текущий пароль');
  }
  if (body.newPassword === body.currentPassword) {
    throw invalid('newPassword', 'Новый пароль', 'Новый пароль должен отличаться от текущего');
  }
  const problem = passwordProblem(body.newPassword, user.login);
  if (problem) throw invalid('newPassword', 'Новый пароль', problem);
  const passwordHash = await hashPassword(body.newPassword);
  const now = new Date().toISOString();
  return db.transaction(async (trx) => {
    await forgiveLoginAttempt(trx, user.login, client.ip);
    // The version read when this request began: an administrator's reset in between wins.
    const isSaved = await updateUserIfVersion(trx, user.id, user.version, {
      password_hash: passwordHash,
      must_change_password: 0,
      password_changed_at: now,
      updated_at: now,
    });
    if (!isSaved) throw new AppError(409, 'conflict', 'Учётную запись только что изменил администратор. Войдите снова и повторите.');
    // Other devices signed in with the old password are signed out.
    await deleteSessionsOfUser(trx, user.id, sessionId);
    await recordAudit(trx, { actorUserId: user.id, action: 'user.change-own-password', entity: 'user', entityId: user.id });
    return meOf(trx, (await findUserById(trx, user.id))!);
  });
}
