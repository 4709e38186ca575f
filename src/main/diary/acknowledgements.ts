// «Ознакомлен» (3.7): a parent acknowledges the child's diary; the class teacher sees, per parent, the last
// acknowledgement and who is overdue (more than `acknowledgeDays`, 14 by default), and can remind them.

import type { z } from 'zod';
import type { classAcknowledgementsSchema } from '../../shared/api/diary-schemas';
import { recordAudit } from '../audit/audit-service';
import type { Db } from '../db/connection';
import { acknowledgementsOfClass, insertAcknowledgement } from '../db/repositories/notice-repo';
import { diaryPolicy } from '../settings/school-settings';
import type { Notifier } from './notifications';

const DAY_MS = 86_400_000;

export async function acknowledgeDiary(db: Db, guardianUserId: number, studentId: number, now: Date): Promise<{ acknowledgedAt: string }> {
  const at = now.toISOString();
  await db.transaction(async (trx) => {
    await insertAcknowledgement(trx, guardianUserId, studentId, at);
    await recordAudit(trx, { actorUserId: guardianUserId, action: 'diary.acknowledge', entity: 'student', entityId: studentId, newValue: { at } });
  });
  return { acknowledgedAt: at };
}

export async function classAcknowledgements(db: Db, classId: number, today: string, now: Date): Promise<z.infer<typeof classAcknowledgementsSchema>> {
  const { acknowledgeDays } = await diaryPolicy(db);
  const rows = await acknowledgementsOfClass(db, classId, today);
  return {
    overdueDays: acknowledgeDays,
    rows: rows.map((r) => {
      const daysSince = r.last_at === null ? null : Math.floor((now.getTime() - Date.parse(r.last_at)) / DAY_MS);
      return {
        studentId: r.student_id,
        studentName: `${r.student_last_name} ${r.student_first_name}`,
        guardianUserId: r.guardian_user_id,
        guardianName: [r.guardian_last_name, r.guardian_first_name, r.guardian_middle_name].filter(Boolean).join(' '),
        hasAccount: r.has_account !== null,
        lastAcknowledgedAt: r.last_at,
        daysSince,
        isOverdue: daysSince === null || daysSince > acknowledgeDays,
      };
    }),
  };
}

/** Reminds the overdue parents of the class (or the chosen ones among them) through their notification feed. */
export async function remindOverdue(
  db: Db,
  notifier: Notifier,
  classTeacherUserId: number,
  classId: number,
  today: string,
  now: Date,
  guardianUserIds: readonly number[] | undefined,
): Promise<{ reminded: number }> {
  const { rows, overdueDays } = await classAcknowledgements(db, classId, today, now);
  const targets = rows.filter((r) => r.isOverdue && r.hasAccount && (guardianUserIds === undefined || guardianUserIds.includes(r.guardianUserId)));
  await db.transaction(async (trx) => {
    await notifier.notify(
      trx,
      targets.map((r) => ({
        userId: r.guardianUserId,
        kind: 'acknowledge-reminder',
        title: `Классный руководитель просит ознакомиться с дневником: ${r.studentName}`,
        body: `Отметка «Ознакомлен» не ставилась больше ${overdueDays} дней.`,
        link: `/diary/${r.studentId}`,
        studentId: r.studentId,
        dedupKey: `remind:${r.studentId}:${today}`,
      })),
    );
    await recordAudit(trx, { actorUserId: classTeacherUserId, action: 'diary.remind', entity: 'class', entityId: classId, newValue: { guardians: targets.map((r) => r.guardianUserId) } });
  });
  return { reminded: targets.length };
}
