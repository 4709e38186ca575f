// Everything a journal request needs to know about its page, loaded once: the class and its level, the
// subject and group, the school year's calendar and periods, the mark settings, the active unlocks, and the
// page's lessons as the timetable derives them. Reads and writes of the journal both start here.

import { levelSettingsOf } from '../../shared/domain/calendar';
import type { MarkSettings } from '../../shared/domain/directories';
import { entryLockReason } from '../../shared/domain/marks';
import type { TeachingScope } from '../../shared/domain/permissions';
import type { DerivedLesson, SchoolYearCalendar, TimetableSlot } from '../../shared/domain/school-year-types';
import { deriveLessons } from '../../shared/domain/timetable-rules';
import { AppError, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { cachedCalendar } from '../calendar/calendar-cache';
import { findAcademicYearByName, type AcademicYearRow } from '../db/repositories/calendar-repo';
import { findSubject, listWorkTypes, type SubjectRow, type WorkTypeRow } from '../db/repositories/directories-repo';
import { activeUnlocks, periodsOfScheme, type JournalKey, type PeriodRow, type UnlockRow } from '../db/repositories/journal-repo';
import { classRow, groupRow } from '../db/repositories/people-repo';
import { changesBetween, slotsOfClass } from '../db/repositories/teaching-repo';
import { markSettings } from '../directories/directories-service';
import { className } from '../school/school-service';

export interface JournalContext {
  key: JournalKey;
  cls: { id: number; level: number; letter: string; shift: number; class_teacher_user_id: number | null; academic_year: string };
  className: string;
  subject: SubjectRow;
  group: { id: number; name: string } | null;
  year: AcademicYearRow;
  calendar: SchoolYearCalendar;
  periods: PeriodRow[];
  settings: MarkSettings;
  isMarkless: boolean;
  workTypes: WorkTypeRow[];
  unlocks: UnlockRow[];
  /** School-local date the request is made on. */
  today: string;
  nowIso: string;
  slots: TimetableSlot[];
}

/** The journal key of a route's path parameters. */
export function journalKeyOf(params: { classId: number; subjectId: number; groupKey: number }): JournalKey {
  return { classId: params.classId, subjectId: params.subjectId, groupKey: params.groupKey };
}

export function journalResource(key: JournalKey): TeachingScope & { kind: 'journal' } {
  return { kind: 'journal', classId: key.classId, subjectId: key.subjectId, groupId: key.groupKey === 0 ? null : key.groupKey };
}

/** 404 for a page that cannot exist: unknown class or subject, or a group of another class or subject. */
export async function assertJournalExists(db: Db, key: JournalKey): Promise<void> {
  const cls = await classRow(db, key.classId);
  if (!cls) throw notFound('Класс');
  if (!(await findSubject(db, key.subjectId))) throw notFound('Предмет');
  if (key.groupKey !== 0) {
    const group = await groupRow(db, key.groupKey);
    if (!group || group.class_id !== key.classId || group.subject_id !== key.subjectId) throw notFound('Группа');
  }
}

export async function loadJournalContext(db: Db, key: JournalKey, now: Date, today: string): Promise<JournalContext> {
  const cls = await classRow(db, key.classId);
  if (!cls) throw notFound('Класс');
  const subject = await findSubject(db, key.subjectId);
  if (!subject) throw notFound('Предмет');
  let group: JournalContext['group'] = null;
  if (key.groupKey !== 0) {
    const row = await groupRow(db, key.groupKey);
    if (!row || row.class_id !== key.classId || row.subject_id !== key.subjectId) throw notFound('Группа');
    group = { id: row.id, name: row.name };
  }
  const year = await findAcademicYearByName(db, cls.academic_year);
  if (!year) throw new AppError(409, 'conflict', `Календарь ${cls.academic_year} учебного года не заполнен: журнал недоступен`);
  const calendar = await cachedCalendar(db, year);
  let level;
  try {
    level = levelSettingsOf(calendar, cls.level);
  } catch {
    throw new AppError(409, 'conflict', `В календаре учебного года нет режима работы ${cls.level}-х классов`);
  }
  const settings = await markSettings(db);
  const nowIso = now.toISOString();
  const [periods, workTypes, unlocks, slotRows] = await Promise.all([
    periodsOfScheme(db, year.id, level.periodScheme),
    listWorkTypes(db),
    activeUnlocks(db, key, nowIso),
    slotsOfClass(db, year.id, key.classId),
  ]);
  return {
    key,
    cls,
    className: className(cls.level, cls.letter),
    subject,
    group,
    year,
    calendar,
    periods,
    settings,
    isMarkless: level.isMarkless || settings.marklessLevels.includes(cls.level),
    workTypes: workTypes.filter((w) => !w.is_archived),
    unlocks,
    today,
    nowIso,
    slots: slotRows,
  };
}

/** The page's lessons from the timetable between two dates (inclusive), clipped to the school year. */
export async function derivedLessonsOf(db: Db, ctx: JournalContext, from: string, to: string): Promise<DerivedLesson[]> {
  const start = from < ctx.year.start_date ? ctx.year.start_date : from;
  const end = to > ctx.year.end_date ? ctx.year.end_date : to;
  if (start > end) return [];
  const wantedGroup = ctx.key.groupKey === 0 ? null : ctx.key.groupKey;
  const lessons = deriveLessons({
    calendar: ctx.calendar,
    classLevels: new Map([[ctx.cls.id, ctx.cls.level]]),
    slots: ctx.slots,
    changes: (await changesBetween(db, start, end)).filter((c) => c.kind !== 'extra' || c.classId === ctx.cls.id),
    from: start,
    to: end,
    classIds: [ctx.cls.id],
  });
  return lessons.filter((l) => l.subjectId === ctx.key.subjectId && l.groupId === wantedGroup);
}

export function periodOfDate(ctx: JournalContext, date: string): PeriodRow | null {
  return ctx.periods.find((p) => p.start_date <= date && date <= p.end_date) ?? null;
}

export function hasUnlock(ctx: JournalContext, date: string): boolean {
  return ctx.unlocks.some((u) => u.from_date <= date && date <= u.to_date);
}

/** Why entries on a lesson of `date` cannot be made now (future, closed period, editing window), or null. */
export function lockReasonOf(ctx: JournalContext, date: string): string | null {
  return entryLockReason({
    lessonDate: date,
    today: ctx.today,
    editWindowDays: ctx.settings.editWindowDays,
    isPeriodClosed: Boolean(periodOfDate(ctx, date)?.is_closed),
    hasUnlock: hasUnlock(ctx, date),
  });
}

/** The period a page shows by default: the one containing today, else the last one begun, else the first. */
export function defaultPeriod(ctx: JournalContext): PeriodRow | null {
  return periodOfDate(ctx, ctx.today) ?? [...ctx.periods].reverse().find((p) => p.start_date <= ctx.today) ?? ctx.periods[0] ?? null;
}

/** The work type a lesson's first mark column gets: the first of the directory (ответ на уроке). */
export function defaultWorkType(ctx: JournalContext): WorkTypeRow {
  const first = ctx.workTypes[0];
  if (!first) throw new AppError(409, 'conflict', 'В справочнике нет видов работ: добавьте их в разделе «Справочники»');
  return first;
}

export function workTypeOf(ctx: JournalContext, id: number): WorkTypeRow {
  const found = ctx.workTypes.find((w) => w.id === id);
  if (!found) throw new AppError(400, 'validation', `Вид работы №${id} не найден в справочнике`, [{ field: 'workTypeId', label: 'Вид работы', message: 'Нет такого вида работы' }]);
  return found;
}
