// A parent registers with the activation code the class teacher handed out (3.3, 3.7), or links a further child
// to an existing account. A code works once, until it expires or is replaced; wrong codes are counted per network
// address (and per account when signed in) and locked out like password guesses, so codes cannot be guessed.

import type { z } from 'zod';
import type { registerBodySchema } from '../../shared/api/registration-schemas';
import type { Me } from '../../shared/api/schemas';
import { ACTIVATION_CODE_MESSAGES, activationCodeState, isWellFormedActivationCode, normaliseActivationCode } from '../../shared/domain/activation-codes';
import { passwordProblem } from '../../shared/domain/passwords';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, invalid } from '../common/app-error';
import { localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { guardianshipExists, insertGuardianship, setContacts } from '../db/repositories/card-repo';
import { findCodeByHash, useCode, type StoredCodeRow } from '../db/repositories/registration-repo';
import { clearThrottle, findThrottle, insertSecurityEvent, saveThrottle } from '../db/repositories/sessions-repo';
import { findStudent } from '../db/repositories/structure-repo';
import { findUserById, insertUser, loginExists, replaceRoles, type UserRecord } from '../db/repositories/users-repo';
import { throttlePolicy } from '../settings/school-settings';
import { meOf } from './accounts-service';
import { activationCodeHash } from './activation-codes-service';
import { countAttempt } from './login-throttle';
import { hashPassword } from './password-hashing';
import { startSession, type ClientInfo } from './sessions';

/** Wrong codes allowed per address (a school's parents may share one) and per account in the throttle window. */
const MAX_CODE_FAILURES_PER_ADDRESS = 10;
const MAX_CODE_FAILURES_PER_ACCOUNT = 5;

function codeRefused(message: string): AppError {
  return new AppError(400, 'validation', message, [{ field: 'code', label: 'Код активации', message }]);
}

/** Refuses while a key is locked out; afterwards the caller counts a failed attempt with `countFailure`. */
async function assertNotLocked(db: Db, keys: readonly string[], now: Date): Promise<void> {
  for (const key of keys) {
    const row = await findThrottle(db, key);
    if (row?.locked_until && Date.parse(row.locked_until) > now.getTime()) {
      const minutes = Math.max(1, Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 60_000));
      throw new AppError(429, 'throttled', `Слишком много неверных кодов. Повторите через ${minutes} мин. или обратитесь к классному руководителю.`);
    }
  }
}

async function countFailure(trx: Db, keys: ReadonlyArray<readonly [string, number]>, now: Date, client: ClientInfo, detail: string): Promise<void> {
  const policy = await throttlePolicy(trx);
  for (const [key, limit] of keys) await saveThrottle(trx, countAttempt(await findThrottle(trx, key), key, limit, policy, now));
  await insertSecurityEvent(trx, { at: now.toISOString(), kind: 'activation-code-failed', userId: null, login: null, ip: client.ip, detail });
}

/**
 * The lock check, the code lookup and the count of a wrong code in one transaction: transactions run one after
 * another, so parallel guesses cannot all pass the check before any of them is counted.
 */
async function checkedCode(db: Db, typed: string, keys: ReadonlyArray<readonly [string, number]>, now: Date, client: ClientInfo, detail: string): Promise<StoredCodeRow> {
  const outcome = await db.transaction(async (trx) => {
    await assertNotLocked(trx, keys.map(([key]) => key), now);
    const found = await usableCode(trx, typed, now);
    if (!found.ok) await countFailure(trx, keys, now, client, detail);
    return found;
  });
  if (!outcome.ok) throw codeRefused(outcome.error);
  return outcome.row;
}

/** The code's row if it works now; otherwise the refusal (unknown, used, revoked, expired) in Russian. */
async function usableCode(db: Db, typed: string, now: Date): Promise<{ ok: true; row: StoredCodeRow } | { ok: false; error: string }> {
  const normalised = normaliseActivationCode(typed);
  if (!isWellFormedActivationCode(normalised)) return { ok: false, error: ACTIVATION_CODE_MESSAGES.unknown };
  const row = await findCodeByHash(db, activationCodeHash(normalised));
  if (!row) return { ok: false, error: ACTIVATION_CODE_MESSAGES.unknown };
  const state = activationCodeState({ expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at }, now);
  return state === 'active' ? { ok: true, row } : { ok: false, error: ACTIVATION_CODE_MESSAGES[state] };
}

