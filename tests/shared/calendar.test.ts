// Calendar rules at their edges: date arithmetic, which timetable a date follows for a level, study periods,
// validation messages and the default Russian school year (DOMAIN.md, «School year and calendar»).
import { describe, expect, it } from 'vitest';
import {
  addDays,
  datesBetween,
  defaultCalendar,
  formatDateRu,
  isoWeekday,
  isValidDate,
  levelSettingsOf,
  periodOf,
  periodsOfLevel,
  schoolDaysOf,
  timetableWeekdayOf,
  validateCalendar,
  weekdayName,
  type CalendarProblem,
} from '../../src/shared/domain/calendar';
import type { Holiday, PeriodScheme, SchoolYearCalendar, StudyPeriod } from '../../src/shared/domain/school-year-types';

const RUSSIAN = /[а-яё]/i;

/**
 * 2026/2027, written by hand so every edge is visible. Level 1 and 5: quarters, 5-day week; level 10: halves,
 * 6-day week, its second half running to the last day of the year (31 May, a Monday).
 */
const CALENDAR: SchoolYearCalendar = {
  name: '2026/2027',
  startDate: '2026-09-01', // Tuesday
  endDate: '2027-05-31', // Monday
  levels: [
    { level: 1, periodScheme: 'quarters', daysPerWeek: 5, shift: 1, isMarkless: true },
    { level: 5, periodScheme: 'quarters', daysPerWeek: 5, shift: 1, isMarkless: false },
    { level: 10, periodScheme: 'halves', daysPerWeek: 6, shift: 1, isMarkless: false },
  ],
  periods: [
    { scheme: 'quarters', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-23' },
    { scheme: 'quarters', number: 2, name: '2 четверть', startDate: '2026-11-02', endDate: '2026-12-28' },
    { scheme: 'quarters', number: 3, name: '3 четверть', startDate: '2027-01-12', endDate: '2027-03-19' },
    { scheme: 'quarters', number: 4, name: '4 четверть', startDate: '2027-03-29', endDate: '2027-05-26' },
    { scheme: 'halves', number: 1, name: '1 полугодие', startDate: '2026-09-01', endDate: '2026-12-28' },
    { scheme: 'halves', number: 2, name: '2 полугодие', startDate: '2027-01-12', endDate: '2027-05-31' },
  ],
  holidays: [
    { kind: 'vacation', name: 'Осенние каникулы', startDate: '2026-10-24', endDate: '2026-11-01', levels: null },
    { kind: 'public_holiday', name: 'День народного единства', startDate: '2026-11-04', endDate: '2026-11-04', levels: null },
    { kind: 'vacation', name: 'Зимние каникулы', startDate: '2026-12-29', endDate: '2027-01-11', levels: null },
    {
      kind: 'vacation',
      name: 'Дополнительные каникулы для 1 класса',
      startDate: '2027-02-13',
      endDate: '2027-02-21',
      levels: [1],
    },
    { kind: 'public_holiday', name: 'День защитника Отечества', startDate: '2027-02-23', endDate: '2027-02-23', levels: null },
    { kind: 'public_holiday', name: 'Международный женский день', startDate: '2027-03-08', endDate: '2027-03-08', levels: null },
    { kind: 'vacation', name: 'Весенние каникулы', startDate: '2027-03-20', endDate: '2027-03-28', levels: null },
  ],
  transfers: [
    { date: '2026-11-14', kind: 'workday', worksAsWeekday: 1, reason: 'Отработка за 4 ноября' },
    { date: '2027-02-20', kind: 'workday', worksAsWeekday: null, reason: 'Субботник' },
    { date: '2027-05-10', kind: 'dayoff', worksAsWeekday: null, reason: 'Перенос выходного с 9 мая' },
  ],
};

const withChanges = (changes: Partial<SchoolYearCalendar>): SchoolYearCalendar => ({ ...CALENDAR, ...changes });
const fieldsOf = (problems: CalendarProblem[]): string[] => problems.map((p) => p.field);
const onlyProblem = (calendar: SchoolYearCalendar): CalendarProblem => {
  const problems = validateCalendar(calendar);
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  if (!problem) throw new Error('unreachable');
  expect(problem.message).toMatch(RUSSIAN);
  return problem;
};

describe('dates', () => {
  it('accepts existing dates, including 29 February of a leap year', () => {
    for (const date of ['2026-09-01', '2028-02-29', '2000-02-29', '2026-12-31', '2027-01-01', '2026-04-30']) {
      expect(isValidDate(date), date).toBe(true);
    }
  });

  it('rejects dates that do not exist or are not written YYYY-MM-DD', () => {
    const wrong = [
      '2026-02-30',
      '2026-13-01',
      '26-09-01',
      '2027-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-00-10',
      '2026-01-00',
      '2026-9-1',
      '2026-09-01T00:00',
      ' 2026-09-01',
      '0026-09-01',
      '',
      'abcd-ef-gh',
    ];
    for (const date of wrong) expect(isValidDate(date), date).toBe(false);
  });

  it('adds days across months, years and leap days, both ways', () => {
    expect(addDays('2026-09-30', 1)).toBe('2026-10-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-28', 2)).toBe('2028-03-01');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-09-01', 0)).toBe('2026-09-01');
    expect(addDays('2026-09-01', 365)).toBe('2027-09-01');
  });

  it('refuses to add to a wrong date or a fractional number of days', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/Неверная дата «2026-02-30»/);
    expect(() => addDays('2026-09-01', 0.5)).toThrow(/целым/);
  });

  it('numbers weekdays the ISO way, Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-09-07')).toBe(1);
    expect(isoWeekday('2026-09-01')).toBe(2);
    expect(isoWeekday('2026-09-05')).toBe(6);
    expect(isoWeekday('2026-09-06')).toBe(7);
    expect(isoWeekday('2028-02-29')).toBe(2);
    expect(() => isoWeekday('26-09-01')).toThrow(/Неверная дата/);
  });

  it('lists dates inclusively, empty when reversed', () => {
    expect(datesBetween('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(datesBetween('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
    expect(datesBetween('2026-09-01', '2026-09-01')).toEqual(['2026-09-01']);
    expect(datesBetween('2026-09-02', '2026-09-01')).toEqual([]);
    expect(datesBetween('2026-09-01', '2027-08-31')).toHaveLength(365);
    expect(() => datesBetween('2026-09-01', '2026-13-01')).toThrow(/Неверная дата/);
  });

  it('names weekdays and formats dates in Russian', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(weekdayName)).toEqual([
      'понедельник',
      'вторник',
      'среда',
      'четверг',
      'пятница',
      'суббота',
      'воскресенье',
    ]);
    expect(() => weekdayName(0)).toThrow(/дня недели/);
    expect(() => weekdayName(8)).toThrow(/дня недели/);
    expect(formatDateRu('2026-09-01')).toBe('01.09.2026');
  });
});

