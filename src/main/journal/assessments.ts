// График контрольных работ (issue 4, item 5): planned assessments per class and date. More than one in a class
// on one day is allowed but warned about, since the sanitary rules and the school's own regulation limit it.

import type { z } from 'zod';
import type { assessmentSchema } from '../../shared/api/journal-schemas';
import { formatDateRu } from '../../shared/domain/calendar';
import { recordAudit } from '../audit/audit-service';
import { invalid, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { assessmentsOfClass, deleteAssessment, findAssessment, insertAssessment, type AssessmentRow } from '../db/repositories/journal-repo';
import { workTypeOf, type JournalContext } from './journal-context';

type Assessment = z.infer<typeof assessmentSchema>;

function toView(row: AssessmentRow): Assessment {
  return {
    id: row.id,
    classId: row.class_id,
    subjectId: row.subject_id,
    subjectName: row.subject_name,
    groupKey: row.group_key,
    date: row.date,
    workTypeId: row.work_type_id,
    workTypeName: row.work_type_name,
    title: row.title,
  };
}

export async function classAssessments(db: Db, classId: number, from: string, to: string): Promise<Assessment[]> {
  if (from > to) throw invalid('from', 'С даты', 'начало позже конца');
  return (await assessmentsOfClass(db, classId, from, to)).map(toView);
}

export async function addAssessment(
  db: Db,
  ctx: JournalContext,
  actorUserId: number,
  body: { date: string; workTypeId: number; title: string },
): Promise<{ assessment: Assessment; warnings: string[] }> {
  if (body.date < ctx.year.start_date || body.date > ctx.year.end_date) throw invalid('date', 'Дата', `вне ${ctx.year.name} учебного года`);
  const workType = workTypeOf(ctx, body.workTypeId);
  return db.transaction(async (trx) => {
    const id = await insertAssessment(trx, ctx.key, { date: body.date, work_type_id: workType.id, title: body.title, created_by_user_id: actorUserId, created_at: ctx.nowIso });
    await recordAudit(trx, { actorUserId, action: 'assessment.plan', entity: 'assessment_plan', entityId: id, newValue: { ...ctx.key, date: body.date, workTypeId: workType.id, title: body.title } });
    const sameDay = await assessmentsOfClass(trx, ctx.key.classId, body.date, body.date);
    const warnings =
      sameDay.length > 1
        ? [`В ${ctx.className} на ${formatDateRu(body.date)} уже ${sameDay.length} контрольные работы: ${sameDay.map((a) => a.subject_name).join(', ')}. Рекомендуется не более одной в день.`]
        : [];
    return { assessment: toView((await findAssessment(trx, id))!), warnings };
  });
}

export async function removeAssessment(db: Db, ctx: JournalContext, actorUserId: number, assessmentId: number): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await findAssessment(trx, assessmentId);
    if (!row || row.class_id !== ctx.key.classId || row.subject_id !== ctx.key.subjectId || row.group_key !== ctx.key.groupKey) throw notFound('Контрольная работа');
    await deleteAssessment(trx, assessmentId);
    await recordAudit(trx, { actorUserId, action: 'assessment.remove', entity: 'assessment_plan', entityId: assessmentId, oldValue: toView(row) });
  });
}