/** Uses the code for `userId` and makes them the pupil's guardian (with the parent role), in the caller's transaction. */
async function redeem(trx: Db, codeId: number, studentId: number, user: { id: number; roles: readonly string[] }, now: Date): Promise<void> {
  if ((await useCode(trx, codeId, user.id, now.toISOString())) === 0) throw codeRefused(ACTIVATION_CODE_MESSAGES.used);
  if (!(await guardianshipExists(trx, user.id, studentId))) await insertGuardianship(trx, user.id, studentId, null);
  if (!user.roles.includes('parent')) await replaceRoles(trx, user.id, [...(user.roles as UserRecord['roles']), 'parent']);
  await recordAudit(trx, { actorUserId: user.id, action: 'activation-code.use', entity: 'student', entityId: studentId, newValue: { guardianUserId: user.id, codeId } });
}

export async function registerParent(db: Db, body: z.infer<typeof registerBodySchema>, client: ClientInfo): Promise<{ token: string; me: Me }> {
  const now = new Date();
  const addressKey = `activation:address:${client.ip ?? 'unknown'}`;
  const code = await checkedCode(db, body.code, [[addressKey, MAX_CODE_FAILURES_PER_ADDRESS]], now, client, 'registration');
  const problem = passwordProblem(body.password, body.login);
  if (problem) throw invalid('password', 'Пароль', problem);
  if (await loginExists(db, body.login)) throw conflict(`Логин «${body.login}» уже занят: выберите другой`);
  const passwordHash = await hashPassword(body.password);
  return db.transaction(async (trx) => {
    if (await loginExists(trx, body.login)) throw conflict(`Логин «${body.login}» уже занят: выберите другой`);
    const userId = await insertUser(
      trx,
      { login: body.login, lastName: body.lastName, firstName: body.firstName, middleName: body.middleName, passwordHash, mustChangePassword: false, now: now.toISOString() },
      ['parent'],
    );
    if (body.phone !== undefined || body.email !== undefined) await setContacts(trx, userId, body.phone ?? null, body.email ?? null);
    await recordAudit(trx, { actorUserId: userId, action: 'user.register', entity: 'user', entityId: userId, newValue: { login: body.login, roles: ['parent'] } });
    await redeem(trx, code.id, code.student_id, { id: userId, roles: ['parent'] }, now);
    await clearThrottle(trx, addressKey);
    const token = await startSession(trx, userId, client, now);
    return { token, me: await meOf(trx, (await findUserById(trx, userId))!) };
  });
}

export async function linkChild(db: Db, user: UserRecord, code: string, client: ClientInfo) {
  // The slip goes home in the pupil's bag: a pupil's account must not make itself its own parent.
  if (user.roles.includes('student')) throw new AppError(403, 'forbidden', 'Код активации вводит родитель (законный представитель) со своей учётной записью');
  const now = new Date();
  const keys: Array<readonly [string, number]> = [
    [`activation:address:${client.ip ?? 'unknown'}`, MAX_CODE_FAILURES_PER_ADDRESS],
    [`activation:account:${user.id}`, MAX_CODE_FAILURES_PER_ACCOUNT],
  ];
  const found = await checkedCode(db, code, keys, now, client, `link-child by user ${user.id}`);
  await db.transaction((trx) => redeem(trx, found.id, found.student_id, user, now));
  const child = (await findStudent(db, found.student_id, localDate(now)))!;
  return {
    child: {
      id: child.id,
      lastName: child.last_name,
      firstName: child.first_name,
      middleName: child.middle_name,
      className: child.class_level === null ? null : `${child.class_level}${child.class_letter}`,
    },
  };
}
