// Pure rules of marks (DOMAIN.md, «Marks», «Journal-keeping discipline»): reading what a teacher typed into a
// journal cell, the weighted average, the suggested period and year marks, and whether a mark may be entered.
// No I/O and no clock: the caller passes `today`, so the same rules run in the server, the renderer and tests.
import { isValidDate } from './calendar';
import type { MarkSettings, RoundingStep } from './directories';

export type MarkValue = { kind: 'numeric'; value: number } | { kind: 'code'; code: string };

export interface WeightedMark {
  value: MarkValue;
  weight: number;
}

export type ParseMarkResult = { ok: true; value: MarkValue } | { ok: false; message: string };

export type PeriodMarkSuggestion =
  | { kind: 'mark'; value: number; average: number }
  | { kind: 'not-attested'; reason: string }
  | { kind: 'none' };

export interface MarkEntryInput {
  value: MarkValue;
  /** Date of the lesson the mark belongs to, 'YYYY-MM-DD'. */
  lessonDate: string;
  /** The date of entry, 'YYYY-MM-DD'; passed in so that the rule stays pure. */
  today: string;
  /** The pupil is marked absent (Н, Б, УП, НП) on this lesson. */
  isAbsent: boolean;
  /** The class level is taught without marks (1st grade, by setting early 2nd). */
  isMarkless: boolean;
  /** The work type is written (3.4: marks within 7 days) rather than oral (on the lesson day). */
  isWritten: boolean;
  editWindowDays: number;
  isPeriodClosed: boolean;
  /** A deputy/admin unlock with a reason is in force for this entry. */
  hasUnlock: boolean;
}

export type MarkEntryCheck = { ok: true; isLate: boolean } | { ok: false; message: string };

export type YearMarkRule = 'average-rounded';

export const NOT_ATTESTED_CODE = 'н/а';
export const EXEMPT_CODE = 'осв';
export const PASS_CODE = 'зач';
export const FAIL_CODE = 'незач';

const HIGHEST_MARK = 5;
/** Regulation 3.4: written work is marked within 7 days of the work; later entries count as late. */
const WRITTEN_WORK_DAYS = 7;
/**
 * Averages are compared with thresholds with this slack. Integer sums divided once land on the double nearest
 * to the true quotient, but a caller's own arithmetic (or fractional weights) may give 4.599999999 for 4.6,
 * and a pupil must not lose a 5 to the last bit of a double. No real average sits within 1e-9 below a threshold.
 */
const TOLERANCE = 1e-9;
const MS_PER_DAY = 86_400_000;

/** Typed spellings of codes that differ from the canonical one (the teacher skips the slash). */
const CODE_ALIASES: Readonly<Record<string, string>> = {
  'на': NOT_ATTESTED_CODE,
  'н\\а': NOT_ATTESTED_CODE,
  'н.а.': NOT_ATTESTED_CODE,
  'н.а': NOT_ATTESTED_CODE,
};

export function numericMark(value: number): MarkValue {
  return { kind: 'numeric', value };
}

export function codeMark(code: string): MarkValue {
  return { kind: 'code', code };
}

/** '4', '5', 'н/а' — how a mark is shown in a journal cell. */
/**
 * Reads a journal cell as typed: a number of the school's scale or one of its special codes (any case,
 * 'НА' for 'н/а'). The code comes back spelled as in the settings, so the journal stores one spelling.
 */
export function parseMarkInput(text: string, settings: MarkSettings): ParseMarkResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Введите отметку' };
  if (/^\d{1,3}$/.test(trimmed)) {
    const value = Number(trimmed);
    if (value < settings.lowestMark || value > HIGHEST_MARK) {
      return { ok: false, message: `Отметка «${trimmed}» вне шкалы ${settings.lowestMark}–${HIGHEST_MARK}` };
    }
    return { ok: true, value: numericMark(value) };
  }
  const typed = trimmed.toLowerCase().replace(/\s+/g, '');
  const wanted = CODE_ALIASES[typed] ?? typed;
  const code = settings.specialCodes.find((c) => c.toLowerCase() === wanted);
  if (code !== undefined) return { ok: true, value: codeMark(code) };
  return { ok: false, message: `Неизвестная отметка «${trimmed}»` };
}

interface WeightedSums {
  /** sum(value × weight); an integer for the integer marks and weights the journal stores, so it has no drift. */
  sum: number;
  totalWeight: number;
  count: number;
}

/** Numeric marks only: codes (н/а, осв, зач, незач) carry no number and do not move the average. */
function weightedSums(marks: readonly WeightedMark[]): WeightedSums {
  let sum = 0;
  let totalWeight = 0;
  let count = 0;
  for (const mark of marks) {
    if (mark.value.kind !== 'numeric') continue;
    sum += mark.value.value * mark.weight;
    totalWeight += mark.weight;
    count += 1;
  }
  return { sum, totalWeight, count };
}

