// Mark rules against hand-computed tables: every expected average, mark and count below was worked out by hand
// (the arithmetic is in the comments), never by calling the code under test.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MARK_SETTINGS, type MarkSettings } from '../../src/shared/domain/directories';
import {
  checkMarkEntry,
  entryLockReason,
  formatAverage,
  marksNeededFor,
  parseMarkInput,
  roundAverage,
  suggestPeriodMark,
  weightedAverage,
  yearMarkFromPeriods,
  type MarkEntryInput,
  type MarkValue,
  type PeriodMarkSuggestion,
  type WeightedMark,
} from '../../src/shared/domain/marks';

const settings = (fields: Partial<MarkSettings> = {}): MarkSettings => ({ ...DEFAULT_MARK_SETTINGS, ...fields });
/** A school that rounds halves up: 4.5 -> 5, 3.5 -> 4, 2.5 -> 3. */
const HALF_UP = settings({
  rounding: [
    { fromAverage: 4.5, mark: 5 },
    { fromAverage: 3.5, mark: 4 },
    { fromAverage: 2.5, mark: 3 },
  ],
});
/** A school with the mark 1: the extra step 1.6 -> 2. */
const WITH_ONE = settings({
  lowestMark: 1,
  rounding: [...DEFAULT_MARK_SETTINGS.rounding, { fromAverage: 1.6, mark: 2 }],
});

type Cell = readonly [value: number | string, weight: number];
const marks = (...cells: Cell[]): WeightedMark[] =>
  cells.map(([value, weight]) => ({
    value: typeof value === 'number' ? { kind: 'numeric', value } : { kind: 'code', code: value },
    weight,
  }));
const num = (value: number): MarkValue => ({ kind: 'numeric', value });
const code = (c: string): MarkValue => ({ kind: 'code', code: c });
const mark = (value: number, average: number): PeriodMarkSuggestion => ({ kind: 'mark', value, average });
const notAttested = (reason: string): PeriodMarkSuggestion => ({ kind: 'not-attested', reason });

