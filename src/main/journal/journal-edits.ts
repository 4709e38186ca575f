// Writing the journal (issue 4, items 2 and 5): marks and attendance cell by cell, topic and homework, mark
// columns. Every rule of DOMAIN.md is checked here on the server, whatever the UI allowed; every change is
// audited with its old and new value in the same transaction; a cell changed by someone else since the editor
// loaded it (version) is refused with 409, so nothing is overwritten unknowingly.

import type { z } from 'zod';
import type { CellEdit, cellResultSchema } from '../../shared/api/journal-schemas';
import { formatDateRu } from '../../shared/domain/calendar';
import { checkMarkEntry, parseMarkInput } from '../../shared/domain/marks';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import {
  columnsOfLessons,
  deleteAttendance,
  deleteColumn,
  deleteMark,
  countMarksInColumn,
  enrolmentsOfClass,
  findAttendance,
  findColumn,
  findLesson,
  findLessonById,
  findMark,
  insertAttendance,
  insertColumn,
  insertLesson,
  insertMark,
  marksOfStudentOnLesson,
  membershipsOfGroup,
  touchLesson,
  updateAttendance,
  updateColumn,
  updateLessonIfVersion,
  updateMark,
  type ColumnRow,
  type LessonRow,
} from '../db/repositories/journal-repo';
import { defaultWorkType, derivedLessonsOf, lockReasonOf, periodOfDate, hasUnlock, workTypeOf, type JournalContext } from './journal-context';
import { covers, reasonCodeOf } from '../diary/absence-notices';
import type { Notifier } from '../diary/notifications';
import { familyOfStudents, guardianIdsOf, noticesOfStudents } from '../db/repositories/notice-repo';
import { attendanceView, markView, recordedLessonView, type LessonView } from './lesson-view';
import { lessonKeyOf, planTopicsUntil } from './plan-topics';

type CellResult = z.infer<typeof cellResultSchema>;

/** Codes that mean the pupil was not at the lesson (ОП, late, is not an absence). */
const ABSENCE_CODES = ['Н', 'Б', 'УП', 'НП'];
const REASON_CODES = ['Б', 'УП', 'НП'];

function lessonTitle(date: string, lessonNumber: number): string {
  return `${formatDateRu(date)}, ${lessonNumber}-й урок`;
}

function refused(where: string, message: string, field = 'value'): AppError {
  return new AppError(400, 'validation', `${where}: ${message}`, [{ field, label: where, message }]);
}

/**
 * The recorded lesson, written on first use. Only a lesson the timetable has on that date (with its
 * substitutions and extra lessons) can be recorded; its topic starts as the work program's topic for it.
 */
export async function ensureLesson(trx: Db, ctx: JournalContext, actorUserId: number, date: string, lessonNumber: number): Promise<LessonRow> {
  const existing = await findLesson(trx, ctx.key, date, lessonNumber);
  if (existing) return existing;
  const derived = (await derivedLessonsOf(trx, ctx, date, date)).find((l) => l.lessonNumber === lessonNumber);
  if (!derived) {
    throw new AppError(
      404,
      'not-found',
      `Урока «${ctx.subject.name}» ${lessonTitle(date, lessonNumber)} нет в расписании ${ctx.className}${ctx.group ? ` (${ctx.group.name})` : ''}`,
    );
  }
  const planTopic = (await planTopicsUntil(trx, ctx, date)).get(lessonKeyOf(date, lessonNumber)) ?? null;
  const id = await insertLesson(trx, {
    class_id: ctx.key.classId,
    subject_id: ctx.key.subjectId,
    group_key: ctx.key.groupKey,
    date,
    lesson_number: lessonNumber,
    teacher_user_id: derived.teacherUserId,
    topic: planTopic,
    topic_entered_at: planTopic === null ? null : ctx.nowIso,
    created_at: ctx.nowIso,
    updated_at: ctx.nowIso,
  });
  await recordAudit(trx, {
    actorUserId,
    action: 'lesson.record',
    entity: 'journal_lesson',
    entityId: id,
    newValue: { classId: ctx.key.classId, subjectId: ctx.key.subjectId, groupKey: ctx.key.groupKey, date, lessonNumber, topic: planTopic },
  });
  return (await findLessonById(trx, id))!;
}

