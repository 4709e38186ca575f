// Login throttling per account and per network address. An attempt is counted *before*
// the password is checked, so a burst of parallel guesses cannot slip past the limit.

import { AppError } from '../common/app-error';
import type { Db } from '../db/connection';
import { clearThrottle, findThrottle, saveThrottle, type ThrottleRow } from '../db/repositories/sessions-repo';
import type { ThrottlePolicy } from '../settings/school-settings';

const MINUTE = 60_000;

export function throttleKeys(login: string, ip: string | null): { account: string; address: string } {
  return { account: `account:${login}`, address: `address:${ip ?? 'unknown'}` };
}

function minutesLeft(lockedUntil: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / MINUTE));
}

/** Next state of one counter after a counted attempt (pure, for testing). */
export function countAttempt(row: ThrottleRow | undefined, key: string, limit: number, policy: ThrottlePolicy, now: Date): ThrottleRow {
  const windowExpired = !row || Date.parse(row.window_started_at) + policy.windowMinutes * MINUTE <= now.getTime();
  const failures = windowExpired ? 1 : row.failures + 1;
  return {
    key,
    failures,
    window_started_at: windowExpired ? now.toISOString() : row.window_started_at,
    locked_until: failures >= limit ? new Date(now.getTime() + policy.lockMinutes * MINUTE).toISOString() : null,
  };
}

/** Throws 429 while locked; otherwise counts this attempt against both keys. Run inside a transaction. */
export async function countLoginAttempt(trx: Db, login: string, ip: string | null, policy: ThrottlePolicy, now: Date): Promise<void> {
  const keys = throttleKeys(login, ip);
  const limits = { account: policy.maxFailuresPerAccount, address: policy.maxFailuresPerAddress };
  for (const kind of ['account', 'address'] as const) {
    const row = await findThrottle(trx, keys[kind]);
    if (row?.locked_until && Date.parse(row.locked_until) > now.getTime()) {
      throw new AppError(
        429,
        'throttled',
        `Слишком много неудачных попыток входа. Повторите через ${minutesLeft(row.locked_until, now)} мин. или обратитесь к администратору.`,
      );
    }
  }
  for (const kind of ['account', 'address'] as const) {
    const row = await findThrottle(trx, keys[kind]);
    await saveThrottle(trx, countAttempt(row, keys[kind], limits[kind], policy, now));
  }
}

/** A successful login forgives the account's failures and takes back this attempt from the address. */
export async function forgiveLoginAttempt(trx: Db, login: string, ip: string | null): Promise<void> {
  const keys = throttleKeys(login, ip);
  await clearThrottle(trx, keys.account);
  const address = await findThrottle(trx, keys.address);
  if (address && address.failures > 0 && !address.locked_until) {
    await saveThrottle(trx, { ...address, failures: address.failures - 1 });
  }
}
