// SQL for login sessions and the login throttle.

import type { Db } from '../connection';

export interface SessionRow {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db('sessions').insert(row);
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return (await db('sessions').where({ id }).first()) as SessionRow | undefined;
}

export async function touchSession(db: Db, id: string, now: string): Promise<void> {
  await db('sessions').where({ id }).update({ last_seen_at: now });
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db('sessions').where({ id }).delete();
}

export async function deleteSessionsOfUser(db: Db, userId: number, exceptId?: string): Promise<void> {
  const q = db('sessions').where({ user_id: userId });
  if (exceptId) q.whereNot({ id: exceptId });
  await q.delete();
}

export async function deleteSessionsOlderThan(db: Db, createdBefore: string, seenBefore: string): Promise<number> {
  return db('sessions').where('created_at', '<', createdBefore).orWhere('last_seen_at', '<', seenBefore).delete();
}

export interface ThrottleRow {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export async function findThrottle(db: Db, key: string): Promise<ThrottleRow | undefined> {
  return (await db('login_throttle').where({ key }).first()) as ThrottleRow | undefined;
}

export async function saveThrottle(db: Db, row: ThrottleRow): Promise<void> {
  await db('login_throttle').insert(row).onConflict('key').merge();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db('login_throttle').where({ key }).delete();
}

export interface SecurityEvent {
  at: string;
  kind: 'login-failed' | 'login-throttled' | 'login-blocked-account' | 'access-denied' | 'login-succeeded' | 'personal-data-read' | 'activation-code-failed';
  userId: number | null;
  login: string | null;
  ip: string | null;
  detail: string | null;
}

export async function insertSecurityEvent(db: Db, e: SecurityEvent): Promise<void> {
  await db('security_events').insert({
    at: e.at,
    kind: e.kind,
    user_id: e.userId,
    login: e.login,
    ip: e.ip,
    detail: e.detail?.slice(0, 500) ?? null,
  });
}

export async function deleteSecurityEventsBefore(db: Db, before: string): Promise<number> {
  return db('security_events').where('at', '<', before).delete();
}
