// How a lesson, a mark and an attendance entry are shown to the API: one shape for the page and for the
// replies of edits, so the UI can put a reply straight into the page it holds.

import type { z } from 'zod';
import type { attendanceSchema, journalLessonSchema, markSchema } from '../../shared/api/journal-schemas';
import type { Db } from '../db/connection';
import {
  attachmentsOfLessons,
  columnsOfLessons,
  userNames,
  type AttendanceRow,
  type ColumnRow,
  type LessonRow,
  type MarkRow,
  type AttachmentRow,
} from '../db/repositories/journal-repo';
import { defaultWorkType, lockReasonOf, type JournalContext } from './journal-context';

export type LessonView = z.infer<typeof journalLessonSchema>;

export interface LessonBase {
  date: string;
  lessonNumber: number;
  teacherUserId: number | null;
  isSubstitute: boolean;
}

export function markView(row: MarkRow): z.infer<typeof markSchema> {
  return {
    id: row.id,
    columnId: row.column_id,
    studentId: row.student_id,
    value: row.value,
    comment: row.comment,
    isLate: Boolean(row.is_late),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export function attendanceView(row: AttendanceRow): z.infer<typeof attendanceSchema> {
  return { lessonId: row.lesson_id, studentId: row.student_id, code: row.code, version: row.version };
}

export function lessonView(
  ctx: JournalContext,
  base: LessonBase,
  row: LessonRow | undefined,
  columns: readonly ColumnRow[],
  attachments: readonly AttachmentRow[],
  extras: { planTopic: string | null; assessment: string | null; teacherName: string | null },
): LessonView {
  const lockReason = lockReasonOf(ctx, base.date);
  const fallback = defaultWorkType(ctx);
  return {
    date: base.date,
    lessonNumber: base.lessonNumber,
    lessonId: row?.id ?? null,
    teacherName: extras.teacherName,
    isSubstitute: base.isSubstitute,
    topic: row?.topic ?? null,
    planTopic: extras.planTopic,
    homework: row?.homework ?? null,
    version: row?.version ?? 0,
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, size: a.size })),
    columns:
      columns.length > 0
        ? columns.map((c) => ({ id: c.id, position: c.position, workTypeId: c.work_type_id, weight: c.weight }))
        : [{ id: null, position: 1, workTypeId: fallback.id, weight: fallback.default_weight }],
    isEditable: lockReason === null,
    lockReason,
    assessment: extras.assessment,
  };
}

/** One recorded lesson as the API shows it, for the replies of edits (its plan topic is already stored). */
export async function recordedLessonView(db: Db, ctx: JournalContext, row: LessonRow): Promise<LessonView> {
  const [columns, attachments, names] = await Promise.all([
    columnsOfLessons(db, [row.id]),
    attachmentsOfLessons(db, [row.id]),
    userNames(db, row.teacher_user_id === null ? [] : [row.teacher_user_id]),
  ]);
  return lessonView(
    ctx,
    { date: row.date, lessonNumber: row.lesson_number, teacherUserId: row.teacher_user_id, isSubstitute: false },
    row,
    columns,
    attachments,
    { planTopic: null, assessment: null, teacherName: row.teacher_user_id === null ? null : (names.get(row.teacher_user_id) ?? null) },
  );
}