/** Names of the pupils on the page on a date: enrolled in the class (and the group) that day. */
async function pupilsOn(trx: Db, ctx: JournalContext, date: string, cache: Map<string, Map<number, string>>): Promise<Map<number, string>> {
  const cached = cache.get(date);
  if (cached) return cached;
  const enrolled = await enrolmentsOfClass(trx, ctx.key.classId, date, date);
  const inGroup = ctx.group ? new Set((await membershipsOfGroup(trx, ctx.group.id, date, date)).map((m) => m.student_id)) : null;
  const names = new Map(enrolled.filter((e) => !inGroup || inGroup.has(e.id)).map((e) => [e.id, `${e.last_name} ${e.first_name}`]));
  cache.set(date, names);
  return names;
}

async function firstColumn(trx: Db, ctx: JournalContext, lesson: LessonRow): Promise<ColumnRow> {
  const columns = await columnsOfLessons(trx, [lesson.id]);
  if (columns[0]) return columns[0];
  const workType = defaultWorkType(ctx);
  const row = { lesson_id: lesson.id, position: 1, work_type_id: workType.id, weight: workType.default_weight };
  const id = await insertColumn(trx, row, ctx.nowIso);
  return { id, ...row };
}

function versionConflict(where: string, current: string | null): AppError {
  return conflict(
    `${where}: запись уже изменил другой пользователь (сейчас ${current === null ? 'пусто' : `«${current}»`}). ` +
      'Страница обновлена; проверьте значение и при необходимости введите его снова.',
  );
}

export interface EditRequest {
  ctx: JournalContext;
  actorUserId: number;
  /** Rapid response (section 2): an Н without a parent's notice alerts the class teacher and the parents. */
  notifier?: Notifier | undefined;
}

/** Applies cell edits in one transaction: all of them or, on the first refusal, none. */
export async function saveCells(db: Db, { ctx, actorUserId, notifier }: EditRequest, edits: readonly CellEdit[]): Promise<{ results: CellResult[]; lessons: LessonView[] }> {
  return db.transaction(async (trx) => {
    const pupils = new Map<string, Map<number, string>>();
    const touched = new Map<number, LessonRow>();
    const results: CellResult[] = [];
    const newMarks: NewMarkNotice[] = [];
    for (const edit of edits) {
      const lesson = await ensureLesson(trx, ctx, actorUserId, edit.date, edit.lessonNumber);
      touched.set(lesson.id, lesson);
      const names = await pupilsOn(trx, ctx, edit.date, pupils);
      const pupil = names.get(edit.studentId);
      if (pupil === undefined) {
        throw refused(
          lessonTitle(edit.date, edit.lessonNumber),
          `обучающийся №${edit.studentId} не числится ${ctx.group ? `в группе «${ctx.group.name}»` : `в ${ctx.className}`} на эту дату`,
          'studentId',
        );
      }
      const where = `${pupil}, ${lessonTitle(edit.date, edit.lessonNumber)}`;
      const result =
        edit.kind === 'mark'
          ? await saveMark(trx, ctx, actorUserId, lesson, edit, where)
          : await saveAttendance(trx, ctx, actorUserId, lesson, edit, where, { pupil, notifier });
      results.push(result);
      if (result.kind === 'mark' && result.mark && edit.kind === 'mark' && result.mark.version !== edit.version) {
        newMarks.push({ markId: result.mark.id, studentId: result.studentId, pupil, value: result.mark.value, date: lesson.date });
      }
    }
    if (notifier) await notifyMarks(trx, ctx, notifier, newMarks);
    for (const lesson of touched.values()) await touchLesson(trx, lesson.id, ctx.nowIso);
    const lessons: LessonView[] = [];
    for (const lesson of touched.values()) lessons.push(await recordedLessonView(trx, ctx, (await findLessonById(trx, lesson.id))!));
    return { results, lessons };
  });
}