describe('level settings and periods', () => {
  it('finds the settings of a level', () => {
    expect(levelSettingsOf(CALENDAR, 10)).toMatchObject({ periodScheme: 'halves', daysPerWeek: 6 });
  });

  it('throws a Russian error naming the level and the year when a level has no settings', () => {
    expect(() => levelSettingsOf(CALENDAR, 7)).toThrow('В календаре учебного года 2026/2027 нет настроек для параллели 7');
    expect(() => timetableWeekdayOf(CALENDAR, 7, '2026-09-01')).toThrow(/параллели 7/);
    expect(() => periodOf(CALENDAR, 7, '2026-09-01')).toThrow(/параллели 7/);
  });

  it('lists the periods of the level scheme only, sorted by start even when stored shuffled', () => {
    const shuffled = withChanges({ periods: [...CALENDAR.periods].reverse() });
    expect(periodsOfLevel(shuffled, 5).map((p) => p.name)).toEqual(['1 четверть', '2 четверть', '3 четверть', '4 четверть']);
    expect(periodsOfLevel(shuffled, 10).map((p) => p.name)).toEqual(['1 полугодие', '2 полугодие']);
  });

  it('finds the period on its first and last day and none just outside', () => {
    for (const period of periodsOfLevel(CALENDAR, 5)) {
      expect(periodOf(CALENDAR, 5, period.startDate)?.name).toBe(period.name);
      expect(periodOf(CALENDAR, 5, period.endDate)?.name).toBe(period.name);
    }
    expect(periodOf(CALENDAR, 5, '2026-08-31')).toBeNull();
    expect(periodOf(CALENDAR, 5, '2027-05-27')).toBeNull();
  });

  it('has no period in the vacations between quarters, while halves run through them', () => {
    for (const date of ['2026-10-24', '2026-10-26', '2026-11-01', '2026-12-29', '2027-01-11', '2027-03-20', '2027-03-28']) {
      expect(periodOf(CALENDAR, 5, date), date).toBeNull();
    }
    expect(periodOf(CALENDAR, 10, '2026-10-26')?.name).toBe('1 полугодие');
    expect(periodOf(CALENDAR, 10, '2027-01-05')).toBeNull();
    expect(periodOf(CALENDAR, 10, '2027-05-31')?.name).toBe('2 полугодие');
  });

  it('rejects a wrong date', () => {
    expect(() => periodOf(CALENDAR, 5, '2026-02-30')).toThrow(/Неверная дата/);
  });
});

