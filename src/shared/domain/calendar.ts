// Pure rules of a school year's calendar: which timetable applies to a date for a class level, which
// study period a date is in, a realistic default calendar and its validation (DOMAIN.md, «School year and calendar»).
import {
  PERIOD_SCHEME_LABELS,
  type Holiday,
  type LevelSettings,
  type PeriodScheme,
  type SchoolYearCalendar,
  type StudyPeriod,
  type TransferredDay,
} from './school-year-types';

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const SATURDAY = 6;
const SUNDAY = 7;
const MIN_LEVEL = 1;
const MAX_LEVEL = 11;

const WEEKDAY_NAMES = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'] as const;

/** 'понедельник' for 1 ... 'воскресенье' for 7 (lower case, to sit inside a sentence). */
export function weekdayName(weekday: number): string {
  const name = WEEKDAY_NAMES[weekday - 1];
  if (name === undefined) throw new Error(`Нет дня недели с номером ${weekday}: ожидается число от 1 до 7`);
  return name;
}

/**
 * True for an existing calendar date written 'YYYY-MM-DD'. The year must have four digits from 1000:
 * Date.UTC reads years 0-99 as 19xx, and no school journal needs earlier dates.
 */
export function isValidDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function requireDate(date: string): void {
  if (!isValidDate(date)) throw new Error(`Неверная дата «${date}»: ожидается существующая дата в формате ГГГГ-ММ-ДД`);
}