/**
 * sum(value × weight) / sum(weight) over the numeric marks, unrounded; null when there are none.
 * The sums are accumulated first and divided once: adding value × (weight / total) term by term drifts,
 * e.g. 3×3 and 2×2 give 2.5999999999999996 instead of 2.6.
 */
export function weightedAverage(marks: readonly WeightedMark[]): number | null {
  const { sum, totalWeight } = weightedSums(marks);
  return totalWeight > 0 ? sum / totalWeight : null;
}

/**
 * '4,67' (two decimals, decimal comma as written in Russian) or '—' when there is no average.
 * Halves round up (4.125 -> '4,13'); the slack keeps 4.675 held as 4.67499999 from showing '4,67'.
 */
export function formatAverage(avg: number | null): string {
  if (avg === null || !Number.isFinite(avg)) return '—';
  const hundredths = Math.floor(Math.abs(avg) * 100 + 0.5 + TOLERANCE);
  const sign = avg < 0 && hundredths > 0 ? '-' : '';
  return `${sign}${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, '0')}`;
}

function reaches(average: number, threshold: number): boolean {
  return average >= threshold - TOLERANCE;
}

/** The rounding steps from the highest threshold down, so the first one reached is the answer. */
function stepsDescending(settings: MarkSettings): RoundingStep[] {
  return [...settings.rounding].sort((a, b) => b.fromAverage - a.fromAverage);
}

/** The mark of the highest rounding step the average reaches, else the lowest mark of the scale. */
export function roundAverage(average: number, settings: MarkSettings): number {
  const step = stepsDescending(settings).find((s) => reaches(average, s.fromAverage));
  return step ? step.mark : settings.lowestMark;
}

/**
 * The period mark the journal suggests to the teacher (who sets the final one). Fewer numeric marks than the
 * school's minimum -> н/а, since a pupil cannot be attested on too few marks; no marks with no minimum -> none.
 */
export function suggestPeriodMark(marks: readonly WeightedMark[], settings: MarkSettings): PeriodMarkSuggestion {
  const { sum, totalWeight, count } = weightedSums(marks);
  if (count < settings.minimumMarksPerPeriod) {
    return { kind: 'not-attested', reason: `Отметок ${count} из ${settings.minimumMarksPerPeriod} необходимых` };
  }
  if (count === 0 || totalWeight <= 0) return { kind: 'none' };
  const average = sum / totalWeight;
  return { kind: 'mark', value: roundAverage(average, settings), average };
}

/**
 * How many more marks 5 of the given weight the pupil needs for the suggested period mark to be `target`
 * or higher: 0 when it already is, null when no number of fives can do it (target outside the scale, no
 * rounding step for it, a threshold above 5). Marks missing to the school's minimum count too, because below
 * the minimum the suggestion is н/а whatever the average.
 */
export function marksNeededFor(
  target: number,
  marks: readonly WeightedMark[],
  settings: MarkSettings,
  weight: number,
): number | null {
  if (!Number.isFinite(weight) || weight <= 0) {
    throw new Error(`Вес отметки должен быть положительным числом, указано ${weight}`);
  }
  if (!Number.isInteger(target) || target < settings.lowestMark || target > HIGHEST_MARK) return null;
  const { sum, totalWeight, count } = weightedSums(marks);
  const toMinimum = Math.max(0, settings.minimumMarksPerPeriod - count);
  // The lowest mark needs no threshold: every average that reaches no step rounds to it.
  if (target === settings.lowestMark) return toMinimum;
  const thresholds = settings.rounding.filter((s) => s.mark === target).map((s) => s.fromAverage);
  if (thresholds.length === 0) return null;
  const threshold = Math.min(...thresholds);
  if (threshold > HIGHEST_MARK + TOLERANCE) return null;

  const averageWith = (n: number): number => (sum + HIGHEST_MARK * weight * n) / (totalWeight + weight * n);
  const enough = (n: number): boolean => totalWeight + weight * n > 0 && reaches(averageWith(n), threshold);
  let n: number;
  if (enough(0)) {
    n = 0;
  } else if (threshold >= HIGHEST_MARK - TOLERANCE) {
    // Fives only approach 5 when a lower mark is already there; with no marks at all one five is enough.
    if (totalWeight > 0) return null;
    n = 1;
  } else {
    // (sum + 5wn) / (W + wn) ≥ t  <=>  n ≥ (tW − sum) / (w(5 − t)); the checks below absorb rounding of the division.
    n = Math.max(0, Math.ceil((threshold * totalWeight - sum) / (weight * (HIGHEST_MARK - threshold)) - TOLERANCE));
    while (!enough(n)) n += 1;
    while (n > 0 && enough(n - 1)) n -= 1;
  }
  return Math.max(n, toMinimum);
}

function epochDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/** After «больше» Russian takes the genitive: «больше 1 дня», «больше 7 дней». */
function daysWordGenitive(n: number): string {
  const lastTwo = Math.abs(n) % 100;
  return lastTwo % 10 === 1 && lastTwo !== 11 ? 'дня' : 'дней';
}

