// Keeps the account tables from growing without bound: expired sessions go at once,
// security events after a retention period (long enough to investigate an incident).

import type { Db } from '../db/connection';
import { deleteSecurityEventsBefore, deleteSessionsOlderThan } from '../db/repositories/sessions-repo';
import { sessionPolicy } from '../settings/school-settings';

export const SECURITY_EVENT_RETENTION_DAYS = 400;

export async function purgeExpiredAccountData(db: Db, now: Date = new Date()): Promise<{ sessions: number; securityEvents: number }> {
  const policy = await sessionPolicy(db);
  const sessions = await deleteSessionsOlderThan(
    db,
    new Date(now.getTime() - policy.absoluteHours * 3_600_000).toISOString(),
    new Date(now.getTime() - policy.idleMinutes * 60_000).toISOString(),
  );
  const securityEvents = await deleteSecurityEventsBefore(db, new Date(now.getTime() - SECURITY_EVENT_RETENTION_DAYS * 86_400_000).toISOString());
  return { sessions, securityEvents };
}