async function saveMark(
  trx: Db,
  ctx: JournalContext,
  actorUserId: number,
  lesson: LessonRow,
  edit: Extract<CellEdit, { kind: 'mark' }>,
  where: string,
): Promise<CellResult> {
  let column: ColumnRow;
  if (edit.columnId === null) {
    column = await firstColumn(trx, ctx, lesson);
  } else {
    const found = await findColumn(trx, edit.columnId);
    if (!found || found.lesson_id !== lesson.id) throw notFound('Колонка отметок этого урока');
    column = found;
  }
  const existing = await findMark(trx, column.id, edit.studentId);
  if ((existing?.version ?? 0) !== edit.version) throw versionConflict(where, existing?.value ?? null);
  const base = { kind: 'mark' as const, date: lesson.date, lessonNumber: lesson.lesson_number, lessonId: lesson.id, columnId: column.id, studentId: edit.studentId };

  if (edit.value === null || edit.value === '') {
    if (!existing) return { ...base, mark: null };
    const lock = lockReasonOf(ctx, lesson.date);
    if (lock) throw refused(where, lock);
    await deleteMark(trx, existing.id);
    await recordAudit(trx, {
      actorUserId,
      action: 'mark.delete',
      entity: 'mark',
      entityId: existing.id,
      oldValue: { value: existing.value, comment: existing.comment, studentId: edit.studentId, date: lesson.date, lessonNumber: lesson.lesson_number, columnId: column.id },
    });
    return { ...base, mark: null };
  }

  const parsed = parseMarkInput(edit.value, ctx.settings);
  if (!parsed.ok) throw refused(where, parsed.message);
  const attendance = await findAttendance(trx, lesson.id, edit.studentId);
  const check = checkMarkEntry({
    value: parsed.value,
    lessonDate: lesson.date,
    today: ctx.today,
    isAbsent: attendance !== undefined && ABSENCE_CODES.includes(attendance.code),
    isMarkless: ctx.isMarkless,
    isWritten: Boolean(workTypeOf(ctx, column.work_type_id).is_written),
    editWindowDays: ctx.settings.editWindowDays,
    isPeriodClosed: Boolean(periodOfDate(ctx, lesson.date)?.is_closed),
    hasUnlock: hasUnlock(ctx, lesson.date),
  });
  if (!check.ok) throw refused(where, check.message);
  const value = parsed.value.kind === 'numeric' ? String(parsed.value.value) : parsed.value.code;
  const numeric = parsed.value.kind === 'numeric' ? parsed.value.value : null;
  const comment = edit.comment === undefined ? (existing?.comment ?? null) : edit.comment || null;
  if (existing && existing.value === value && existing.comment === comment) return { ...base, mark: markView(existing) };

  let markId: number;
  if (existing) {
    await updateMark(trx, existing.id, { value, numeric_value: numeric, comment, author_user_id: actorUserId, updated_at: ctx.nowIso, is_late: check.isLate ? 1 : 0 });
    markId = existing.id;
  } else {
    markId = await insertMark(trx, {
      column_id: column.id,
      student_id: edit.studentId,
      value,
      numeric_value: numeric,
      comment,
      author_user_id: actorUserId,
      created_at: ctx.nowIso,
      updated_at: ctx.nowIso,
      is_late: check.isLate ? 1 : 0,
    });
  }
  await recordAudit(trx, {
    actorUserId,
    action: existing ? 'mark.update' : 'mark.create',
    entity: 'mark',
    entityId: markId,
    oldValue: existing ? { value: existing.value, comment: existing.comment } : null,
    newValue: { value, comment, studentId: edit.studentId, date: lesson.date, lessonNumber: lesson.lesson_number, columnId: column.id, isLate: check.isLate },
  });
  return { ...base, mark: markView((await findMark(trx, column.id, edit.studentId))!) };
}