describe('weightedAverage and suggestPeriodMark', () => {
  const cases: Array<{
    name: string;
    marks: WeightedMark[];
    settings: MarkSettings;
    average: number | null;
    suggestion: PeriodMarkSuggestion;
  }> = [
    // (5×1 + 3×3) / (1 + 3) = 14 / 4 = 3.5 -> below 3.6 -> 3
    { name: '5×1 and 3×3', marks: marks([5, 1], [3, 3]), settings: settings({ minimumMarksPerPeriod: 2 }), average: 3.5, suggestion: mark(3, 3.5) },
    // codes are skipped: (5 + 4 + 4) / 3 = 13 / 3 = 4.333… -> 4
    {
      name: 'special codes do not count',
      marks: marks([5, 1], [4, 1], ['н/а', 1], ['осв', 2], [4, 1], ['зач', 1]),
      settings: DEFAULT_MARK_SETTINGS,
      average: 13 / 3,
      suggestion: mark(4, 13 / 3),
    },
    { name: 'empty period, minimum 3', marks: [], settings: DEFAULT_MARK_SETTINGS, average: null, suggestion: notAttested('Отметок 0 из 3 необходимых') },
    { name: 'empty period, minimum 0', marks: [], settings: settings({ minimumMarksPerPeriod: 0 }), average: null, suggestion: { kind: 'none' } },
    { name: 'codes only, minimum 0', marks: marks(['осв', 1]), settings: settings({ minimumMarksPerPeriod: 0 }), average: null, suggestion: { kind: 'none' } },
    { name: 'codes only, minimum 3', marks: marks(['осв', 1], ['н/а', 1]), settings: DEFAULT_MARK_SETTINGS, average: null, suggestion: notAttested('Отметок 0 из 3 необходимых') },
    // two fives, minimum three -> н/а, though the average is 5
    { name: '2 of 3 marks', marks: marks([5, 1], [5, 1]), settings: DEFAULT_MARK_SETTINGS, average: 5, suggestion: notAttested('Отметок 2 из 3 необходимых') },
    { name: '1 of 3 marks', marks: marks([4, 3]), settings: DEFAULT_MARK_SETTINGS, average: 4, suggestion: notAttested('Отметок 1 из 3 необходимых') },
    // 5+5+4+4+5 = 23, / 5 = 4.6 exactly on the threshold -> 5
    { name: '5,5,4,4,5 = 4.60', marks: marks([5, 1], [5, 1], [4, 1], [4, 1], [5, 1]), settings: DEFAULT_MARK_SETTINGS, average: 4.6, suggestion: mark(5, 4.6) },
    // (5×3 + 4×2) / 5 = 23 / 5 = 4.6 -> 5
    { name: '(5×3 + 4×2) / 5 = 4.60', marks: marks([5, 3], [4, 2]), settings: settings({ minimumMarksPerPeriod: 2 }), average: 4.6, suggestion: mark(5, 4.6) },
    // (4 + 5 + 3×3) / 5 = 18 / 5 = 3.6 -> 4; adding value × weight/total term by term gives 3.5999999999999996
    { name: '(4 + 5 + 3×3) / 5 = 3.60', marks: marks([4, 1], [5, 1], [3, 3]), settings: DEFAULT_MARK_SETTINGS, average: 3.6, suggestion: mark(4, 3.6) },
    // (3×3 + 2×2) / 5 = 13 / 5 = 2.6 -> 3; term by term 3×0.6 + 2×0.4 gives 2.5999999999999996
    { name: '(3×3 + 2×2) / 5 = 2.60', marks: marks([3, 3], [2, 2]), settings: settings({ minimumMarksPerPeriod: 2 }), average: 2.6, suggestion: mark(3, 2.6) },
    // (5×59 + 4×41) / 100 = (295 + 164) / 100 = 4.59 -> just below 4.6 -> 4
    { name: '4.59 stays 4', marks: marks([5, 59], [4, 41]), settings: settings({ minimumMarksPerPeriod: 2 }), average: 4.59, suggestion: mark(4, 4.59) },
    // (5 + 4 + 5 + 4) / 4 = 4.5 -> 4 by default, 5 by a half-up table
    { name: '4.5 by default', marks: marks([5, 1], [4, 1], [5, 1], [4, 1]), settings: DEFAULT_MARK_SETTINGS, average: 4.5, suggestion: mark(4, 4.5) },
    { name: '4.5 half-up table', marks: marks([5, 1], [4, 1], [5, 1], [4, 1]), settings: HALF_UP, average: 4.5, suggestion: mark(5, 4.5) },
    // (4 + 3 + 4 + 3) / 4 = 3.5 -> 4 half up
    { name: '3.5 half-up table', marks: marks([4, 1], [3, 1], [4, 1], [3, 1]), settings: HALF_UP, average: 3.5, suggestion: mark(4, 3.5) },
    // (4 + 4 + 5) / 3 = 13 / 3 = 4.333… -> 4; (5 + 5 + 4) / 3 = 14 / 3 = 4.666… -> 5
    { name: '4,4,5', marks: marks([4, 1], [4, 1], [5, 1]), settings: DEFAULT_MARK_SETTINGS, average: 13 / 3, suggestion: mark(4, 13 / 3) },
    { name: '5,5,4', marks: marks([5, 1], [5, 1], [4, 1]), settings: DEFAULT_MARK_SETTINGS, average: 14 / 3, suggestion: mark(5, 14 / 3) },
    // (3 + 2 + 2) / 3 = 7 / 3 = 2.333… -> below every step -> lowest mark 2
    { name: '3,2,2', marks: marks([3, 1], [2, 1], [2, 1]), settings: DEFAULT_MARK_SETTINGS, average: 7 / 3, suggestion: mark(2, 7 / 3) },
    // a контрольная 2 (weight 3) and oral fives: (2×3 + 5 + 5) / 5 = 16 / 5 = 3.2 -> 3
    { name: 'a weighty 2', marks: marks([2, 3], [5, 1], [5, 1]), settings: DEFAULT_MARK_SETTINGS, average: 3.2, suggestion: mark(3, 3.2) },
    // scale 1-5: (1 + 2 + 1) / 3 = 4 / 3 = 1.333… -> 1; (2×2 + 1) / 3 = 5 / 3 = 1.666… -> 2
    { name: 'lowestMark 1: 1,2,1', marks: marks([1, 1], [2, 1], [1, 1]), settings: WITH_ONE, average: 4 / 3, suggestion: mark(1, 4 / 3) },
    { name: 'lowestMark 1: 2×2, 1', marks: marks([2, 2], [1, 1]), settings: { ...WITH_ONE, minimumMarksPerPeriod: 2 }, average: 5 / 3, suggestion: mark(2, 5 / 3) },
  ];

  it.each(cases)('$name', ({ marks: list, settings: s, average, suggestion }) => {
    expect(weightedAverage(list)).toBe(average);
    expect(suggestPeriodMark(list, s)).toEqual(suggestion);
  });

  it('gives the benefit of the last bit of a double to the pupil, not more', () => {
    expect(roundAverage(4.6 - 1e-12, DEFAULT_MARK_SETTINGS)).toBe(5);
    expect(roundAverage(4.5999, DEFAULT_MARK_SETTINGS)).toBe(4);
    expect(roundAverage(5, DEFAULT_MARK_SETTINGS)).toBe(5);
    expect(roundAverage(0, DEFAULT_MARK_SETTINGS)).toBe(2);
  });

  it('reads the rounding table in any order', () => {
    const shuffled = settings({ rounding: [...DEFAULT_MARK_SETTINGS.rounding].reverse() });
    expect(roundAverage(4.7, shuffled)).toBe(5);
    expect(roundAverage(3.7, shuffled)).toBe(4);
  });
});