function toEpochDay(date: string): number {
  requireDate(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

function fromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function weekdayOfEpochDay(day: number): number {
  const sundayBased = new Date(day * MS_PER_DAY).getUTCDay();
  return sundayBased === 0 ? SUNDAY : sundayBased;
}

export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new Error(`Число дней должно быть целым, получено ${n}`);
  return fromEpochDay(toEpochDay(date) + n);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  return weekdayOfEpochDay(toEpochDay(date));
}

/** Every date from `from` to `to`, both included; empty when `from` is after `to`. */
export function datesBetween(from: string, to: string): string[] {
  const first = toEpochDay(from);
  const last = toEpochDay(to);
  const dates: string[] = [];
  for (let day = first; day <= last; day++) dates.push(fromEpochDay(day));
  return dates;
}

/** '2026-09-01' -> '01.09.2026', the way dates are written in Russian messages. */
export function formatDateRu(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

function covers(item: { startDate: string; endDate: string }, date: string): boolean {
  return item.startDate <= date && date <= item.endDate;
}

function byStartThenNumber(a: StudyPeriod, b: StudyPeriod): number {
  if (a.startDate !== b.startDate) return a.startDate < b.startDate ? -1 : 1;
  return a.number - b.number;
}

export function levelSettingsOf(calendar: SchoolYearCalendar, level: number): LevelSettings {
  const settings = calendar.levels.find((s) => s.level === level);
  if (!settings) {
    throw new Error(`В календаре учебного года ${calendar.name} нет настроек для параллели ${level} (${level}-е классы)`);
  }
  return settings;
}

/** The periods of the scheme the level follows (quarters, halves or trimesters), by start date. */
export function periodsOfLevel(calendar: SchoolYearCalendar, level: number): StudyPeriod[] {
  const scheme = levelSettingsOf(calendar, level).periodScheme;
  return calendar.periods.filter((p) => p.scheme === scheme).sort(byStartThenNumber);
}

/** The period of the level's scheme containing the date; null in gaps (vacations between periods) and outside the year. */
export function periodOf(calendar: SchoolYearCalendar, level: number, date: string): StudyPeriod | null {
  requireDate(date);
  return periodsOfLevel(calendar, level).find((p) => covers(p, date)) ?? null;
}

/**
 * Builds, once per level, a function telling which weekday's timetable applies to a date (null = no lessons).
 * Rules, first match wins:
 * 1. outside the school year -> null;
 * 2. outside every study period of the level's scheme -> null: the year's end date (31 May) is later than the
 *    last lesson, and a gap between periods that nobody entered as a vacation must not get lessons either;
 * 3. a vacation or public holiday covering the level -> null. It wins over a 'workday' transfer: a transfer
 *    is entered for the whole school and must not pull one level (the 1st grade in its February week) out of
 *    its own vacation;
 * 4. a 'dayoff' transfer -> null; a 'workday' transfer -> its worksAsWeekday, or the date's own weekday.
 *    Transfers win over weekends, which is their whole point;
 * 5. Sunday, or Saturday for a 5-day level -> null;
 * 6. otherwise the date's own ISO weekday.
 */
export function timetableWeekdayResolver(calendar: SchoolYearCalendar, level: number): (date: string) => number | null {
  const settings = levelSettingsOf(calendar, level);
  const periods = calendar.periods.filter((p) => p.scheme === settings.periodScheme);
  const holidays = calendar.holidays.filter((h) => h.levels === null || h.levels.includes(level));
  const transfers = new Map<string, TransferredDay>();
  // validateCalendar reports duplicate transfer dates; until fixed, the first entry is the one used.
  for (const transfer of calendar.transfers) if (!transfers.has(transfer.date)) transfers.set(transfer.date, transfer);

  return (date) => {
    const ownWeekday = isoWeekday(date);
    if (date < calendar.startDate || date > calendar.endDate) return null;
    if (!periods.some((p) => covers(p, date))) return null;
    if (holidays.some((h) => covers(h, date))) return null;
    const transfer = transfers.get(date);
    if (transfer) return transfer.kind === 'dayoff' ? null : (transfer.worksAsWeekday ?? ownWeekday);
    if (ownWeekday === SUNDAY || (ownWeekday === SATURDAY && settings.daysPerWeek === 5)) return null;
    return ownWeekday;
  };
}

/** Which weekday's timetable applies to the date for the level; null when it has no lessons (rules above). */
export function timetableWeekdayOf(calendar: SchoolYearCalendar, level: number, date: string): number | null {
  return timetableWeekdayResolver(calendar, level)(date);
}

export interface SchoolDay {
  date: string;
  /** The weekday whose timetable applies (differs from the date's own weekday on a 'workday' transfer). */
  weekday: number;
}

/** The dates with lessons for the level, from..to (default: the whole year), with the timetable weekday of each. */
export function schoolDaysOf(
  calendar: SchoolYearCalendar,
  level: number,
  from: string = calendar.startDate,
  to: string = calendar.endDate,
): SchoolDay[] {
  requireDate(from);
  requireDate(to);
  const resolve = timetableWeekdayResolver(calendar, level);
  const first = from < calendar.startDate ? calendar.startDate : from;
  const last = to > calendar.endDate ? calendar.endDate : to;
  if (first > last) return [];
  const days: SchoolDay[] = [];
  for (const date of datesBetween(first, last)) {
    const weekday = resolve(date);
    if (weekday !== null) days.push({ date, weekday });
  }
  return days;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

export interface CalendarProblem {
  /** Path of the offending field, e.g. 'periods[2].endDate', so a form can point at it. */
  field: string;
  message: string;
}

function isKnownScheme(scheme: string): scheme is PeriodScheme {
  return Object.hasOwn(PERIOD_SCHEME_LABELS, scheme);
}

function isValidLevel(level: number): boolean {
  return Number.isInteger(level) && level >= MIN_LEVEL && level <= MAX_LEVEL;
}

/**
 * The date-range checks shared by periods and holidays; `verbs` keeps the Russian grammar
 * («период начинается» / «каникулы начинаются»). Returns false when the range is unusable.
 */
function checkRange(
  add: AddProblem,
  year: { insideYear(date: string): boolean; yearText: string },
  at: string,
  label: string,
  range: { startDate: string; endDate: string },
  verbs: { starts: string; ends: string },
): boolean {
  const startValid = isValidDate(range.startDate);
  const endValid = isValidDate(range.endDate);
  if (!startValid) add(`${at}.startDate`, `${label}: неверная дата начала «${range.startDate}»`);
  if (!endValid) add(`${at}.endDate`, `${label}: неверная дата окончания «${range.endDate}»`);
  if (!startValid || !endValid) return false;
  if (range.startDate > range.endDate) {
    add(`${at}.endDate`, `${label} ${verbs.ends} (${formatDateRu(range.endDate)}) раньше, чем ${verbs.starts} (${formatDateRu(range.startDate)})`);
    return false;
  }
  if (!year.insideYear(range.startDate)) add(`${at}.startDate`, `${label} ${verbs.starts} (${formatDateRu(range.startDate)}) вне учебного года${year.yearText}`);
  if (!year.insideYear(range.endDate)) add(`${at}.endDate`, `${label} ${verbs.ends} (${formatDateRu(range.endDate)}) вне учебного года${year.yearText}`);
  return true;
}

/** Every problem of the calendar, with Russian messages; empty when it can be used. */
export function validateCalendar(calendar: SchoolYearCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, message });
  };

  const yearValid = isValidDate(calendar.startDate) && isValidDate(calendar.endDate);
  if (!isValidDate(calendar.startDate)) add('startDate', `Неверная дата начала учебного года: «${calendar.startDate}»`);
  if (!isValidDate(calendar.endDate)) add('endDate', `Неверная дата окончания учебного года: «${calendar.endDate}»`);
  if (yearValid && calendar.startDate > calendar.endDate) {
    add(
      'startDate',
      `Начало учебного года (${formatDateRu(calendar.startDate)}) позже его окончания (${formatDateRu(calendar.endDate)})`,
    );
  }
  const insideYear = (date: string): boolean => !yearValid || (calendar.startDate <= date && date <= calendar.endDate);
  const yearText = yearValid ? ` (${formatDateRu(calendar.startDate)} – ${formatDateRu(calendar.endDate)})` : '';

  validateLevels(calendar, add);
  validatePeriods(calendar, add, insideYear, yearText);
  validateHolidays(calendar.holidays, add, insideYear, yearText);
  validateTransfers(calendar.transfers, add, insideYear, yearText);
  return problems;
}