async function saveAttendance(
  trx: Db,
  ctx: JournalContext,
  actorUserId: number,
  lesson: LessonRow,
  edit: Extract<CellEdit, { kind: 'attendance' }>,
  where: string,
  alert: { pupil: string; notifier: Notifier | undefined },
): Promise<CellResult> {
  const existing = await findAttendance(trx, lesson.id, edit.studentId);
  if ((existing?.version ?? 0) !== edit.version) throw versionConflict(where, existing?.code ?? null);
  const base = { kind: 'attendance' as const, date: lesson.date, lessonNumber: lesson.lesson_number, lessonId: lesson.id, studentId: edit.studentId };
  // The class teacher's reason already explains this Н: the subject teacher marking Н again changes nothing.
  if (existing && edit.code === 'Н' && REASON_CODES.includes(existing.code)) return { ...base, attendance: attendanceView(existing) };
  if ((existing?.code ?? null) === edit.code) return { ...base, attendance: existing ? attendanceView(existing) : null };

  const lock = lockReasonOf(ctx, lesson.date);
  if (lock) throw refused(where, lock.replace('ставить отметку', 'отмечать посещаемость'), 'code');
  if (edit.code === 'Н') {
    const failing = (await marksOfStudentOnLesson(trx, lesson.id, edit.studentId)).find((m) => m.numeric_value !== null && m.numeric_value <= 2);
    if (failing) throw refused(where, `у обучающегося на этом уроке отметка «${failing.value}»: отсутствующему её не ставят; сначала исправьте отметку`, 'code');
  }

  // A parent's notice covering the lesson: a confirmed one gives the reason at once; any one means the school
  // already knows, so only an unannounced Н raises the alarm.
  let code: string | null = edit.code;
  let isUnannounced = false;
  if (edit.code === 'Н') {
    const notices = (await noticesOfStudents(trx, [edit.studentId], lesson.date, lesson.date)).filter((n) => covers(n, lesson.date, lesson.lesson_number));
    const confirmed = notices.find((n) => n.status === 'confirmed');
    if (confirmed) code = reasonCodeOf(confirmed.reason_category);
    isUnannounced = !notices.some((n) => n.status === 'pending' || n.status === 'confirmed');
  }

  let result: CellResult;
  if (code === null) {
    await deleteAttendance(trx, existing!.id);
    result = { ...base, attendance: null };
  } else if (existing) {
    await updateAttendance(trx, existing.id, { code, entered_by_user_id: actorUserId, entered_at: ctx.nowIso, reason_by_user_id: null, reason_at: null });
    result = { ...base, attendance: attendanceView((await findAttendance(trx, lesson.id, edit.studentId))!) };
  } else {
    await insertAttendance(trx, { lesson_id: lesson.id, student_id: edit.studentId, code, entered_by_user_id: actorUserId, entered_at: ctx.nowIso });
    result = { ...base, attendance: attendanceView((await findAttendance(trx, lesson.id, edit.studentId))!) };
  }
  if (isUnannounced && alert.notifier) await alertAbsence(trx, ctx, alert.notifier, lesson, edit.studentId, alert.pupil);
  await recordAudit(trx, {
    actorUserId,
    action: edit.code === null ? 'attendance.clear' : 'attendance.set',
    entity: 'attendance',
    entityId: `${lesson.id}:${edit.studentId}`,
    oldValue: existing ? { code: existing.code } : null,
    newValue: code === null ? null : { code, studentId: edit.studentId, date: lesson.date, lessonNumber: lesson.lesson_number },
  });
  return result;
}

interface NewMarkNotice {
  markId: number;
  studentId: number;
  pupil: string;
  value: string;
  date: string;
}

/** The family learns of a new or changed mark (issue 5, item 9): one query for all recipients of the batch. */
async function notifyMarks(trx: Db, ctx: JournalContext, notifier: Notifier, marks: readonly NewMarkNotice[]): Promise<void> {
  if (marks.length === 0) return;
  const family = await familyOfStudents(trx, marks.map((m) => m.studentId));
  await notifier.notify(
    trx,
    marks.flatMap((m) =>
      family
        .filter((f) => f.student_id === m.studentId)
        .map((f) => ({
          userId: f.user_id,
          kind: 'mark',
          title: `${m.pupil}: «${m.value}» по предмету «${ctx.subject.name}» за ${formatDateRu(m.date)}`,
          link: `/diary/${m.studentId}?date=${m.date}`,
          studentId: m.studentId,
          dedupKey: `mark:${m.markId}:${m.value}`,
        })),
    ),
  );
}