describe('timetableWeekdayOf', () => {
  const weekday = (level: number, date: string): number | null => timetableWeekdayOf(CALENDAR, level, date);

  it('has lessons from the first day of the year to the last, none the day before or after', () => {
    expect(weekday(10, '2026-08-31')).toBeNull();
    expect(weekday(10, '2026-09-01')).toBe(2);
    expect(weekday(10, '2027-05-31')).toBe(1);
    expect(weekday(10, '2027-06-01')).toBeNull();
  });

  it('has no lessons outside the year even when a (wrong) period reaches beyond it', () => {
    const periods: StudyPeriod[] = [
      { scheme: 'halves', number: 1, name: '1 полугодие', startDate: '2026-08-01', endDate: '2027-06-30' },
    ];
    const calendar = withChanges({ periods });
    expect(timetableWeekdayOf(calendar, 10, '2026-08-31')).toBeNull();
    expect(timetableWeekdayOf(calendar, 10, '2027-06-01')).toBeNull();
  });

  it('has no lessons after the last period even though the year has not ended', () => {
    expect(weekday(5, '2027-05-26')).toBe(3);
    expect(weekday(5, '2027-05-27')).toBeNull();
    expect(weekday(5, '2027-05-31')).toBeNull();
  });

  it('has no lessons on Saturday for a 5-day level, but has them for a 6-day one; none on Sunday for anyone', () => {
    expect(weekday(5, '2026-09-05')).toBeNull();
    expect(weekday(10, '2026-09-05')).toBe(6);
    expect(weekday(5, '2026-09-06')).toBeNull();
    expect(weekday(10, '2026-09-06')).toBeNull();
    expect(weekday(5, '2026-09-07')).toBe(1);
  });

  it('stops on a whole-school vacation, from its first to its last day', () => {
    expect(weekday(5, '2026-10-23')).toBe(5);
    expect(weekday(10, '2026-10-24')).toBeNull(); // a Saturday the 6-day level would otherwise work
    expect(weekday(5, '2026-10-26')).toBeNull();
    expect(weekday(10, '2026-10-30')).toBeNull();
    expect(weekday(5, '2026-11-02')).toBe(1);
    expect(weekday(5, '2026-12-28')).toBe(1);
    expect(weekday(5, '2026-12-29')).toBeNull();
    expect(weekday(5, '2027-01-11')).toBeNull();
    expect(weekday(5, '2027-01-12')).toBe(2);
  });

  it('gives the 1st grade its February week while other levels study', () => {
    expect(weekday(1, '2027-02-12')).toBe(5);
    expect(weekday(1, '2027-02-15')).toBeNull();
    expect(weekday(5, '2027-02-15')).toBe(1);
    expect(weekday(1, '2027-02-19')).toBeNull();
    expect(weekday(1, '2027-02-22')).toBe(1);
  });

  it('stops on public holidays for every level', () => {
    for (const level of [1, 5, 10]) {
      expect(weekday(level, '2026-11-04')).toBeNull();
      expect(weekday(level, '2027-02-23')).toBeNull();
      expect(weekday(level, '2027-03-08')).toBeNull();
    }
    expect(weekday(5, '2026-11-05')).toBe(4);
  });

  it('makes a weekday free on a dayoff transfer', () => {
    expect(weekday(5, '2027-05-10')).toBeNull();
    expect(weekday(10, '2027-05-10')).toBeNull();
    expect(weekday(5, '2027-05-11')).toBe(2);
  });

  it('makes a Saturday follow Monday timetable on a workday transfer, for 5- and 6-day levels', () => {
    expect(weekday(5, '2026-11-14')).toBe(1);
    expect(weekday(10, '2026-11-14')).toBe(1);
  });

  it('keeps the date own weekday on a workday transfer without worksAsWeekday', () => {
    expect(weekday(5, '2027-02-20')).toBe(6);
  });

  it('lets a vacation win over a workday transfer', () => {
    expect(weekday(1, '2027-02-20')).toBeNull();
  });

  it('handles 29 February of a leap year', () => {
    const calendar = defaultCalendar(2027);
    expect(timetableWeekdayOf(calendar, 5, '2028-02-29')).toBe(2);
    expect(timetableWeekdayOf(calendar, 1, '2028-02-29')).toBe(2);
    expect(periodOf(calendar, 5, '2028-02-29')?.name).toBe('3 четверть');
  });

  it('rejects a wrong date', () => {
    expect(() => weekday(5, '2026-13-01')).toThrow(/Неверная дата/);
  });
});