type AddProblem = (field: string, message: string) => void;

function validateLevels(calendar: SchoolYearCalendar, add: AddProblem): void {
  const seen = new Set<number>();
  calendar.levels.forEach((settings, index) => {
    const at = `levels[${index}]`;
    if (!isValidLevel(settings.level)) {
      add(`${at}.level`, `Параллель ${settings.level} вне допустимого диапазона ${MIN_LEVEL}–${MAX_LEVEL}`);
    } else if (seen.has(settings.level)) {
      add(`${at}.level`, `Параллель ${settings.level} указана дважды`);
    }
    seen.add(settings.level);
    if (settings.daysPerWeek !== 5 && settings.daysPerWeek !== 6) {
      add(
        `${at}.daysPerWeek`,
        `Параллель ${settings.level}: учебная неделя бывает 5- или 6-дневной, указано ${settings.daysPerWeek}`,
      );
    }
    if (settings.shift !== 1 && settings.shift !== 2) {
      add(`${at}.shift`, `Параллель ${settings.level}: смена бывает первой или второй, указано ${settings.shift}`);
    }
    if (!isKnownScheme(settings.periodScheme)) {
      add(`${at}.periodScheme`, `Параллель ${settings.level}: неизвестная схема периодов «${settings.periodScheme}»`);
    }
  });

  // A level whose scheme has no periods would have no lessons at all (see timetableWeekdayResolver); one problem per scheme.
  const levelsByScheme = new Map<PeriodScheme, { firstIndex: number; levels: number[] }>();
  calendar.levels.forEach((settings, index) => {
    if (!isKnownScheme(settings.periodScheme)) return;
    const entry = levelsByScheme.get(settings.periodScheme) ?? { firstIndex: index, levels: [] };
    entry.levels.push(settings.level);
    levelsByScheme.set(settings.periodScheme, entry);
  });
  for (const [scheme, { firstIndex, levels }] of levelsByScheme) {
    if (calendar.periods.some((p) => p.scheme === scheme)) continue;
    add(
      `levels[${firstIndex}].periodScheme`,
      `Схема «${PERIOD_SCHEME_LABELS[scheme]}» выбрана для параллелей ${levels.join(', ')}, но её периоды не заданы`,
    );
  }
}