/** Homework set on a lesson reaches the pupils of the page on that day and their parents. */
async function notifyHomework(trx: Db, ctx: JournalContext, notifier: Notifier, lesson: LessonRow, homework: string): Promise<void> {
  const names = await pupilsOn(trx, ctx, lesson.date, new Map());
  const family = await familyOfStudents(trx, [...names.keys()]);
  await notifier.notify(
    trx,
    family.map((f) => ({
      userId: f.user_id,
      kind: 'homework',
      title: `Домашнее задание по предмету «${ctx.subject.name}» (${formatDateRu(lesson.date)}): ${homework}`.slice(0, 200),
      link: `/diary/${f.student_id}?date=${lesson.date}`,
      studentId: f.student_id,
      dedupKey: `homework:${lesson.id}`,
    })),
  );
}

/** Rapid response (section 2): the class teacher and the parents learn of an unannounced absence the same day. */
async function alertAbsence(trx: Db, ctx: JournalContext, notifier: Notifier, lesson: LessonRow, studentId: number, pupil: string): Promise<void> {
  const title = `${pupil} отсутствует на уроке «${ctx.subject.name}» (${lessonTitle(lesson.date, lesson.lesson_number)})`;
  const dedupKey = `absence:${lesson.id}:${studentId}`;
  const guardians = await guardianIdsOf(trx, studentId);
  await notifier.notify(trx, [
    ...(ctx.cls.class_teacher_user_id === null
      ? []
      : [{ userId: ctx.cls.class_teacher_user_id, kind: 'absence', title, link: `/classes/${ctx.cls.id}/absences`, studentId, dedupKey }]),
    ...guardians.map((userId) => ({ userId, kind: 'absence', title, body: 'Если ребёнок отсутствует по уважительной причине, сообщите об этом в дневнике.', link: `/diary/${studentId}`, studentId, dedupKey })),
  ]);
}

/** Topic and homework of a lesson (homework is set for the lesson it belongs to, so a future lesson is fine). */
export async function saveLesson(
  db: Db,
  { ctx, actorUserId, notifier }: EditRequest,
  body: { date: string; lessonNumber: number; topic?: string | null | undefined; homework?: string | null | undefined; version: number },
): Promise<LessonView> {
  return db.transaction(async (trx) => {
    const before = await findLesson(trx, ctx.key, body.date, body.lessonNumber);
    if ((before?.version ?? 0) !== body.version) throw versionConflict(lessonTitle(body.date, body.lessonNumber), before?.topic ?? null);
    const period = periodOfDate(ctx, body.date);
    if (period?.is_closed && !hasUnlock(ctx, body.date)) {
      throw refused(lessonTitle(body.date, body.lessonNumber), `период «${period.name}» закрыт: нужна разблокировка заместителя директора с указанием причины`, 'topic');
    }
    const lesson = before ?? (await ensureLesson(trx, ctx, actorUserId, body.date, body.lessonNumber));
    const changes: Partial<LessonRow> = { updated_at: ctx.nowIso };
    if (body.topic !== undefined) {
      changes.topic = body.topic || null;
      changes.topic_entered_at = ctx.nowIso;
    }
    if (body.homework !== undefined) {
      changes.homework = body.homework || null;
      changes.homework_entered_at = ctx.nowIso;
    }
    if (!(await updateLessonIfVersion(trx, lesson.id, lesson.version, changes))) throw versionConflict(lessonTitle(body.date, body.lessonNumber), lesson.topic);
    await recordAudit(trx, {
      actorUserId,
      action: 'lesson.update',
      entity: 'journal_lesson',
      entityId: lesson.id,
      oldValue: { topic: lesson.topic, homework: lesson.homework },
      newValue: { topic: changes.topic === undefined ? lesson.topic : changes.topic, homework: changes.homework === undefined ? lesson.homework : changes.homework },
    });
    if (notifier && changes.homework && changes.homework !== lesson.homework) await notifyHomework(trx, ctx, notifier, lesson, changes.homework);
    return recordedLessonView(trx, ctx, (await findLessonById(trx, lesson.id))!);
  });
}

