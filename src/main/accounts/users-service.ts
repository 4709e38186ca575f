// The administrator's work with accounts (3.2): create users, roles, block, reset passwords.
// Every change is audited in its own transaction; concurrent edits are detected by version.

import type { z } from 'zod';
import type { createUserBodySchema, updateUserBodySchema, User } from '../../shared/api/schemas';
import { suggestLogin } from '../../shared/domain/logins';
import type { Role } from '../../shared/domain/roles';
import { AppError, conflict, invalid, notFound } from '../common/app-error';
import { recordAudit } from '../audit/audit-service';
import type { Db } from '../db/connection';
import { clearThrottle, deleteSessionsOfUser } from '../db/repositories/sessions-repo';
import {
  findUserById,
  findUsersByIds,
  insertUser,
  listUsers,
  loginExists,
  replaceRoles,
  updateUserIfVersion,
  type UserRecord,
} from '../db/repositories/users-repo';
import { throttleKeys } from './login-throttle';
import { generateInitialPassword, hashPassword } from './password-hashing';

export function toUser(record: UserRecord): User {
  return {
    id: record.id,
    login: record.login,
    lastName: record.last_name,
    firstName: record.first_name,
    middleName: record.middle_name,
    roles: record.roles,
    isBlocked: Boolean(record.is_blocked),
    mustChangePassword: Boolean(record.must_change_password),
    lastLoginAt: record.last_login_at,
    createdAt: record.created_at,
    version: record.version,
  };
}

/** What the audit log keeps of a user: never a password or its hash. */
function auditView(record: UserRecord) {
  return {
    login: record.login,
    lastName: record.last_name,
    firstName: record.first_name,
    middleName: record.middle_name,
    roles: record.roles,
    isBlocked: Boolean(record.is_blocked),
  };
}

export async function listAllUsers(db: Db, filter: { search?: string | undefined; role?: Role | undefined }): Promise<User[]> {
  return (await listUsers(db, { ...(filter.search ? { search: filter.search } : {}), ...(filter.role ? { role: filter.role } : {}) })).map(toUser);
}

export async function getUser(db: Db, userId: number): Promise<User> {
  const record = await findUserById(db, userId);
  if (!record) throw notFound('Пользователь');
  return toUser(record);
}