function validatePeriods(
  calendar: SchoolYearCalendar,
  add: AddProblem,
  insideYear: (date: string) => boolean,
  yearText: string,
): void {
  const usable: Array<{ period: StudyPeriod; index: number }> = [];
  calendar.periods.forEach((period, index) => {
    const at = `periods[${index}]`;
    const label = `Период «${period.name}»`;
    if (!isKnownScheme(period.scheme)) add(`${at}.scheme`, `${label}: неизвестная схема периодов «${period.scheme}»`);
    if (!Number.isInteger(period.number) || period.number < 1) {
      add(`${at}.number`, `${label}: номер периода должен быть целым числом от 1, указано ${period.number}`);
    }
    if (!checkRange(add, { insideYear, yearText }, at, label, period, { starts: 'начинается', ends: 'заканчивается' })) return;
    usable.push({ period, index });
  });

  calendar.periods.forEach((period, index) => {
    const earlier = calendar.periods.findIndex((p, i) => i < index && p.scheme === period.scheme && p.number === period.number);
    if (earlier >= 0) {
      add(
        `periods[${index}].number`,
        `Номер ${period.number} в схеме «${PERIOD_SCHEME_LABELS[period.scheme] ?? period.scheme}» уже занят периодом «${calendar.periods[earlier]?.name ?? ''}»`,
      );
    }
  });

  for (const [j, later] of usable.entries()) {
    for (const earlier of usable.slice(0, j)) {
      const a = earlier.period;
      const b = later.period;
      if (a.scheme !== b.scheme || a.startDate > b.endDate || b.startDate > a.endDate) continue;
      add(
        `periods[${later.index}]`,
        `Периоды «${a.name}» (${formatDateRu(a.startDate)} – ${formatDateRu(a.endDate)}) и «${b.name}» ` +
          `(${formatDateRu(b.startDate)} – ${formatDateRu(b.endDate)}) пересекаются`,
      );
    }
  }
}

function validateHolidays(
  holidays: readonly Holiday[],
  add: AddProblem,
  insideYear: (date: string) => boolean,
  yearText: string,
): void {
  holidays.forEach((holiday, index) => {
    const at = `holidays[${index}]`;
    const label = `«${holiday.name}»`;
    if (holiday.levels !== null) {
      if (holiday.levels.length === 0) add(`${at}.levels`, `${label}: не выбрана ни одна параллель`);
      const wrong = holiday.levels.filter((level) => !isValidLevel(level));
      if (wrong.length > 0) {
        add(`${at}.levels`, `${label}: параллели ${wrong.join(', ')} вне допустимого диапазона ${MIN_LEVEL}–${MAX_LEVEL}`);
      }
    }
    if (!checkRange(add, { insideYear, yearText }, at, label, holiday, { starts: 'начинаются', ends: 'заканчиваются' })) return;
  });
}

