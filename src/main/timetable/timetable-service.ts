// The weekly timetable template with clash checks, its dated changes and substitutions, and
// the concrete lessons of any dates derived from template + calendar + changes (3.2).

import type { DerivedLesson, TimetableSlot } from '../../shared/domain/school-year-types';
import { deriveLessons, findClashes } from '../../shared/domain/timetable-rules';
import { isValidDate, timetableWeekdayOf } from '../../shared/domain/calendar';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, invalid, notFound } from '../common/app-error';
import { academicYearOf, localDate, referenceDateIn } from '../common/dates';
import { addDays } from '../../shared/domain/calendar';
import type { Db } from '../db/connection';
import { findAcademicYearByName, loadCalendar } from '../db/repositories/calendar-repo';
import { classRow, groupRow, listClassesOfYearRaw } from '../db/repositories/people-repo';
import { findSubject, listSubjects } from '../db/repositories/directories-repo';
import { findUsersByIds } from '../db/repositories/users-repo';
import {
  bumpTimetableVersion,
  changesBetween,
  deleteSlot,
  endSlot,
  insertSlot,
  updateSlot,
  deleteChange,
  findChange,
  groupsOfYear,
  insertChange,
  slotsOfYear,
  timetableVersion,
} from '../db/repositories/teaching-repo';
import { yearOrNotFound } from '../calendar/calendar-service';

export type SlotInput = Omit<TimetableSlot, 'id'> & { id: number | null };

/** The first day whose lessons a template change may still alter: today, within the year. */
function effectiveDay(year: { start_date: string; end_date: string }): string {
  return referenceDateIn(academicYearOfRange(year), localDate());
}
const academicYearOfRange = (year: { start_date: string }) => academicYearOf(year.start_date);

/** A slot still in force (not ended before the effective day): what the template editor shows. */
const isCurrent = (slot: TimetableSlot, from: string) => slot.validTo === null || slot.validTo >= from;

export async function timetable(db: Db, yearId: number) {
  const year = await yearOrNotFound(db, yearId);
  const from = effectiveDay(year);
  return { yearId, version: await timetableVersion(db, yearId), slots: (await slotsOfYear(db, yearId)).filter((s) => isCurrent(s, from)) };
}

export async function saveTimetable(db: Db, actorUserId: number, yearId: number, version: number, slots: SlotInput[]) {
  const year = await yearOrNotFound(db, yearId);
  const classes = new Map((await listClassesOfYearRaw(db, year.name)).map((c) => [c.id, c]));
  const groups = await groupsOfYear(db, year.name, referenceDateIn(year.name));
  const subjectIds = new Set((await listSubjects(db)).map((s) => s.id));
  const teacherIds = await teacherIdsAmong(db, slots.map((s) => s.teacherUserId));
  const calendar = await loadCalendar(db, year);
  const daysPerWeek = new Map(calendar.levels.map((l) => [l.level, l.daysPerWeek]));
  const problems: string[] = [];
  slots.forEach((s, index) => {
    if (!classes.has(s.classId)) problems.push(`Урок ${index + 1}: класс №${s.classId} не из ${year.name}`);
    if (s.groupId !== null && !groups.some((g) => g.id === s.groupId && g.classId === s.classId)) problems.push(`Урок ${index + 1}: группа №${s.groupId} не из этого класса`);
    if (!subjectIds.has(s.subjectId)) problems.push(`Урок ${index + 1}: нет предмета №${s.subjectId}`);
    if (!teacherIds.has(s.teacherUserId)) problems.push(`Урок ${index + 1}: пользователь №${s.teacherUserId} не учитель`);
    if (s.validFrom && s.validTo && s.validFrom > s.validTo) problems.push(`Урок ${index + 1}: «действует с» позже «действует по»`);
    const cls = classes.get(s.classId);
    if (cls && s.weekday === 6 && daysPerWeek.get(cls.level) !== 6) problems.push(`Урок ${index + 1}: у ${cls.level}${cls.letter} пятидневка, уроков в субботу нет`);
  });
  if (problems.length > 0) throw new AppError(400, 'validation', `Расписание не сохранено: ${problems.join('; ')}`);
  const storedIds = new Set((await slotsOfYear(db, yearId)).filter((s) => isCurrent(s, effectiveDay(year))).map((s) => s.id));
  const seenIds = new Set<number>();
  slots.forEach((s, index) => {
    if (s.id === null) return;
    if (!storedIds.has(s.id)) problems.push(`Урок ${index + 1}: в действующем расписании нет урока №${s.id} (обновите страницу)`);
    if (seenIds.has(s.id)) problems.push(`Урок ${index + 1}: урок №${s.id} указан дважды`);
    seenIds.add(s.id);
  });
  if (problems.length > 0) throw new AppError(400, 'validation', `Расписание не сохранено: ${problems.join('; ')}`);
  // Clash check on the slots as they will be; new slots get temporary negative ids.
  const numbered = slots.map((s, index) => ({ ...s, id: s.id ?? -(index + 1) }));
  const clashes = findClashes(numbered, groups);
  if (clashes.length > 0) {
    throw new AppError(
      400,
      'validation',
      `Расписание не сохранено, накладки: ${clashes.map((c) => c.message).join('; ')}`,
      clashes.map((c) => ({ field: 'slots', label: 'Накладка', message: c.message })),
    );
  }
  await db.transaction(async (trx) => {
    if (!(await bumpTimetableVersion(trx, yearId, version))) {
      throw conflict('Расписание уже изменил другой администратор, пока открыта эта страница. Обновите её: ваши изменения не сохранены.');
    }
    const from = effectiveDay(year);
    const before = (await slotsOfYear(trx, yearId)).filter((s) => isCurrent(s, from));
    await applyTemplate(trx, yearId, before, slots, from);
    await recordAudit(trx, { actorUserId, action: 'timetable.update', entity: 'academic_year', entityId: yearId, oldValue: before, newValue: slots });
  });
  return timetable(db, yearId);
}