describe('formatAverage', () => {
  it.each([
    [14 / 3, '4,67'],
    [13 / 3, '4,33'],
    [4.6, '4,60'],
    [5, '5,00'],
    [3.5, '3,50'],
    [13 / 5, '2,60'],
    [33 / 8, '4,13'], // 4.125: a half rounds up
    [187 / 40, '4,68'], // 4.675, held as 4.67499999…: still up
    [null, '—'],
  ] as const)('%s -> %s', (avg, text) => {
    expect(formatAverage(avg)).toBe(text);
  });
});

describe('parseMarkInput', () => {
  const ok = (value: MarkValue) => ({ ok: true, value });
  const fail = (message: string) => ({ ok: false, message });
  it.each([
    ['5', DEFAULT_MARK_SETTINGS, ok(num(5))],
    [' 4 ', DEFAULT_MARK_SETTINGS, ok(num(4))],
    ['2', DEFAULT_MARK_SETTINGS, ok(num(2))],
    ['1', DEFAULT_MARK_SETTINGS, fail('Отметка «1» вне шкалы 2–5')],
    ['1', WITH_ONE, ok(num(1))],
    ['6', DEFAULT_MARK_SETTINGS, fail('Отметка «6» вне шкалы 2–5')],
    ['6', WITH_ONE, fail('Отметка «6» вне шкалы 1–5')],
    ['0', DEFAULT_MARK_SETTINGS, fail('Отметка «0» вне шкалы 2–5')],
    ['н/а', DEFAULT_MARK_SETTINGS, ok(code('н/а'))],
    ['Н/А', DEFAULT_MARK_SETTINGS, ok(code('н/а'))],
    ['НА', DEFAULT_MARK_SETTINGS, ok(code('н/а'))],
    ['на', DEFAULT_MARK_SETTINGS, ok(code('н/а'))],
    ['ОСВ', DEFAULT_MARK_SETTINGS, ok(code('осв'))],
    ['Зач', DEFAULT_MARK_SETTINGS, ok(code('зач'))],
    ['незач', DEFAULT_MARK_SETTINGS, ok(code('незач'))],
    ['x', DEFAULT_MARK_SETTINGS, fail('Неизвестная отметка «x»')],
    ['4+', DEFAULT_MARK_SETTINGS, fail('Неизвестная отметка «4+»')],
    ['4.5', DEFAULT_MARK_SETTINGS, fail('Неизвестная отметка «4.5»')],
    ['', DEFAULT_MARK_SETTINGS, fail('Введите отметку')],
    // a school that removed зач/незач from its codes
    ['зач', settings({ specialCodes: ['н/а', 'осв'] }), fail('Неизвестная отметка «зач»')],
  ] as const)('%j', (text, s, expected) => {
    expect(parseMarkInput(text, s)).toEqual(expected);
  });
});

