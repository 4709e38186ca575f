// Session tokens: random, sent only as an httpOnly SameSite=Strict cookie, stored hashed.

import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connection';
import { deleteSession, findSession, insertSession, touchSession } from '../db/repositories/sessions-repo';
import type { SessionPolicy } from '../settings/school-settings';

export const SESSION_COOKIE = 'journal_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export async function startSession(db: Db, userId: number, client: ClientInfo, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, {
    id: hashToken(token),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export type SessionLookup =
  | { status: 'valid'; sessionId: string; userId: number }
  | { status: 'expired' }
  | { status: 'unknown' };

/** Whether a session created at `createdAt` and last seen at `lastSeenAt` is still alive at `now`. */
export function isSessionAlive(createdAt: string, lastSeenAt: string, policy: SessionPolicy, now: Date): boolean {
  const t = now.getTime();
  return (
    Date.parse(createdAt) + policy.absoluteHours * 3_600_000 > t && Date.parse(lastSeenAt) + policy.idleMinutes * 60_000 > t
  );
}

const TOUCH_EVERY_MS = 30_000;

export async function lookupSession(db: Db, token: string, policy: SessionPolicy, now: Date): Promise<SessionLookup> {
  const id = hashToken(token);
  const row = await findSession(db, id);
  if (!row) return { status: 'unknown' };
  if (!isSessionAlive(row.created_at, row.last_seen_at, policy, now)) {
    await deleteSession(db, id);
    return { status: 'expired' };
  }
  // Writing on every request would turn each read into a write; a coarse clock is enough for idle expiry.
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) await touchSession(db, id, now.toISOString());
  return { status: 'valid', sessionId: id, userId: row.user_id };
}