function validateTransfers(
  transfers: readonly TransferredDay[],
  add: AddProblem,
  insideYear: (date: string) => boolean,
  yearText: string,
): void {
  const seen = new Set<string>();
  transfers.forEach((transfer, index) => {
    const at = `transfers[${index}]`;
    if (
      transfer.worksAsWeekday !== null &&
      !(Number.isInteger(transfer.worksAsWeekday) && transfer.worksAsWeekday >= 1 && transfer.worksAsWeekday <= 6)
    ) {
      add(
        `${at}.worksAsWeekday`,
        `Перенос: день недели расписания должен быть от 1 (понедельник) до 6 (суббота), указано ${transfer.worksAsWeekday}`,
      );
    }
    if (!isValidDate(transfer.date)) {
      add(`${at}.date`, `Перенос: неверная дата «${transfer.date}»`);
      return;
    }
    const dateText = formatDateRu(transfer.date);
    if (seen.has(transfer.date)) add(`${at}.date`, `Перенос на ${dateText} указан дважды`);
    seen.add(transfer.date);
    if (!insideYear(transfer.date)) add(`${at}.date`, `Перенос ${dateText} вне учебного года${yearText}`);
    const weekday = isoWeekday(transfer.date);
    if (transfer.kind === 'workday' && weekday !== SATURDAY && weekday !== SUNDAY) {
      add(`${at}.date`, `Рабочим днём можно сделать только субботу или воскресенье, а ${dateText} — ${weekdayName(weekday)}`);
    }
    if (transfer.kind === 'workday' && weekday === SUNDAY && transfer.worksAsWeekday === null) {
      add(`${at}.worksAsWeekday`, `Рабочее воскресенье ${dateText}: укажите, по расписанию какого дня недели идут уроки`);
    }
    if (transfer.kind === 'dayoff' && weekday === SUNDAY) {
      add(`${at}.date`, `Выходным можно сделать только день с понедельника по субботу, а ${dateText} — воскресенье`);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Default calendar

function firstWeekdayOnOrAfter(date: string, weekday: number): string {
  return addDays(date, (weekday - isoWeekday(date) + 7) % 7);
}

function lastDayOfFebruary(year: number): string {
  return isValidDate(`${year}-02-29`) ? `${year}-02-29` : `${year}-02-28`;
}

function allLevels(): number[] {
  return Array.from({ length: MAX_LEVEL }, (_, i) => i + MIN_LEVEL);
}

/**
 * A realistic calendar for the school year starting 1 September of `startYear`, following the usual
 * Минпросвещения pattern: vacations run Saturday to Sunday of the next week (9 days), quarters end the day
 * before a vacation and start the day after, lessons end on 26 May (the year itself ends on 31 May).
 * Public holidays that fall on weekends are not moved: transfers are decided by the government every year,
 * so the school enters them itself.
 */
export function defaultCalendar(startYear: number): SchoolYearCalendar {
  if (!Number.isInteger(startYear) || startYear < 1000 || startYear > 9998) {
    throw new Error(`Год начала учебного года должен быть четырёхзначным числом, указано ${startYear}`);
  }
  const next = startYear + 1;
  const nineDaysFrom = (saturday: string): { startDate: string; endDate: string } => ({
    startDate: saturday,
    endDate: addDays(saturday, 8),
  });
  const autumn = nineDaysFrom(firstWeekdayOnOrAfter(`${startYear}-10-24`, SATURDAY));
  const winter = { startDate: `${startYear}-12-29`, endDate: firstWeekdayOnOrAfter(`${next}-01-08`, SUNDAY) };
  const spring = nineDaysFrom(firstWeekdayOnOrAfter(`${next}-03-22`, SATURDAY));
  const firstGradeFebruary = nineDaysFrom(firstWeekdayOnOrAfter(`${next}-02-14`, SATURDAY));
  const firstDay = `${startYear}-09-01`;
  const lastLessonDay = `${next}-05-26`;
  const dayBefore = (date: string): string => addDays(date, -1);
  const dayAfter = (date: string): string => addDays(date, 1);

  const period = (scheme: PeriodScheme, number: number, startDate: string, endDate: string): StudyPeriod => {
    const noun = scheme === 'quarters' ? 'четверть' : scheme === 'halves' ? 'полугодие' : 'триместр';
    return { scheme, number, name: `${number} ${noun}`, startDate, endDate };
  };
  const periods: StudyPeriod[] = [
    period('quarters', 1, firstDay, dayBefore(autumn.startDate)),
    period('quarters', 2, dayAfter(autumn.endDate), dayBefore(winter.startDate)),
    period('quarters', 3, dayAfter(winter.endDate), dayBefore(spring.startDate)),
    period('quarters', 4, dayAfter(spring.endDate), lastLessonDay),
    period('halves', 1, firstDay, dayBefore(winter.startDate)),
    period('halves', 2, dayAfter(winter.endDate), lastLessonDay),
    period('trimesters', 1, firstDay, `${startYear}-11-30`),
    period('trimesters', 2, `${startYear}-12-01`, lastDayOfFebruary(next)),
    period('trimesters', 3, `${next}-03-01`, lastLessonDay),
  ];

  const vacations: Holiday[] = [
    { kind: 'vacation', name: 'Осенние каникулы', ...autumn, levels: null },
    { kind: 'vacation', name: 'Зимние каникулы', ...winter, levels: null },
    { kind: 'vacation', name: 'Дополнительные каникулы для 1 класса', ...firstGradeFebruary, levels: [1] },
    { kind: 'vacation', name: 'Весенние каникулы', ...spring, levels: null },
  ];
  const publicHolidays: Array<[string, string]> = [
    [`${startYear}-11-04`, 'День народного единства'],
    [`${next}-02-23`, 'День защитника Отечества'],
    [`${next}-03-08`, 'Международный женский день'],
    [`${next}-05-01`, 'Праздник Весны и Труда'],
    [`${next}-05-09`, 'День Победы'],
  ];
  const endDate = `${next}-05-31`;
  // A holiday inside a whole-school vacation changes nothing; one inside the 1st grade's week still matters to the others.
  const wholeSchoolVacations = vacations.filter((v) => v.levels === null);
  const holidays: Holiday[] = [
    ...vacations,
    ...publicHolidays
      .filter(([date]) => firstDay <= date && date <= endDate && !wholeSchoolVacations.some((v) => covers(v, date)))
      .map(([date, name]): Holiday => ({ kind: 'public_holiday', name, startDate: date, endDate: date, levels: null })),
  ].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));

  return {
    name: `${startYear}/${next}`,
    startDate: firstDay,
    endDate,
    levels: allLevels().map((level): LevelSettings => ({
      level,
      periodScheme: level >= 10 ? 'halves' : 'quarters',
      daysPerWeek: 5,
      shift: 1,
      isMarkless: level === 1,
    })),
    periods,
    holidays,
    transfers: [],
  };
}
