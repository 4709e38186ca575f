// School settings with their defaults. The regulation fixes some numbers; where it is
// silent, these are common practice and the school may change them.

import { readSetting, writeSetting } from '../db/repositories/school-repo';
import type { Db } from '../db/connection';

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMinutes: number;
  /** Signed out this long after login whatever happens. */
  absoluteHours: number;
}

export interface ThrottlePolicy {
  windowMinutes: number;
  lockMinutes: number;
  maxFailuresPerAccount: number;
  /** Generous: a computer class signs in from behind one address. */
  maxFailuresPerAddress: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 60, absoluteHours: 12 };
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMinutes: 15,
  lockMinutes: 15,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 50,
};

async function merged<T extends object>(db: Db, key: string, defaults: T): Promise<T> {
  const stored = await readSetting(db, key);
  return stored && typeof stored === 'object' ? { ...defaults, ...(stored as Partial<T>) } : defaults;
}

export const sessionPolicy = (db: Db) => merged(db, 'accounts.session', DEFAULT_SESSION_POLICY);
export const throttlePolicy = (db: Db) => merged(db, 'accounts.throttle', DEFAULT_THROTTLE_POLICY);

export async function isLanEnabled(db: Db): Promise<boolean> {
  return (await readSetting(db, 'network.lanEnabled')) === true;
}

export interface DiaryPolicy {
  /** A parent who has not pressed «Ознакомлен» for longer than this is overdue (3.7: 14 days). */
  acknowledgeDays: number;
}

export const DEFAULT_DIARY_POLICY: DiaryPolicy = { acknowledgeDays: 14 };
export const diaryPolicy = (db: Db) => merged(db, 'diary.policy', DEFAULT_DIARY_POLICY);

/** Saves the diary policy (audited by the caller's transaction). */
export async function saveDiaryPolicy(trx: Db, policy: DiaryPolicy): Promise<void> {
  await writeSetting(trx, 'diary.policy', policy, new Date().toISOString());
}