describe('checkMarkEntry', () => {
  const LESSON = '2025-10-06';
  const base: MarkEntryInput = {
    value: num(5),
    lessonDate: LESSON,
    today: LESSON,
    isAbsent: false,
    isMarkless: false,
    isWritten: false,
    editWindowDays: 7,
    isPeriodClosed: false,
    hasUnlock: false,
  };
  const CLOSED = 'Период закрыт: нужна разблокировка заместителя директора с указанием причины';

  it.each<[string, Partial<MarkEntryInput>, ReturnType<typeof checkMarkEntry>]>([
    ['future lesson', { lessonDate: '2025-10-07' }, { ok: false, message: 'Нельзя ставить отметку на будущую дату' }],
    ['numeric mark, markless class', { isMarkless: true }, { ok: false, message: 'В безотметочном классе отметки не ставятся' }],
    ['осв in a markless class', { isMarkless: true, value: code('осв') }, { ok: true, isLate: false }],
    ['2 for an absence', { isAbsent: true, value: num(2) }, { ok: false, message: 'Нельзя ставить «2» за отсутствие на уроке' }],
    ['1 for an absence', { isAbsent: true, value: num(1) }, { ok: false, message: 'Нельзя ставить «1» за отсутствие на уроке' }],
    ['3 for an absent pupil (e.g. sent-in work)', { isAbsent: true, value: num(3) }, { ok: true, isLate: false }],
    ['н/а for an absent pupil', { isAbsent: true, value: code('н/а') }, { ok: true, isLate: false }],
    ['closed period', { isPeriodClosed: true }, { ok: false, message: CLOSED }],
    ['closed period, unlocked', { isPeriodClosed: true, hasUnlock: true }, { ok: true, isLate: false }],
    // 2025-09-28 -> 2025-10-06: 2 days to 30 September + 6 = 8 days, window 7
    ['8 days, window 7', { lessonDate: '2025-09-28' }, { ok: false, message: `Прошло больше 7 дней: нужна разблокировка заместителя директора с указанием причины` }],
    ['8 days, window 7, unlocked', { lessonDate: '2025-09-28', hasUnlock: true }, { ok: true, isLate: true }],
    // 2025-10-04 -> 2025-10-06: 2 days, window 1
    ['2 days, window 1', { lessonDate: '2025-10-04', editWindowDays: 1 }, { ok: false, message: 'Прошло больше 1 дня: нужна разблокировка заместителя директора с указанием причины' }],
    ['7 days, window 7, written', { lessonDate: '2025-09-29', isWritten: true }, { ok: true, isLate: false }],
    ['impossible lesson date', { lessonDate: '2025-02-30' }, { ok: false, message: 'Неверная дата урока «2025-02-30»' }],
  ])('%s', (_name, fields, expected) => {
    expect(checkMarkEntry({ ...base, ...fields })).toEqual(expected);
  });

  // Lateness with a 14-day window, so the window never interferes: oral work is late from the next day,
  // written work from the 8th day (3.4).
  it.each([
    ['2025-10-06', false, false], // day 0
    ['2025-10-05', false, true], // day 1
    ['2025-09-29', false, true], // day 7
    ['2025-09-28', false, true], // day 8
    ['2025-10-06', true, false],
    ['2025-10-05', true, false],
    ['2025-09-29', true, false],
    ['2025-09-28', true, true],
  ] as const)('lesson %s, written %s -> late %s', (lessonDate, isWritten, isLate) => {
    expect(checkMarkEntry({ ...base, lessonDate, isWritten, editWindowDays: 14 })).toEqual({ ok: true, isLate });
  });

  it('checks the future before anything else, across a month boundary', () => {
    expect(checkMarkEntry({ ...base, lessonDate: '2025-11-01', today: '2025-10-31', isPeriodClosed: true })).toEqual({
      ok: false,
      message: 'Нельзя ставить отметку на будущую дату',
    });
  });
});