describe('schoolDaysOf', () => {
  it('lists a week with a public holiday, skipping it and the weekend', () => {
    expect(schoolDaysOf(CALENDAR, 5, '2026-11-02', '2026-11-08')).toEqual([
      { date: '2026-11-02', weekday: 1 },
      { date: '2026-11-03', weekday: 2 },
      { date: '2026-11-05', weekday: 4 },
      { date: '2026-11-06', weekday: 5 },
    ]);
  });

  it('lists a worked Saturday with the weekday it follows', () => {
    expect(schoolDaysOf(CALENDAR, 5, '2026-11-13', '2026-11-16')).toEqual([
      { date: '2026-11-13', weekday: 5 },
      { date: '2026-11-14', weekday: 1 },
      { date: '2026-11-16', weekday: 1 },
    ]);
  });

  it('covers the whole year by default and clamps a range to it', () => {
    const all = schoolDaysOf(CALENDAR, 10);
    expect(all[0]).toEqual({ date: '2026-09-01', weekday: 2 });
    expect(all.at(-1)).toEqual({ date: '2027-05-31', weekday: 1 });
    expect(schoolDaysOf(CALENDAR, 10, '2026-01-01', '2028-01-01')).toEqual(all);
    expect(schoolDaysOf(CALENDAR, 10, '2027-06-01', '2027-08-31')).toEqual([]);
    expect(schoolDaysOf(CALENDAR, 10, '2026-09-02', '2026-09-01')).toEqual([]);
  });

  it('agrees with timetableWeekdayOf on every date of the year', () => {
    for (const level of [1, 5, 10]) {
      const expected = datesBetween(CALENDAR.startDate, CALENDAR.endDate)
        .map((date) => ({ date, weekday: timetableWeekdayOf(CALENDAR, level, date) }))
        .filter((day) => day.weekday !== null);
      expect(schoolDaysOf(CALENDAR, level)).toEqual(expected);
    }
  });

  it('rejects wrong bounds', () => {
    expect(() => schoolDaysOf(CALENDAR, 5, '26-09-01')).toThrow(/Неверная дата/);
  });
});