export type ChangeInput =
  | { kind: 'cancel'; date: string; slotId: number; reason: string }
  | { kind: 'substitute'; date: string; slotId: number; teacherUserId: number; room: string | null; reason: string }
  | { kind: 'extra'; date: string; lessonNumber: number; classId: number; groupId: number | null; subjectId: number; teacherUserId: number; room: string | null; reason: string };

export async function addTimetableChange(db: Db, actorUserId: number, change: ChangeInput): Promise<number> {
  if (!isValidDate(change.date)) throw invalid('date', 'Дата', `Нет такой даты: ${change.date}`);
  if (change.kind !== 'cancel' && !(await teacherIdsAmong(db, [change.teacherUserId])).has(change.teacherUserId)) {
    throw invalid('teacherUserId', 'Учитель', `Пользователь №${change.teacherUserId} не учитель`);
  }
  if (change.kind === 'extra') {
    if (!(await findSubject(db, change.subjectId))) throw invalid('subjectId', 'Предмет', `Нет предмета №${change.subjectId}`);
    const cls = await classRow(db, change.classId);
    if (!cls) throw invalid('classId', 'Класс', `Нет класса №${change.classId}`);
    if (change.groupId !== null && (await groupRow(db, change.groupId))?.class_id !== change.classId) throw invalid('groupId', 'Группа', 'Группа не из этого класса');
  }
  const year = await findAcademicYearByName(db, academicYearOf(change.date));
  if (!year) throw invalid('date', 'Дата', `Нет учебного года для ${change.date}`);
  const calendar = await loadCalendar(db, year);
  const slots = await slotsOfYear(db, year.id);
  const classId = change.kind === 'extra' ? change.classId : slots.find((s) => s.id === change.slotId)?.classId;
  if (classId === undefined) throw notFound('Урок расписания');
  const cls = (await classRow(db, classId))!;
  const weekday = timetableWeekdayOf(calendar, cls.level, change.date);
  if (weekday === null) throw invalid('date', 'Дата', `${change.date} у ${cls.level}${cls.letter} нет уроков (выходной, каникулы или праздник)`);
  if (change.kind !== 'extra') {
    const slot = slots.find((s) => s.id === change.slotId)!;
    const isInForce = (slot.validFrom === null || slot.validFrom <= change.date) && (slot.validTo === null || slot.validTo >= change.date);
    if (slot.weekday !== weekday || !isInForce) throw invalid('slotId', 'Урок', `Этого урока нет в расписании на ${change.date}`);
  }
  return db.transaction(async (trx) => {
    const id = await insertChange(trx, {
      date: change.date,
      kind: change.kind,
      slot_id: change.kind === 'extra' ? null : change.slotId,
      lesson_number: change.kind === 'extra' ? change.lessonNumber : null,
      class_id: change.kind === 'extra' ? change.classId : null,
      group_id: change.kind === 'extra' ? change.groupId : null,
      subject_id: change.kind === 'extra' ? change.subjectId : null,
      teacher_user_id: change.kind === 'cancel' ? null : change.teacherUserId,
      room: change.kind === 'cancel' ? null : change.room,
      reason: change.reason,
    });
    await recordAudit(trx, { actorUserId, action: `timetable.${change.kind}`, entity: 'timetable_change', entityId: id, newValue: change });
    return id;
  });
}