/** Another mark column on a lesson (a test besides oral answers), with its work type and weight. */
export async function addColumn(
  db: Db,
  { ctx, actorUserId }: EditRequest,
  body: { date: string; lessonNumber: number; workTypeId: number; weight?: number | undefined },
): Promise<LessonView> {
  const workType = workTypeOf(ctx, body.workTypeId);
  return db.transaction(async (trx) => {
    const lesson = await ensureLesson(trx, ctx, actorUserId, body.date, body.lessonNumber);
    const columns = await columnsOfLessons(trx, [lesson.id]);
    if (columns.length >= 5) throw refused(lessonTitle(body.date, body.lessonNumber), 'на уроке уже 5 колонок отметок', 'workTypeId');
    // A lesson that shows only its default column gets it written first, so the new one is the second.
    if (columns.length === 0) await firstColumn(trx, ctx, lesson);
    const position = Math.max(1, ...columns.map((c) => c.position)) + 1;
    const weight = body.weight ?? workType.default_weight;
    const id = await insertColumn(trx, { lesson_id: lesson.id, position, work_type_id: workType.id, weight }, ctx.nowIso);
    await touchLesson(trx, lesson.id, ctx.nowIso);
    await recordAudit(trx, { actorUserId, action: 'mark-column.create', entity: 'mark_column', entityId: id, newValue: { lessonId: lesson.id, workTypeId: workType.id, weight } });
    return recordedLessonView(trx, ctx, (await findLessonById(trx, lesson.id))!);
  });
}

async function columnOfPage(trx: Db, ctx: JournalContext, columnId: number): Promise<{ column: ColumnRow; lesson: LessonRow }> {
  const column = await findColumn(trx, columnId);
  const lesson = column ? await findLessonById(trx, column.lesson_id) : undefined;
  if (!column || !lesson || lesson.class_id !== ctx.key.classId || lesson.subject_id !== ctx.key.subjectId || lesson.group_key !== ctx.key.groupKey) {
    throw notFound('Колонка отметок');
  }
  return { column, lesson };
}

/** Changing a column's work type or weight changes the weight of marks already in it: locked like the marks. */
export async function changeColumn(
  db: Db,
  { ctx, actorUserId }: EditRequest,
  columnId: number,
  body: { workTypeId?: number | undefined; weight?: number | undefined },
): Promise<LessonView> {
  return db.transaction(async (trx) => {
    const { column, lesson } = await columnOfPage(trx, ctx, columnId);
    const lock = (await countMarksInColumn(trx, column.id)) > 0 ? lockReasonOf(ctx, lesson.date) : null;
    if (lock) throw refused(lessonTitle(lesson.date, lesson.lesson_number), lock, 'weight');
    const workType = body.workTypeId === undefined ? null : workTypeOf(ctx, body.workTypeId);
    const changes = {
      work_type_id: workType?.id ?? column.work_type_id,
      weight: body.weight ?? (workType ? workType.default_weight : column.weight),
    };
    await updateColumn(trx, column.id, changes);
    await touchLesson(trx, lesson.id, ctx.nowIso);
    await recordAudit(trx, {
      actorUserId,
      action: 'mark-column.update',
      entity: 'mark_column',
      entityId: column.id,
      oldValue: { workTypeId: column.work_type_id, weight: column.weight },
      newValue: { workTypeId: changes.work_type_id, weight: changes.weight },
    });
    return recordedLessonView(trx, ctx, (await findLessonById(trx, lesson.id))!);
  });
}

export async function removeColumn(db: Db, { ctx, actorUserId }: EditRequest, columnId: number): Promise<LessonView> {
  return db.transaction(async (trx) => {
    const { column, lesson } = await columnOfPage(trx, ctx, columnId);
    if ((await countMarksInColumn(trx, column.id)) > 0) {
      throw conflict('В колонке есть отметки: удалить можно только пустую колонку. Сначала очистите отметки.');
    }
    await deleteColumn(trx, column.id);
    await touchLesson(trx, lesson.id, ctx.nowIso);
    await recordAudit(trx, { actorUserId, action: 'mark-column.delete', entity: 'mark_column', entityId: column.id, oldValue: { lessonId: lesson.id, workTypeId: column.work_type_id, weight: column.weight } });
    return recordedLessonView(trx, ctx, (await findLessonById(trx, lesson.id))!);
  });
}
