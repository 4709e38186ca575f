// The class teacher's side of attendance (3.3): the class's absences across subjects, and the reason of each
// Н (Б ill, УП valid, НП no valid reason). Only the reason category is stored, never a diagnosis (152-ФЗ).

import type { z } from 'zod';
import type { classAbsenceSchema } from '../../shared/api/journal-schemas';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, invalid, notFound } from '../common/app-error';
import { localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { hasUnlock, loadJournalContext, periodOfDate } from './journal-context';
import { absencesOfClass, findAbsenceOfClass, updateAttendance, type ClassAbsenceRow, type JournalKey } from '../db/repositories/journal-repo';

type ClassAbsence = z.infer<typeof classAbsenceSchema>;

function toView(row: ClassAbsenceRow): ClassAbsence {
  return {
    lessonId: row.lesson_id,
    date: row.date,
    lessonNumber: row.lesson_number,
    subjectName: row.subject_name,
    studentId: row.student_id,
    studentName: `${row.last_name} ${row.first_name}`,
    code: row.code,
    version: row.version,
  };
}

export async function classAbsences(db: Db, classId: number, from: string, to: string): Promise<ClassAbsence[]> {
  if (from > to) throw invalid('from', 'С даты', 'начало позже конца');
  return (await absencesOfClass(db, classId, from, to)).map(toView);
}

export async function setAbsenceReason(
  db: Db,
  classId: number,
  actorUserId: number,
  now: Date,
  body: { lessonId: number; studentId: number; code: 'Н' | 'Б' | 'УП' | 'НП'; version: number },
): Promise<{ absence: ClassAbsence; journal: JournalKey }> {
  return db.transaction(async (trx) => {
    const row = await findAbsenceOfClass(trx, classId, body.lessonId, body.studentId);
    if (!row) throw notFound('Пропуск урока');
    if (row.code === 'ОП') throw new AppError(400, 'validation', 'Опоздание — не пропуск: причина для него не указывается', [{ field: 'code', label: 'Причина пропуска', message: 'Опоздание' }]);
    if (row.version !== body.version) throw conflict(`Запись о пропуске уже изменена (сейчас «${row.code}»). Страница обновлена.`);
    // A closed period is locked for reasons too (DOMAIN.md: «anything in a closed period»), unless unlocked.
    const ctx = await loadJournalContext(trx, { classId: row.class_id, subjectId: row.subject_id, groupKey: row.group_key }, now, localDate(now));
    const period = periodOfDate(ctx, row.date);
    if (period?.is_closed && !hasUnlock(ctx, row.date)) {
      throw new AppError(400, 'validation', `Период «${period.name}» закрыт: нужна разблокировка заместителя директора с указанием причины`, [{ field: 'code', label: 'Причина пропуска', message: 'Период закрыт' }]);
    }
    const journal: JournalKey = { classId: row.class_id, subjectId: row.subject_id, groupKey: row.group_key };
    if (row.code === body.code) return { absence: toView(row), journal };
    const at = now.toISOString();
    await updateAttendance(trx, row.id, { code: body.code, reason_by_user_id: body.code === 'Н' ? null : actorUserId, reason_at: body.code === 'Н' ? null : at });
    await recordAudit(trx, {
      actorUserId,
      action: 'attendance.reason',
      entity: 'attendance',
      entityId: `${row.lesson_id}:${row.student_id}`,
      oldValue: { code: row.code },
      newValue: { code: body.code, studentId: row.student_id, date: row.date, lessonNumber: row.lesson_number },
    });
    return { absence: toView((await findAbsenceOfClass(trx, classId, body.lessonId, body.studentId))!), journal };
  });
}
