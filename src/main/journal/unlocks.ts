// Locks and unlocks (DOMAIN.md, Marks: editing window). Entries older than the editing window, and anything in
// a closed period, change only after a deputy's or administrator's unlock of a journal for dates, with a reason
// and a limited time; closing and reopening a period is theirs too. All of it is audited.

import type { z } from 'zod';
import type { periodClosureResultSchema, unlockSchema } from '../../shared/api/journal-schemas';
import { recordAudit } from '../audit/audit-service';
import { invalid, notFound } from '../common/app-error';
import { nowIso, type Db } from '../db/connection';
import { deleteClosure, findPeriod, insertClosure, insertUnlock, userNames, type JournalKey } from '../db/repositories/journal-repo';

export async function unlockJournal(
  db: Db,
  key: JournalKey,
  actorUserId: number,
  now: Date,
  body: { fromDate: string; toDate: string; reason: string; hours: number },
): Promise<z.infer<typeof unlockSchema>> {
  if (body.fromDate > body.toDate) throw invalid('fromDate', 'С даты', 'начало позже конца');
  const grantedAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + body.hours * 3_600_000).toISOString();
  const id = await db.transaction(async (trx) => {
    const unlockId = await insertUnlock(trx, key, {
      from_date: body.fromDate,
      to_date: body.toDate,
      reason: body.reason,
      granted_by_user_id: actorUserId,
      granted_at: grantedAt,
      expires_at: expiresAt,
    });
    await recordAudit(trx, {
      actorUserId,
      action: 'journal.unlock',
      entity: 'journal_unlock',
      entityId: unlockId,
      newValue: { ...key, fromDate: body.fromDate, toDate: body.toDate, expiresAt },
      reason: body.reason,
    });
    return unlockId;
  });
  const names = await userNames(db, [actorUserId]);
  return { id, fromDate: body.fromDate, toDate: body.toDate, reason: body.reason, grantedBy: names.get(actorUserId) ?? '', expiresAt };
}

export async function setPeriodClosed(db: Db, periodId: number, actorUserId: number, isClosed: boolean): Promise<z.infer<typeof periodClosureResultSchema>> {
  const period = await findPeriod(db, periodId);
  if (!period) throw notFound('Учебный период');
  if (Boolean(period.is_closed) === isClosed) return { periodId, isClosed };
  await db.transaction(async (trx) => {
    if (isClosed) await insertClosure(trx, periodId, actorUserId, nowIso());
    else await deleteClosure(trx, periodId);
    await recordAudit(trx, {
      actorUserId,
      action: isClosed ? 'period.close' : 'period.reopen',
      entity: 'study_period',
      entityId: periodId,
      newValue: { name: period.name, scheme: period.scheme, isClosed },
    });
  });
  return { periodId, isClosed };
}
