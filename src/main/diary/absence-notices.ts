// Planned-absence notices (3.7): a parent reports that the child will miss days or lessons, with a reason
// category; the class teacher is notified, the child's lessons show the notice to the teachers, and the class
// teacher confirms it into attendance reasons (illness -> Б, any other category -> УП) or rejects it.

import type { z } from 'zod';
import type { absenceNoticeSchema, NOTICE_REASONS } from '../../shared/api/diary-schemas';
import { addDays, formatDateRu } from '../../shared/domain/calendar';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, invalid, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { updateAttendance } from '../db/repositories/journal-repo';
import {
  attendanceOfStudentInClass,
  classOfStudentOn,
  findNotice,
  insertNotice,
  noticesOfStudents,
  updateNoticeIfVersion,
  type NoticeRow,
} from '../db/repositories/notice-repo';
import { findStudent } from '../db/repositories/structure-repo';
import type { Notifier } from './notifications';

type Notice = z.infer<typeof absenceNoticeSchema>;
type ReasonCategory = (typeof NOTICE_REASONS)[number];

/** How far back a parent may still report (an illness is often reported the next day). */
const MAX_DAYS_BACK = 7;
const MAX_DAYS_LONG = 60;

export function reasonCodeOf(category: string): 'Б' | 'УП' {
  return category === 'illness' ? 'Б' : 'УП';
}

function toView(row: NoticeRow): Notice {
  return {
    id: row.id,
    studentId: row.student_id,
    fromDate: row.from_date,
    toDate: row.to_date,
    lessonNumbers: row.lesson_numbers ? (JSON.parse(row.lesson_numbers) as number[]) : null,
    reasonCategory: row.reason_category as ReasonCategory,
    comment: row.comment,
    status: row.status as Notice['status'],
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    version: row.version,
  };
}

/** Whether a notice covers a lesson of its pupil. */
export function covers(row: Pick<NoticeRow, 'from_date' | 'to_date' | 'lesson_numbers'>, date: string, lessonNumber: number): boolean {
  if (date < row.from_date || date > row.to_date) return false;
  return row.lesson_numbers === null || (JSON.parse(row.lesson_numbers) as number[]).includes(lessonNumber);
}

export async function createNotice(
  db: Db,
  notifier: Notifier,
  parentUserId: number,
  studentId: number,
  today: string,
  body: { fromDate: string; toDate: string; lessonNumbers?: number[] | null | undefined; reasonCategory: ReasonCategory; comment?: string | null | undefined },
): Promise<Notice> {
  if (body.fromDate > body.toDate) throw invalid('toDate', 'По дату', 'раньше начала');
  if (body.fromDate < addDays(today, -MAX_DAYS_BACK)) throw invalid('fromDate', 'С даты', `сообщить о пропуске можно не позже чем через ${MAX_DAYS_BACK} дней`);
  if (body.toDate > addDays(body.fromDate, MAX_DAYS_LONG)) throw invalid('toDate', 'По дату', `не больше ${MAX_DAYS_LONG} дней за одно сообщение`);
  const lessonNumbers = body.lessonNumbers && body.lessonNumbers.length > 0 ? [...new Set(body.lessonNumbers)].sort((a, b) => a - b) : null;
  const enrolment = await classOfStudentOn(db, studentId, body.fromDate) ?? (await classOfStudentOn(db, studentId, today));
  if (!enrolment) throw new AppError(400, 'validation', 'Ребёнок не числится ни в одном классе на эти даты');
  const student = (await findStudent(db, studentId, today))!;
  return db.transaction(async (trx) => {
    const id = await insertNotice(trx, {
      student_id: studentId,
      from_date: body.fromDate,
      to_date: body.toDate,
      lesson_numbers: lessonNumbers ? JSON.stringify(lessonNumbers) : null,
      reason_category: body.reasonCategory,
      comment: body.comment ?? null,
      created_by_user_id: parentUserId,
      created_at: new Date().toISOString(),
    });
    await recordAudit(trx, { actorUserId: parentUserId, action: 'absence-notice.create', entity: 'absence_notice', entityId: id, newValue: { studentId, ...body, lessonNumbers } });
    if (enrolment.class_teacher_user_id !== null) {
      const when = body.fromDate === body.toDate ? formatDateRu(body.fromDate) : `${formatDateRu(body.fromDate)} – ${formatDateRu(body.toDate)}`;
      await notifier.notify(trx, [
        {
          userId: enrolment.class_teacher_user_id,
          kind: 'notice',
          title: `Родитель сообщил о пропуске: ${student.last_name} ${student.first_name}, ${when}`,
          body: body.comment ?? null,
          link: `/classes/${enrolment.class_id}/parents`,
          studentId,
          dedupKey: `notice:${id}`,
        },
      ]);
    }
    return toView((await findNotice(trx, id))!);
  });
}