describe('validateCalendar', () => {
  const period = (index: number): StudyPeriod => {
    const found = CALENDAR.periods[index];
    if (!found) throw new Error(`no period ${index}`);
    return found;
  };
  const replacePeriod = (index: number, changes: Partial<StudyPeriod>): SchoolYearCalendar =>
    withChanges({ periods: CALENDAR.periods.map((p, i) => (i === index ? { ...p, ...changes } : p)) });

  it('accepts the hand-written calendar', () => {
    expect(validateCalendar(CALENDAR)).toEqual([]);
  });

  it('reports a year that starts after it ends', () => {
    const problem = onlyProblem(
      withChanges({ startDate: '2027-06-01', endDate: '2027-05-31', periods: [], holidays: [], transfers: [], levels: [] }),
    );
    expect(problem.field).toBe('startDate');
    expect(problem.message).toContain('01.06.2027');
    expect(problem.message).toContain('31.05.2027');
  });

  it('reports invalid year dates', () => {
    const problems = validateCalendar(withChanges({ startDate: '2026-02-30', endDate: '2027-13-01' }));
    expect(fieldsOf(problems)).toEqual(['startDate', 'endDate']);
    expect(problems[0]?.message).toContain('«2026-02-30»');
    expect(problems[1]?.message).toContain('«2027-13-01»');
  });

  it('reports a period that starts before the year or ends after it', () => {
    const early = onlyProblem(replacePeriod(0, { startDate: '2026-08-31' }));
    expect(early.field).toBe('periods[0].startDate');
    expect(early.message).toContain('«1 четверть»');
    expect(early.message).toContain('вне учебного года');
    const late = onlyProblem(replacePeriod(5, { endDate: '2027-06-01' }));
    expect(late.field).toBe('periods[5].endDate');
    expect(late.message).toContain('«2 полугодие»');
  });

  it('reports a period that ends before it starts', () => {
    const problem = onlyProblem(replacePeriod(1, { startDate: '2026-12-28', endDate: '2026-11-02' }));
    expect(problem.field).toBe('periods[1].endDate');
    expect(problem.message).toContain('«2 четверть»');
    expect(problem.message).toContain('раньше');
  });

  it('reports overlapping periods of one scheme, naming both', () => {
    const problem = onlyProblem(replacePeriod(1, { startDate: '2026-10-23' }));
    expect(problem.field).toBe('periods[1]');
    expect(problem.message).toContain('«1 четверть»');
    expect(problem.message).toContain('«2 четверть»');
    expect(problem.message).toContain('пересекаются');
  });

  it('does not compare periods of different schemes', () => {
    // Quarters and halves cover the same dates by design.
    expect(validateCalendar(CALENDAR).filter((p) => p.message.includes('пересекаются'))).toEqual([]);
  });

  it('reports a period number used twice in a scheme, and one that is not a positive integer', () => {
    const duplicate = onlyProblem(replacePeriod(3, { number: 3 }));
    expect(duplicate.field).toBe('periods[3].number');
    expect(duplicate.message).toContain('«Четверти»');
    expect(duplicate.message).toContain('«3 четверть»');
    const zero = onlyProblem(replacePeriod(4, { number: 0 }));
    expect(zero.field).toBe('periods[4].number');
  });

  it('reports invalid period dates and an unknown scheme', () => {
    expect(fieldsOf(validateCalendar(replacePeriod(0, { startDate: '2026-09-31' })))).toEqual(['periods[0].startDate']);
    expect(fieldsOf(validateCalendar(replacePeriod(0, { endDate: 'завтра' })))).toEqual(['periods[0].endDate']);
    const unknown = validateCalendar(replacePeriod(0, { scheme: 'semesters' as PeriodScheme }));
    expect(fieldsOf(unknown)).toContain('periods[0].scheme');
  });

  it('reports a scheme chosen for levels but without periods, once for all its levels', () => {
    const calendar = withChanges({ periods: CALENDAR.periods.filter((p) => p.scheme !== 'quarters') });
    const problem = onlyProblem(calendar);
    expect(problem.field).toBe('levels[0].periodScheme');
    expect(problem.message).toContain('«Четверти»');
    expect(problem.message).toContain('1, 5');
  });

  it('reports a holiday outside the year, ending before it starts, or with wrong dates', () => {
    const replaceHoliday = (index: number, changes: object): SchoolYearCalendar =>
      withChanges({ holidays: CALENDAR.holidays.map((h, i) => (i === index ? { ...h, ...changes } : h)) });
    const before = onlyProblem(replaceHoliday(0, { startDate: '2026-08-25' }));
    expect(before.field).toBe('holidays[0].startDate');
    expect(before.message).toContain('«Осенние каникулы»');
    expect(before.message).toContain('вне учебного года');
    expect(onlyProblem(replaceHoliday(6, { endDate: '2027-06-02' })).field).toBe('holidays[6].endDate');
    const reversed = onlyProblem(replaceHoliday(2, { startDate: '2027-01-11', endDate: '2026-12-29' }));
    expect(reversed.field).toBe('holidays[2].endDate');
    expect(reversed.message).toContain('«Зимние каникулы»');
    expect(onlyProblem(replaceHoliday(1, { startDate: '2026-11-31' })).field).toBe('holidays[1].startDate');
  });

  it('reports holiday levels outside 1..11 or an empty list', () => {
    const replaceLevels = (levels: number[]): SchoolYearCalendar =>
      withChanges({ holidays: CALENDAR.holidays.map((h, i) => (i === 3 ? { ...h, levels } : h)) });
    const wrong = onlyProblem(replaceLevels([0, 1, 12]));
    expect(wrong.field).toBe('holidays[3].levels');
    expect(wrong.message).toContain('0, 12');
    expect(onlyProblem(replaceLevels([])).field).toBe('holidays[3].levels');
  });

  it('reports transfers outside the year, on a wrong weekday, doubled or with wrong data', () => {
    const transfers = (extra: SchoolYearCalendar['transfers']): SchoolYearCalendar => withChanges({ transfers: extra });
    const outside = onlyProblem(transfers([{ date: '2027-06-05', kind: 'workday', worksAsWeekday: 1, reason: '' }]));
    expect(outside.field).toBe('transfers[0].date');
    expect(outside.message).toContain('вне учебного года');

    const workdayOnWeekday = onlyProblem(transfers([{ date: '2026-11-11', kind: 'workday', worksAsWeekday: 1, reason: '' }]));
    expect(workdayOnWeekday.field).toBe('transfers[0].date');
    expect(workdayOnWeekday.message).toContain('среда');

    const dayoffOnSunday = onlyProblem(transfers([{ date: '2026-11-15', kind: 'dayoff', worksAsWeekday: null, reason: '' }]));
    expect(dayoffOnSunday.field).toBe('transfers[0].date');
    expect(dayoffOnSunday.message).toContain('воскресенье');
    expect(validateCalendar(transfers([{ date: '2026-11-14', kind: 'dayoff', worksAsWeekday: null, reason: '' }]))).toEqual([]);

    const sundayWithoutWeekday = onlyProblem(
      transfers([{ date: '2026-11-15', kind: 'workday', worksAsWeekday: null, reason: '' }]),
    );
    expect(sundayWithoutWeekday.field).toBe('transfers[0].worksAsWeekday');
    expect(validateCalendar(transfers([{ date: '2026-11-15', kind: 'workday', worksAsWeekday: 2, reason: '' }]))).toEqual([]);

    const doubled = onlyProblem(
      transfers([
        { date: '2026-11-14', kind: 'workday', worksAsWeekday: 1, reason: '' },
        { date: '2026-11-14', kind: 'workday', worksAsWeekday: 2, reason: '' },
      ]),
    );
    expect(doubled.field).toBe('transfers[1].date');
    expect(doubled.message).toContain('дважды');

    expect(onlyProblem(transfers([{ date: '2026-11-31', kind: 'dayoff', worksAsWeekday: null, reason: '' }])).field).toBe(
      'transfers[0].date',
    );
    expect(onlyProblem(transfers([{ date: '2026-11-14', kind: 'workday', worksAsWeekday: 7, reason: '' }])).field).toBe(
      'transfers[0].worksAsWeekday',
    );
  });

  it('reports levels outside 1..11, duplicated, with a wrong week, shift or scheme', () => {
    const levels = (changes: object, index = 1): SchoolYearCalendar =>
      withChanges({ levels: CALENDAR.levels.map((l, i) => (i === index ? { ...l, ...changes } : l)) });
    const twelve = validateCalendar(levels({ level: 12 }));
    expect(fieldsOf(twelve)).toEqual(['levels[1].level']);
    expect(twelve[0]?.message).toContain('12');
    expect(fieldsOf(validateCalendar(levels({ level: 0 })))).toEqual(['levels[1].level']);
    expect(fieldsOf(validateCalendar(levels({ level: 5.5 })))).toEqual(['levels[1].level']);

    const duplicated = onlyProblem(levels({ level: 1 }));
    expect(duplicated.field).toBe('levels[1].level');
    expect(duplicated.message).toContain('дважды');

    const week = onlyProblem(levels({ daysPerWeek: 7 }));
    expect(week.field).toBe('levels[1].daysPerWeek');
    expect(week.message).toContain('7');
    expect(onlyProblem(levels({ shift: 3 })).field).toBe('levels[1].shift');
    expect(fieldsOf(validateCalendar(levels({ periodScheme: 'semesters' })))).toEqual(['levels[1].periodScheme']);
  });

  it('writes every message in Russian', () => {
    const broken = withChanges({
      startDate: '2026-09-01',
      levels: [{ level: 12, periodScheme: 'quarters', daysPerWeek: 5, shift: 1, isMarkless: false }],
      periods: [period(0), { ...period(1), startDate: '2026-10-01' }, { ...period(2), endDate: '2027-07-01' }],
      holidays: [{ kind: 'vacation', name: 'Летние', startDate: '2027-06-01', endDate: '2027-05-01', levels: [13] }],
      transfers: [{ date: '2026-09-02', kind: 'workday', worksAsWeekday: 9, reason: '' }],
    });
    const problems = validateCalendar(broken);
    expect(problems.length).toBeGreaterThanOrEqual(6);
    for (const problem of problems) expect(problem.message).toMatch(RUSSIAN);
  });
});

