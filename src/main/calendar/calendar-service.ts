// The school year and its calendar (clause 3.2: "режим работы школы"): created with Russian
// defaults, edited as a whole with a version check, validated before anything is written.

import { defaultBells, validateBells } from '../../shared/domain/bells';
import { defaultCalendar, validateCalendar } from '../../shared/domain/calendar';
import type { BellLesson, SchoolYearCalendar } from '../../shared/domain/school-year-types';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, notFound } from '../common/app-error';
import { academicYearOf, localDate } from '../common/dates';
import type { Db } from '../db/connection';
import {
  findAcademicYear,
  findAcademicYearByName,
  insertAcademicYear,
  listAcademicYears,
  loadBells,
  loadCalendar,
  replaceCalendar,
  type AcademicYearRow,
} from '../db/repositories/calendar-repo';

export function yearNameOf(startYear: number): string {
  return `${startYear}/${startYear + 1}`;
}

/** Creates the school year starting in `startYear` with the default calendar, unless it exists. */
export async function ensureYear(trx: Db, startYear: number, actorUserId: number | null): Promise<AcademicYearRow> {
  const name = yearNameOf(startYear);
  const existing = await findAcademicYearByName(trx, name);
  if (existing) return existing;
  const calendar = defaultCalendar(startYear);
  const id = await insertAcademicYear(trx, name, calendar.startDate, calendar.endDate);
  const created = (await findAcademicYear(trx, id))!;
  await replaceCalendar(trx, id, created.version, calendar, defaultBells());
  await recordAudit(trx, { actorUserId, action: 'year.create', entity: 'academic_year', entityId: id, newValue: { name } });
  return (await findAcademicYear(trx, id))!;
}

export async function ensureCurrentYear(db: Db): Promise<AcademicYearRow> {
  const startYear = Number(academicYearOf(localDate()).slice(0, 4));
  return db.transaction((trx) => ensureYear(trx, startYear, null));
}

export async function createYear(db: Db, actorUserId: number, startYear: number): Promise<AcademicYearRow> {
  if (await findAcademicYearByName(db, yearNameOf(startYear))) throw conflict(`Учебный год ${yearNameOf(startYear)} уже есть.`);
  return db.transaction((trx) => ensureYear(trx, startYear, actorUserId));
}

export async function allYears(db: Db) {
  const current = academicYearOf(localDate());
  return (await listAcademicYears(db)).map((y) => ({ id: y.id, name: y.name, startDate: y.start_date, endDate: y.end_date, isCurrent: y.name === current }));
}

export async function yearOrNotFound(db: Db, yearId: number): Promise<AcademicYearRow> {
  const year = await findAcademicYear(db, yearId);
  if (!year) throw notFound('Учебный год');
  return year;
}

export async function calendarOf(db: Db, yearId: number) {
  const year = await yearOrNotFound(db, yearId);
  return { yearId: year.id, version: year.version, calendar: await loadCalendar(db, year), bells: await loadBells(db, year.id) };
}

/** The calendar of the year that contains `date` (for deriving lessons), or null. */
export async function calendarForDate(db: Db, date: string): Promise<{ yearId: number; calendar: SchoolYearCalendar } | null> {
  const year = await findAcademicYearByName(db, academicYearOf(date));
  return year ? { yearId: year.id, calendar: await loadCalendar(db, year) } : null;
}

export async function saveCalendar(
  db: Db,
  actorUserId: number,
  yearId: number,
  version: number,
  calendar: SchoolYearCalendar,
  bells: readonly BellLesson[],
) {
  const year = await yearOrNotFound(db, yearId);
  if (calendar.name !== year.name) throw new AppError(400, 'validation', `Календарь относится к ${calendar.name}, а сохраняется в ${year.name}.`);
  const problems = [...validateCalendar(calendar), ...validateBells(bells), ...yearFrameProblems(calendar)];
  if (problems.length > 0) {
    const errors = problems.map((p) => ({ field: p.field, label: 'Календарь', message: p.message }));
    throw new AppError(400, 'validation', `Календарь не сохранён: ${problems.map((p) => p.message).join('; ')}`, errors);
  }
  await db.transaction(async (trx) => {
    const before = await loadCalendar(trx, year);
    if (!(await replaceCalendar(trx, yearId, version, calendar, bells))) {
      throw conflict('Календарь уже изменил другой администратор, пока открыта эта страница. Обновите её и внесите изменения заново.');
    }
    await recordAudit(trx, { actorUserId, action: 'calendar.update', entity: 'academic_year', entityId: yearId, oldValue: before, newValue: calendar });
  });
  return calendarOf(db, yearId);
}

/**
 * Rules the service adds to the calendar's own checks: every level 1-11 has settings (lessons
 * of a class without them could not be derived); the year stays within 1 September - 31 August
 * of its name (dates are filed into years by that boundary); a worked Saturday or Sunday says
 * whose timetable it follows when some levels study five days.
 */
export function yearFrameProblems(calendar: SchoolYearCalendar): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const missing = Array.from({ length: 11 }, (_, i) => i + 1).filter((level) => !calendar.levels.some((l) => l.level === level));
  if (missing.length > 0) problems.push({ field: 'levels', message: `Нет настроек для параллелей: ${missing.join(', ')}` });
  const startYear = Number(calendar.name.slice(0, 4));
  if (calendar.startDate < `${startYear}-09-01` || calendar.endDate > `${startYear + 1}-08-31`) {
    problems.push({ field: 'startDate', message: `Учебный год ${calendar.name} должен лежать между 01.09.${startYear} и 31.08.${startYear + 1}` });
  }
  if (calendar.levels.some((l) => l.daysPerWeek === 5)) {
    calendar.transfers.forEach((t, index) => {
      if (t.kind === 'workday' && t.worksAsWeekday === null) {
        problems.push({ field: `transfers[${index}].worksAsWeekday`, message: `Рабочий день ${t.date}: укажите, по расписанию какого дня недели работаем` });
      }
    });
  }
  return problems;
}