describe('marksNeededFor', () => {
  const FIVE_AT_5 = settings({ rounding: [{ fromAverage: 5, mark: 5 }, ...DEFAULT_MARK_SETTINGS.rounding.slice(1)] });
  const FIVE_ABOVE_5 = settings({ rounding: [{ fromAverage: 5.5, mark: 5 }, ...DEFAULT_MARK_SETTINGS.rounding.slice(1)] });
  const NO_FOUR = settings({ rounding: [{ fromAverage: 4.6, mark: 5 }, { fromAverage: 2.6, mark: 3 }] });
  const NO_MINIMUM = settings({ minimumMarksPerPeriod: 0 });

  it.each<[string, number, WeightedMark[], MarkSettings, number, number | null]>([
    // (8 + 5n) / (2 + n) ≥ 4.6 <=> 0.4n ≥ 1.2 <=> n ≥ 3: 23/5 = 4.6; n = 2 gives 18/4 = 4.5
    ['4,4 -> 5 with weight 1', 5, marks([4, 1], [4, 1]), DEFAULT_MARK_SETTINGS, 1, 3],
    // (8 + 15n) / (2 + 3n) ≥ 4.6 <=> 1.2n ≥ 1.2 <=> n ≥ 1: 23/5 = 4.6; the third mark also meets the minimum
    ['4,4 -> 5 with weight 3', 5, marks([4, 1], [4, 1]), DEFAULT_MARK_SETTINGS, 3, 1],
    ['5,5,5 -> 5 already', 5, marks([5, 1], [5, 1], [5, 1]), DEFAULT_MARK_SETTINGS, 1, 0],
    ['5,5,4 -> 4 already (suggested 5 is higher)', 4, marks([5, 1], [5, 1], [4, 1]), DEFAULT_MARK_SETTINGS, 1, 0],
    // average 5 already, but one more mark is needed to be attested at all
    ['5,5 -> 5 needs the minimum', 5, marks([5, 1], [5, 1]), DEFAULT_MARK_SETTINGS, 1, 1],
    // (9 + 5n) / (3 + n) ≥ 3.6 <=> 1.4n ≥ 1.8 <=> n ≥ 1.29 -> 2: 19/5 = 3.8; n = 1 gives 14/4 = 3.5
    ['3,3,3 -> 4', 4, marks([3, 1], [3, 1], [3, 1]), DEFAULT_MARK_SETTINGS, 1, 2],
    // (6 + 5n) / (3 + n) ≥ 4.6 <=> 0.4n ≥ 7.8 <=> n ≥ 19.5 -> 20: 106/23 = 4.61; n = 19 gives 101/22 = 4.59
    ['2,2,2 -> 5', 5, marks([2, 1], [2, 1], [2, 1]), DEFAULT_MARK_SETTINGS, 1, 20],
    // a контрольная 2 (weight 3) is the same sum and weight as three 2s
    ['контрольная 2 -> 5', 5, marks([2, 3]), DEFAULT_MARK_SETTINGS, 1, 20],
    // (6 + 5×2n) / (3 + 2n) ≥ 4.6 <=> 0.8n ≥ 7.8 <=> n ≥ 9.75 -> 10: 106/23; n = 9 gives 96/21 = 4.57
    ['2,2,2 -> 5 with weight 2', 5, marks([2, 1], [2, 1], [2, 1]), DEFAULT_MARK_SETTINGS, 2, 10],
    // codes do not count towards the average nor the minimum: 4,4 and н/а as above
    ['codes ignored', 5, marks([4, 1], ['н/а', 1], [4, 1]), DEFAULT_MARK_SETTINGS, 1, 3],
    ['no marks, minimum 3', 5, [], DEFAULT_MARK_SETTINGS, 1, 3],
    ['no marks, no minimum', 5, [], NO_MINIMUM, 1, 1],
    ['lowest mark is always reached', 2, marks([2, 1]), NO_MINIMUM, 1, 0],
    ['target above the scale', 6, marks([4, 1]), DEFAULT_MARK_SETTINGS, 1, null],
    ['target below the scale', 1, marks([4, 1]), DEFAULT_MARK_SETTINGS, 1, null],
    ['no rounding step for 4', 4, marks([3, 1]), NO_FOUR, 1, null],
    ['threshold 5 with a 4 already', 5, marks([4, 1], [5, 1], [5, 1]), FIVE_AT_5, 1, null],
    ['threshold 5 with fives only', 5, marks([5, 1], [5, 1], [5, 1]), FIVE_AT_5, 1, 0],
    ['threshold 5, no marks', 5, [], FIVE_AT_5, 1, 3],
    ['threshold above 5', 5, marks([5, 1]), FIVE_ABOVE_5, 1, null],
  ])('%s', (_name, target, list, s, weight, expected) => {
    expect(marksNeededFor(target, list, s, weight)).toBe(expected);
  });

  it('refuses a non-positive weight', () => {
    expect(() => marksNeededFor(5, marks([4, 1]), DEFAULT_MARK_SETTINGS, 0)).toThrow('Вес отметки должен быть положительным');
  });
});