export async function freeLogin(db: Db, base: string): Promise<string> {
  if (!(await loginExists(db, base))) return base;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}${n}`;
    if (!(await loginExists(db, candidate))) return candidate;
  }
  throw conflict('Не удалось подобрать свободный логин; задайте его вручную.');
}

export async function createUser(
  db: Db,
  actorUserId: number,
  body: z.infer<typeof createUserBodySchema>,
): Promise<{ user: User; initialPassword: string }> {
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  const now = new Date().toISOString();
  return db.transaction(async (trx) => {
    let login: string;
    if (body.login) {
      if (await loginExists(trx, body.login)) throw invalid('login', 'Логин', `Логин «${body.login}» уже занят`);
      login = body.login;
    } else {
      login = await freeLogin(trx, suggestLogin(body.lastName, body.firstName, body.middleName));
    }
    const id = await insertUser(
      trx,
      {
        login,
        lastName: body.lastName,
        firstName: body.firstName,
        middleName: body.middleName,
        passwordHash,
        mustChangePassword: true,
        now,
      },
      [...new Set(body.roles)],
    );
    const record = (await findUserById(trx, id))!;
    await recordAudit(trx, { actorUserId, action: 'user.create', entity: 'user', entityId: id, newValue: auditView(record) });
    return { user: toUser(record), initialPassword };
  });
}

export async function updateUser(
  db: Db,
  actorUserId: number,
  userId: number,
  body: z.infer<typeof updateUserBodySchema>,
): Promise<User> {
  const now = new Date().toISOString();
  return db.transaction(async (trx) => {
    const before = await findUserById(trx, userId);
    if (!before) throw notFound('Пользователь');
    if (userId === actorUserId && body.isBlocked === true) {
      throw invalid('isBlocked', 'Заблокирован', 'Нельзя заблокировать собственную учётную запись');
    }
    if (userId === actorUserId && body.roles && !body.roles.includes('admin') && before.roles.includes('admin')) {
      throw invalid('roles', 'Роли', 'Нельзя снять с себя роль администратора: это сделает другой администратор');
    }
    const isSaved = await updateUserIfVersion(trx, userId, body.version, {
      ...(body.lastName !== undefined ? { last_name: body.lastName } : {}),
      ...(body.firstName !== undefined ? { first_name: body.firstName } : {}),
      ...(body.middleName !== undefined ? { middle_name: body.middleName } : {}),
      ...(body.isBlocked !== undefined ? { is_blocked: body.isBlocked ? 1 : 0 } : {}),
      updated_at: now,
    });
    if (!isSaved) {
      throw conflict(
        'Пользователя уже изменил кто-то другой, пока открыта эта форма. Обновите данные и внесите изменения заново.',
      );
    }
    if (body.roles) await replaceRoles(trx, userId, [...new Set(body.roles)]);
    // A blocked person is signed out everywhere at once; unblocking also lifts a lock-out.
    if (body.isBlocked === true) await deleteSessionsOfUser(trx, userId);
    if (body.isBlocked === false) await clearThrottle(trx, throttleKeys(before.login, null).account);
    const after = (await findUserById(trx, userId))!;
    const action = body.isBlocked === true && !before.is_blocked ? 'user.block' : body.isBlocked === false && before.is_blocked ? 'user.unblock' : 'user.update';
    await recordAudit(trx, { actorUserId, action, entity: 'user', entityId: userId, oldValue: auditView(before), newValue: auditView(after) });
    return toUser(after);
  });
}

export interface PreparedPassword {
  user: UserRecord;
  initialPassword: string;
  passwordHash: string;
}

/**
 * Step 1 of issuing initial passwords: checks the users and hashes new passwords, writing
 * nothing. The caller may render the printed sheet from the result before committing, so a
 * failed PDF never leaves people with passwords nobody has seen.
 */
export async function prepareInitialPasswords(db: Db, actorUserId: number, userIds: readonly number[]): Promise<PreparedPassword[]> {
  if (userIds.includes(actorUserId)) {
    throw new AppError(400, 'validation', 'Свой пароль администратор меняет в разделе «Моя учётная запись», а не сбросом.');
  }
  const users = await findUsersByIds(db, userIds);
  const missing = userIds.filter((id) => !users.some((u) => u.id === id));
  if (missing.length > 0) throw notFound(`Пользователь №${missing.join(', №')}`);
  return Promise.all(
    users.map(async (user) => {
      const initialPassword = generateInitialPassword();
      return { user, initialPassword, passwordHash: await hashPassword(initialPassword) };
    }),
  );
}

/** Step 2: saves the prepared passwords, all or none; a user changed meanwhile -> 409. */
export async function commitInitialPasswords(
  db: Db,
  actorUserId: number,
  prepared: readonly PreparedPassword[],
): Promise<Array<{ user: User; initialPassword: string }>> {
  const now = new Date().toISOString();
  return db.transaction(async (trx) => {
    const issued: Array<{ user: User; initialPassword: string }> = [];
    for (const item of prepared) {
      const isSaved = await updateUserIfVersion(trx, item.user.id, item.user.version, {
        password_hash: item.passwordHash,
        must_change_password: 1,
        updated_at: now,
      });
      if (!isSaved) throw conflict(`Пользователя ${item.user.login} изменили, пока готовился пароль. Повторите выдачу.`);
      await deleteSessionsOfUser(trx, item.user.id);
      // A new password also lifts a lock-out after failed attempts.
      await clearThrottle(trx, throttleKeys(item.user.login, null).account);
      await recordAudit(trx, { actorUserId, action: 'user.issue-initial-password', entity: 'user', entityId: item.user.id });
      issued.push({ user: toUser((await findUserById(trx, item.user.id))!), initialPassword: item.initialPassword });
    }
    return issued;
  });
}

export async function issueInitialPasswords(db: Db, actorUserId: number, userIds: readonly number[]) {
  return commitInitialPasswords(db, actorUserId, await prepareInitialPasswords(db, actorUserId, userIds));
}