export async function noticesOf(db: Db, studentIds: readonly number[], from: string, to: string): Promise<Notice[]> {
  return (await noticesOfStudents(db, studentIds, from, to)).map(toView);
}

export async function cancelNotice(db: Db, parentUserId: number, studentId: number, noticeId: number, version: number): Promise<Notice> {
  return db.transaction(async (trx) => {
    const row = await findNotice(trx, noticeId);
    if (!row || row.student_id !== studentId) throw notFound('Сообщение о пропуске');
    if (row.status !== 'pending') throw conflict('Классный руководитель уже рассмотрел это сообщение: отменить его нельзя');
    if (!(await updateNoticeIfVersion(trx, noticeId, version, { status: 'cancelled' }))) throw conflict('Сообщение уже изменено. Обновите страницу.');
    await recordAudit(trx, { actorUserId: parentUserId, action: 'absence-notice.cancel', entity: 'absence_notice', entityId: noticeId, oldValue: { status: row.status } });
    return toView((await findNotice(trx, noticeId))!);
  });
}

/**
 * The class teacher's decision. Confirming turns the pupil's Н on the covered lessons already recorded into the
 * reason (Б or УП); lessons marked later get the reason when the teacher marks them (journal-edits.ts).
 */
export async function decideNotice(
  db: Db,
  classTeacherUserId: number,
  classId: number,
  noticeId: number,
  body: { decision: 'confirmed' | 'rejected'; comment?: string | null | undefined; version: number },
  now: Date,
): Promise<{ notice: Notice; reasonsSet: number }> {
  return db.transaction(async (trx) => {
    const row = await findNotice(trx, noticeId);
    const enrolment = row ? await classOfStudentOn(trx, row.student_id, row.from_date) : undefined;
    if (!row || !enrolment || enrolment.class_id !== classId) throw notFound('Сообщение о пропуске');
    if (row.status === 'cancelled') throw conflict('Родитель отменил это сообщение');
    if (!(await updateNoticeIfVersion(trx, noticeId, body.version, { status: body.decision, decided_by_user_id: classTeacherUserId, decided_at: now.toISOString(), decision_comment: body.comment ?? null }))) {
      throw conflict('Сообщение уже изменено. Обновите страницу.');
    }
    let reasonsSet = 0;
    if (body.decision === 'confirmed') {
      const code = reasonCodeOf(row.reason_category);
      for (const a of await attendanceOfStudentInClass(trx, row.student_id, classId, row.from_date, row.to_date)) {
        if (a.code !== 'Н' || !covers(row, a.date, a.lesson_number)) continue;
        await updateAttendance(trx, a.id, { code, reason_by_user_id: classTeacherUserId, reason_at: now.toISOString() });
        await recordAudit(trx, {
          actorUserId: classTeacherUserId,
          action: 'attendance.reason',
          entity: 'attendance',
          entityId: `${a.lesson_id}:${row.student_id}`,
          oldValue: { code: a.code },
          newValue: { code, noticeId },
        });
        reasonsSet += 1;
      }
    }
    await recordAudit(trx, { actorUserId: classTeacherUserId, action: `absence-notice.${body.decision === 'confirmed' ? 'confirm' : 'reject'}`, entity: 'absence_notice', entityId: noticeId, oldValue: { status: row.status }, newValue: { status: body.decision, reasonsSet } });
    return { notice: toView((await findNotice(trx, noticeId))!), reasonsSet };
  });
}