describe('yearMarkFromPeriods', () => {
  it.each<[string, Array<MarkValue | null>, MarkSettings, MarkValue | null]>([
    // (5 + 4 + 4 + 5) / 4 = 4.5 -> 4; half-up -> 5
    ['5,4,4,5', [num(5), num(4), num(4), num(5)], DEFAULT_MARK_SETTINGS, num(4)],
    ['5,4,4,5 half-up', [num(5), num(4), num(4), num(5)], HALF_UP, num(5)],
    // 19 / 4 = 4.75 -> 5
    ['5,5,4,5', [num(5), num(5), num(4), num(5)], DEFAULT_MARK_SETTINGS, num(5)],
    // trimesters: 14 / 3 = 4.67 -> 5
    ['5,4,5', [num(5), num(4), num(5)], DEFAULT_MARK_SETTINGS, num(5)],
    // 14 / 4 = 3.5 -> 3; 15 / 4 = 3.75 -> 4; 11 / 4 = 2.75 -> 3; 10 / 4 = 2.5 -> 2
    ['3,4,4,3', [num(3), num(4), num(4), num(3)], DEFAULT_MARK_SETTINGS, num(3)],
    ['3,4,4,4', [num(3), num(4), num(4), num(4)], DEFAULT_MARK_SETTINGS, num(4)],
    ['2,3,3,3', [num(2), num(3), num(3), num(3)], DEFAULT_MARK_SETTINGS, num(3)],
    ['2,2,3,3', [num(2), num(2), num(3), num(3)], DEFAULT_MARK_SETTINGS, num(2)],
    // scale 1-5: (1 + 2) / 2 = 1.5 -> below 1.6 -> 1
    ['1,2 with mark 1', [num(1), num(2)], WITH_ONE, num(1)],
    ['н/а in one quarter', [num(5), code('н/а'), num(5), num(5)], DEFAULT_MARK_SETTINGS, code('н/а')],
    ['осв all year', [code('осв'), code('осв'), code('осв'), code('осв')], DEFAULT_MARK_SETTINGS, code('осв')],
    // exempt half the year: (5 + 4) / 2 = 4.5 -> 4
    ['осв, осв, 5, 4', [code('осв'), code('осв'), num(5), num(4)], DEFAULT_MARK_SETTINGS, num(4)],
    ['осв, 5, 5, not yet', [code('осв'), num(5), num(5), null], DEFAULT_MARK_SETTINGS, num(5)],
    ['first quarter only', [num(5), null, null, null], DEFAULT_MARK_SETTINGS, num(5)],
    ['зач all year', [code('зач'), code('зач'), code('зач'), code('зач')], DEFAULT_MARK_SETTINGS, code('зач')],
    ['one незач', [code('зач'), code('незач'), code('зач'), code('зач')], DEFAULT_MARK_SETTINGS, code('незач')],
    ['осв and зач', [code('осв'), code('зач')], DEFAULT_MARK_SETTINGS, code('зач')],
    ['nothing set', [null, null, null, null], DEFAULT_MARK_SETTINGS, null],
    ['no periods', [], DEFAULT_MARK_SETTINGS, null],
  ])('%s', (_name, periods, s, expected) => {
    expect(yearMarkFromPeriods(periods, 'average-rounded', s)).toEqual(expected);
  });

  it('takes the default rule when undefined is passed', () => {
    expect(yearMarkFromPeriods([num(4), num(5)], undefined, HALF_UP)).toEqual(num(5));
  });
});

describe('entryLockReason (attendance and clearing a cell share the mark rules of time)', () => {
  const base = { lessonDate: '2026-10-12', today: '2026-10-12', editWindowDays: 7, isPeriodClosed: false, hasUnlock: false };
  it.each<[string, Partial<typeof base>, string | null]>([
    ['the lesson day', {}, null],
    ['7 days later, the last day of the window', { today: '2026-10-19' }, null],
    ['8 days later', { today: '2026-10-20' }, 'Прошло больше 7 дней: нужна разблокировка заместителя директора с указанием причины'],
    ['8 days later with an unlock', { today: '2026-10-20', hasUnlock: true }, null],
    ['a future lesson', { today: '2026-10-11' }, 'Нельзя вносить записи на будущую дату'],
    ['a future lesson, even unlocked', { today: '2026-10-11', hasUnlock: true }, 'Нельзя вносить записи на будущую дату'],
    ['a closed period', { isPeriodClosed: true }, 'Период закрыт: нужна разблокировка заместителя директора с указанием причины'],
    ['a closed period with an unlock', { isPeriodClosed: true, hasUnlock: true }, null],
    ['a window of 1 day, 2 days later', { editWindowDays: 1, today: '2026-10-14' }, 'Прошло больше 1 дня: нужна разблокировка заместителя директора с указанием причины'],
  ])('%s', (_name, change, expected) => {
    expect(entryLockReason({ ...base, ...change })).toBe(expected);
  });
});