describe('defaultCalendar', () => {
  const years = Array.from({ length: 12 }, (_, i) => 2024 + i);

  it.each(years)('is valid for %i', (year) => {
    expect(validateCalendar(defaultCalendar(year))).toEqual([]);
  });

  it.each(years)('ends quarters the day before each vacation and starts them the day after (%i)', (year) => {
    const calendar = defaultCalendar(year);
    const quarters = periodsOfLevel(calendar, 5);
    const vacations = calendar.holidays.filter((h) => h.kind === 'vacation' && h.levels === null);
    expect(quarters).toHaveLength(4);
    expect(vacations).toHaveLength(3);
    vacations.forEach((vacation, index) => {
      expect(quarters[index]?.endDate).toBe(addDays(vacation.startDate, -1));
      expect(quarters[index + 1]?.startDate).toBe(addDays(vacation.endDate, 1));
    });
    expect(quarters[0]?.startDate).toBe(`${year}-09-01`);
    expect(quarters[3]?.endDate).toBe(`${year + 1}-05-26`);
  });

  it.each(years)('puts vacations in their usual weeks (%i)', (year) => {
    const calendar = defaultCalendar(year);
    const vacation = (name: string): Holiday => {
      const found = calendar.holidays.find((h) => h.name === name);
      if (!found) throw new Error(`no ${name}`);
      return found;
    };
    const autumn = vacation('Осенние каникулы');
    const winter = vacation('Зимние каникулы');
    const spring = vacation('Весенние каникулы');
    const february = vacation('Дополнительные каникулы для 1 класса');
    for (const nineDays of [autumn, spring, february]) {
      expect(isoWeekday(nineDays.startDate)).toBe(6);
      expect(addDays(nineDays.startDate, 8)).toBe(nineDays.endDate);
    }
    const between = (date: string, first: string, last: string): boolean => first <= date && date <= last;
    expect(between(autumn.startDate, `${year}-10-24`, `${year}-10-30`)).toBe(true);
    expect(winter.startDate).toBe(`${year}-12-29`);
    expect(isoWeekday(winter.endDate)).toBe(7);
    expect(between(winter.endDate, `${year + 1}-01-08`, `${year + 1}-01-14`)).toBe(true);
    expect(between(spring.startDate, `${year + 1}-03-22`, `${year + 1}-03-28`)).toBe(true);
    expect(february.levels).toEqual([1]);
    expect(between(february.startDate, `${year + 1}-02-14`, `${year + 1}-02-20`)).toBe(true);
  });

  it.each(years)('adds public holidays unless a whole-school vacation already covers them (%i)', (year) => {
    const calendar = defaultCalendar(year);
    const publicHolidays = calendar.holidays.filter((h) => h.kind === 'public_holiday');
    for (const holiday of publicHolidays) {
      expect(holiday.startDate).toBe(holiday.endDate);
      expect(holiday.levels).toBeNull();
    }
    const names = publicHolidays.map((h) => h.name);
    expect(names).toEqual(
      expect.arrayContaining(['День защитника Отечества', 'Международный женский день', 'Праздник Весны и Труда', 'День Победы']),
    );
    const autumn = calendar.holidays.find((h) => h.name === 'Осенние каникулы');
    const novemberInVacation = autumn !== undefined && autumn.endDate >= `${year}-11-04`;
    expect(names.includes('День народного единства')).toBe(!novemberInVacation);
    const sorted = [...calendar.holidays].sort((a, b) => a.startDate.localeCompare(b.startDate));
    expect(calendar.holidays).toEqual(sorted);
  });

  it('matches the 2025/2026 calendar the ministry published, where the rules coincide', () => {
    const calendar = defaultCalendar(2025);
    expect(calendar.name).toBe('2025/2026');
    expect(calendar.startDate).toBe('2025-09-01');
    expect(calendar.endDate).toBe('2026-05-31');
    const spans = calendar.holidays.filter((h) => h.kind === 'vacation').map((h) => [h.name, h.startDate, h.endDate]);
    expect(spans).toEqual([
      ['Осенние каникулы', '2025-10-25', '2025-11-02'],
      ['Зимние каникулы', '2025-12-29', '2026-01-11'],
      ['Дополнительные каникулы для 1 класса', '2026-02-14', '2026-02-22'],
      ['Весенние каникулы', '2026-03-28', '2026-04-05'],
    ]);
    expect(calendar.periods.map((p) => [p.name, p.startDate, p.endDate])).toEqual([
      ['1 четверть', '2025-09-01', '2025-10-24'],
      ['2 четверть', '2025-11-03', '2025-12-28'],
      ['3 четверть', '2026-01-12', '2026-03-27'],
      ['4 четверть', '2026-04-06', '2026-05-26'],
      ['1 полугодие', '2025-09-01', '2025-12-28'],
      ['2 полугодие', '2026-01-12', '2026-05-26'],
      ['1 триместр', '2025-09-01', '2025-11-30'],
      ['2 триместр', '2025-12-01', '2026-02-28'],
      ['3 триместр', '2026-03-01', '2026-05-26'],
    ]);
    expect(calendar.transfers).toEqual([]);
  });

  it('ends the second trimester on 29 February in a leap year', () => {
    const trimester = defaultCalendar(2027).periods.find((p) => p.scheme === 'trimesters' && p.number === 2);
    expect(trimester?.endDate).toBe('2028-02-29');
  });

  it('sets up levels 1..11: quarters to 9, halves for 10-11, 5-day week, first shift, 1st grade markless', () => {
    const levels = defaultCalendar(2026).levels;
    expect(levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const settings of levels) {
      expect(settings.periodScheme).toBe(settings.level <= 9 ? 'quarters' : 'halves');
      expect(settings.daysPerWeek).toBe(5);
      expect(settings.shift).toBe(1);
      expect(settings.isMarkless).toBe(settings.level === 1);
    }
  });

  it('gives the 1st grade its February week off on top of what the 2nd grade has', () => {
    // 2027: 20-28 February; of its five weekdays, 23 February is a public holiday for everyone anyway.
    const calendar = defaultCalendar(2026);
    expect(schoolDaysOf(calendar, 2).length - schoolDaysOf(calendar, 1).length).toBe(4);
    expect(schoolDaysOf(calendar, 5).length).toBeGreaterThan(160);
    expect(schoolDaysOf(calendar, 5).length).toBeLessThan(175);
  });

  it('refuses a year that is not a four-digit integer', () => {
    expect(() => defaultCalendar(2026.5)).toThrow(/Год начала/);
    expect(() => defaultCalendar(99)).toThrow(/Год начала/);
  });
});
