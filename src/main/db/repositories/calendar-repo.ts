// SQL for school years and their calendars: level settings, periods, holidays, transferred
// days and the bell schedule. A calendar is read and replaced as a whole.

import type { BellLesson, Holiday, LevelSettings, PeriodScheme, SchoolYearCalendar, StudyPeriod, TransferredDay } from '../../../shared/domain/school-year-types';
import type { Db } from '../connection';

export interface AcademicYearRow {
  id: number;
  name: string;
  start_date: string;
  end_date: string;
  version: number;
}

export async function listAcademicYears(db: Db): Promise<AcademicYearRow[]> {
  return (await db('academic_years').orderBy('start_date')) as AcademicYearRow[];
}

export async function findAcademicYear(db: Db, id: number): Promise<AcademicYearRow | undefined> {
  return (await db('academic_years').where({ id }).first()) as AcademicYearRow | undefined;
}

export async function findAcademicYearByName(db: Db, name: string): Promise<AcademicYearRow | undefined> {
  return (await db('academic_years').where({ name }).first()) as AcademicYearRow | undefined;
}

export async function insertAcademicYear(db: Db, name: string, startDate: string, endDate: string): Promise<number> {
  const [row] = (await db('academic_years').insert({ name, start_date: startDate, end_date: endDate, version: 1 }).returning('id')) as Array<{ id: number }>;
  return row!.id;
}

export async function loadCalendar(db: Db, year: AcademicYearRow): Promise<SchoolYearCalendar> {
  const [levels, periods, holidays, transfers] = await Promise.all([
    db('level_settings').where({ academic_year_id: year.id }).orderBy('level') as Promise<
      Array<{ level: number; period_scheme: PeriodScheme; days_per_week: 5 | 6; shift: 1 | 2; is_markless: number }>
    >,
    db('study_periods').where({ academic_year_id: year.id }).orderBy(['scheme', 'number']) as Promise<
      Array<{ scheme: PeriodScheme; number: number; name: string; start_date: string; end_date: string }>
    >,
    db('holidays').where({ academic_year_id: year.id }).orderBy('start_date') as Promise<
      Array<{ kind: Holiday['kind']; name: string; start_date: string; end_date: string; levels: string | null }>
    >,
    db('transferred_days').where({ academic_year_id: year.id }).orderBy('date') as Promise<
      Array<{ date: string; kind: 'workday' | 'dayoff'; works_as_weekday: number | null; reason: string }>
    >,
  ]);
  return {
    name: year.name,
    startDate: year.start_date,
    endDate: year.end_date,
    levels: levels.map(
      (l): LevelSettings => ({ level: l.level, periodScheme: l.period_scheme, daysPerWeek: l.days_per_week, shift: l.shift, isMarkless: Boolean(l.is_markless) }),
    ),
    periods: periods.map((p): StudyPeriod => ({ scheme: p.scheme, number: p.number, name: p.name, startDate: p.start_date, endDate: p.end_date })),
    holidays: holidays.map(
      (h): Holiday => ({ kind: h.kind, name: h.name, startDate: h.start_date, endDate: h.end_date, levels: h.levels ? (JSON.parse(h.levels) as number[]) : null }),
    ),
    transfers: transfers.map((t): TransferredDay => ({ date: t.date, kind: t.kind, worksAsWeekday: t.works_as_weekday, reason: t.reason })),
  };
}

export async function loadBells(db: Db, yearId: number): Promise<BellLesson[]> {
  const rows = (await db('bell_schedule').where({ academic_year_id: yearId }).orderBy(['shift', 'lesson_number'])) as Array<{
    shift: 1 | 2;
    lesson_number: number;
    starts_at: string;
    ends_at: string;
  }>;
  return rows.map((r) => ({ shift: r.shift, lessonNumber: r.lesson_number, startsAt: r.starts_at, endsAt: r.ends_at }));
}

/** Replaces the whole calendar if the year still has `expectedVersion`; false = someone else saved first. */
export async function replaceCalendar(
  trx: Db,
  yearId: number,
  expectedVersion: number,
  calendar: SchoolYearCalendar,
  bells: readonly BellLesson[],
): Promise<boolean> {
  const updated = await trx('academic_years')
    .where({ id: yearId, version: expectedVersion })
    .update({ start_date: calendar.startDate, end_date: calendar.endDate, version: expectedVersion + 1 });
  if (updated !== 1) return false;
  for (const table of ['level_settings', 'study_periods', 'holidays', 'transferred_days', 'bell_schedule']) {
    await trx(table).where({ academic_year_id: yearId }).delete();
  }
  const insert = async (table: string, rows: object[]) => {
    for (let i = 0; i < rows.length; i += 100) await trx(table).insert(rows.slice(i, i + 100));
  };
  await insert(
    'level_settings',
    calendar.levels.map((l) => ({ academic_year_id: yearId, level: l.level, period_scheme: l.periodScheme, days_per_week: l.daysPerWeek, shift: l.shift, is_markless: l.isMarkless })),
  );
  await insert(
    'study_periods',
    calendar.periods.map((p) => ({ academic_year_id: yearId, scheme: p.scheme, number: p.number, name: p.name, start_date: p.startDate, end_date: p.endDate })),
  );
  await insert(
    'holidays',
    calendar.holidays.map((h) => ({
      academic_year_id: yearId,
      kind: h.kind,
      name: h.name,
      start_date: h.startDate,
      end_date: h.endDate,
      levels: h.levels ? JSON.stringify(h.levels) : null,
    })),
  );
  await insert(
    'transferred_days',
    calendar.transfers.map((t) => ({ academic_year_id: yearId, date: t.date, kind: t.kind, works_as_weekday: t.worksAsWeekday, reason: t.reason })),
  );
  await insert(
    'bell_schedule',
    bells.map((b) => ({ academic_year_id: yearId, shift: b.shift, lesson_number: b.lessonNumber, starts_at: b.startsAt, ends_at: b.endsAt })),
  );
  return true;
}