const UNLOCK_NEEDED = 'нужна разблокировка заместителя директора с указанием причины';

/**
 * Whether a mark may be entered (DOMAIN.md, «Marks», validation and editing window). Refusals, in this order:
 * bad dates, a future lesson, a numeric mark in a markless class, a 2 (or 1) for an absent pupil, a closed period
 * or a lesson older than the editing window without an unlock. An accepted entry is late (allowed, but counted by
 * monitoring) when oral work is marked after the lesson day or written work more than 7 days after (3.4).
 */
export function checkMarkEntry(input: MarkEntryInput): MarkEntryCheck {
  const timing = entryTiming(input);
  if (!timing.ok) return timing;
  const numeric = input.value.kind === 'numeric' ? input.value.value : null;
  if (numeric !== null && input.isMarkless) return { ok: false, message: 'В безотметочном классе отметки не ставятся' };
  // An absence is not a failure: the pupil was not there to show what he knows.
  if (numeric !== null && numeric <= 2 && input.isAbsent) {
    return { ok: false, message: `Нельзя ставить «${numeric}» за отсутствие на уроке` };
  }
  const lock = lockOf(input, timing.daysAfter);
  if (lock) return { ok: false, message: lock };
  const isLate = input.isWritten ? timing.daysAfter > WRITTEN_WORK_DAYS : timing.daysAfter > 0;
  return { ok: true, isLate };
}

/** When an entry on a lesson is made: the part of the mark rules that attendance and clearing a cell share. */
export type EntryTimingInput = Pick<MarkEntryInput, 'lessonDate' | 'today' | 'editWindowDays' | 'isPeriodClosed' | 'hasUnlock'>;

function entryTiming(input: EntryTimingInput): { ok: true; daysAfter: number } | { ok: false; message: string } {
  if (!isValidDate(input.lessonDate)) return { ok: false, message: `Неверная дата урока «${input.lessonDate}»` };
  if (!isValidDate(input.today)) return { ok: false, message: `Неверная текущая дата «${input.today}»` };
  const daysAfter = epochDay(input.today) - epochDay(input.lessonDate);
  if (daysAfter < 0) return { ok: false, message: 'Нельзя ставить отметку на будущую дату' };
  return { ok: true, daysAfter };
}

function lockOf(input: EntryTimingInput, daysAfter: number): string | null {
  if (input.isPeriodClosed && !input.hasUnlock) return `Период закрыт: ${UNLOCK_NEEDED}`;
  if (daysAfter > input.editWindowDays && !input.hasUnlock) {
    const n = input.editWindowDays;
    return `Прошло больше ${n} ${daysWordGenitive(n)}: ${UNLOCK_NEEDED}`;
  }
  return null;
}

/**
 * Why no entry (mark, attendance, clearing a cell) can be made on a lesson of this date now, or null when it can:
 * a future lesson, a closed period or the editing window, the last two lifted by an unlock.
 */
export function entryLockReason(input: EntryTimingInput): string | null {
  const timing = entryTiming(input);
  if (!timing.ok) return timing.message.replace('ставить отметку', 'вносить записи');
  return lockOf(input, timing.daysAfter);
}

/**
 * The year mark from the period marks (null = period mark not set yet, skipped). Any н/а in a period makes the year
 * н/а; осв in every period -> осв. Otherwise the numeric period marks are averaged with equal weight and rounded by
 * the rounding table (осв periods are left out, the pupil was attested in the others). Pass/fail subjects with
 * no numbers: незач if any period is незач, else зач. Null when there is nothing to go on.
 */
export function yearMarkFromPeriods(
  periodMarks: ReadonlyArray<MarkValue | null>,
  rule: YearMarkRule = 'average-rounded',
  settings: MarkSettings,
): MarkValue | null {
  // The only rule so far; the parameter keeps callers unchanged when the school gets a choice of rules.
  void rule;
  const set = periodMarks.filter((m): m is MarkValue => m !== null);
  if (set.length === 0) return null;
  const codes = set.flatMap((m) => (m.kind === 'code' ? [m.code.toLowerCase()] : []));
  if (codes.includes(NOT_ATTESTED_CODE)) return codeMark(NOT_ATTESTED_CODE);
  if (codes.length === set.length && codes.every((c) => c === EXEMPT_CODE)) return codeMark(EXEMPT_CODE);

  const numbers = set.flatMap((m) => (m.kind === 'numeric' ? [m.value] : []));
  if (numbers.length > 0) {
    const sum = numbers.reduce((a, b) => a + b, 0);
    return numericMark(roundAverage(sum / numbers.length, settings));
  }
  if (codes.includes(FAIL_CODE)) return codeMark(FAIL_CODE);
  if (codes.includes(PASS_CODE)) return codeMark(PASS_CODE);
  return null;
}