export async function removeTimetableChange(db: Db, actorUserId: number, changeId: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await findChange(trx, changeId);
    if (!before) throw notFound('Изменение расписания');
    await deleteChange(trx, changeId);
    await recordAudit(trx, { actorUserId, action: 'timetable.change-removed', entity: 'timetable_change', entityId: changeId, oldValue: before });
  });
}

/** The concrete lessons of `classId` from `from` to `to` (inclusive, within one school year). */
export async function lessonsOfClass(db: Db, classId: number, from: string, to: string): Promise<DerivedLesson[]> {
  if (!isValidDate(from) || !isValidDate(to)) throw invalid('from', 'Период', 'Даты в формате ГГГГ-ММ-ДД');
  if (from > to) throw invalid('from', 'Период', 'Начало периода позже конца');
  const cls = await classRow(db, classId);
  if (!cls) throw notFound('Класс');
  const year = await findAcademicYearByName(db, cls.academic_year);
  if (!year) return [];
  const calendar = await loadCalendar(db, year);
  const start = from < year.start_date ? year.start_date : from;
  const end = to > year.end_date ? year.end_date : to;
  if (start > end) return [];
  return deriveLessons({
    calendar,
    classLevels: new Map([[cls.id, cls.level]]),
    slots: (await slotsOfYear(db, year.id)).filter((s) => s.classId === classId),
    changes: await changesBetween(db, start, end),
    from: start,
    to: end,
    classIds: [classId],
  });
}

/** Every lesson of the whole school year (benchmarks, the journal's lesson list). */
export async function lessonsOfYear(db: Db, yearId: number): Promise<DerivedLesson[]> {
  const year = await yearOrNotFound(db, yearId);
  const calendar = await loadCalendar(db, year);
  const classes = await listClassesOfYearRaw(db, year.name);
  return deriveLessons({
    calendar,
    classLevels: new Map(classes.map((c) => [c.id, c.level])),
    slots: await slotsOfYear(db, year.id),
    changes: await changesBetween(db, year.start_date, year.end_date),
    from: year.start_date,
    to: year.end_date,
  });
}

/** The ids among `ids` that belong to users holding the teacher role. */
async function teacherIdsAmong(db: Db, ids: readonly number[]): Promise<Set<number>> {
  const users = await findUsersByIds(db, [...new Set(ids)]);
  return new Set(users.filter((u) => u.roles.includes('teacher') || u.roles.includes('class_teacher')).map((u) => u.id));
}

const samePlace = (a: Omit<TimetableSlot, 'id'>, b: Omit<TimetableSlot, 'id'>) =>
  a.weekday === b.weekday && a.lessonNumber === b.lessonNumber && a.classId === b.classId && a.groupId === b.groupId && a.subjectId === b.subjectId && a.teacherUserId === b.teacherUserId;

/**
 * Applies a new template from the effective day on, keeping history: a slot that already had
 * lessons is ended the day before instead of being deleted or rewritten, so past lessons (and
 * past substitutions) stay as they were; a replacement starts on the effective day.
 */
async function applyTemplate(trx: Db, yearId: number, current: readonly TimetableSlot[], incoming: readonly SlotInput[], from: string): Promise<void> {
  const yesterday = addDays(from, -1);
  const hadLessons = (slot: TimetableSlot) => (slot.validFrom ?? '0000-00-00') < from;
  const incomingById = new Map(incoming.filter((s) => s.id !== null).map((s) => [s.id as number, s]));
  for (const slot of current) {
    const next = incomingById.get(slot.id);
    if (!next) {
      if (hadLessons(slot)) await endSlot(trx, slot.id, yesterday);
      else await deleteSlot(trx, slot.id);
    } else if (hadLessons(slot) && !samePlace(slot, next)) {
      await endSlot(trx, slot.id, yesterday);
      await insertSlot(trx, yearId, { ...next, validFrom: next.validFrom && next.validFrom > from ? next.validFrom : from });
    } else {
      await updateSlot(trx, yearId, slot.id, next);
    }
  }
  for (const slot of incoming.filter((s) => s.id === null)) {
    // A new lesson in a cell that had another one until yesterday starts today, not in the past.
    const replacesEnded = current.some((c) => hadLessons(c) && c.classId === slot.classId && c.weekday === slot.weekday && c.lessonNumber === slot.lessonNumber);
    await insertSlot(trx, yearId, replacesEnded && (slot.validFrom === null || slot.validFrom < from) ? { ...slot, validFrom: from } : slot);
  }
}
