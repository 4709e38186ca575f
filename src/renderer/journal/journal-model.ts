// Shapes and pure helpers of the journal page UI: the grid's columns built from the page's lessons,
// cell keys, and what a row shows (marks with their pending edits, the weighted average).

import type { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import type { MarkSettings } from '../../shared/domain/directories';
import { parseMarkInput, type WeightedMark } from '../../shared/domain/marks';

export type JournalPageData = ResponseOf<typeof api.journalPage>;
export type Lesson = JournalPageData['lessons'][number];
export type Mark = JournalPageData['marks'][number];
export type Attendance = JournalPageData['attendance'][number];
export type PeriodMark = JournalPageData['periodMarks'][number];
export type Student = JournalPageData['students'][number];
export type FinalKind = PeriodMark['kind'];

export interface JournalKey {
  classId: number;
  subjectId: number;
  groupKey: number;
}

export const lessonKeyOf = (date: string, lessonNumber: number): string => `${date}#${lessonNumber}`;

/** A column of the grid the cursor can stand on: a mark column of a lesson or a period/year/exam/final mark. */
export type GridColumn =
  | {
      kind: 'mark';
      lessonKey: string;
      date: string;
      lessonNumber: number;
      position: number;
      columnId: number | null;
      weight: number;
      workTypeId: number;
      /** The first column of its lesson: it also shows the pupil's attendance (Н, ОП, reasons). */
      isFirst: boolean;
      isLast: boolean;
      isEditable: boolean;
      lockReason: string | null;
    }
  | { kind: 'final'; finalKind: FinalKind; periodNumber: number; title: string };

/** The part of a cell key after the pupil: which mark, attendance or final mark of the row. */
export const markSlot = (lessonKey: string, position: number): string => `m|${lessonKey}|${position}`;
export const attendanceSlot = (lessonKey: string): string => `a|${lessonKey}`;
export const finalSlot = (kind: FinalKind, periodNumber: number): string => `p|${kind}|${periodNumber}`;

export function slotOfColumn(column: GridColumn): string {
  return column.kind === 'mark' ? markSlot(column.lessonKey, column.position) : finalSlot(column.finalKind, column.periodNumber);
}

export type PendingStatus = 'saving' | 'failed' | 'saved';

export interface Pending {
  status: PendingStatus;
  /** What the teacher typed (null: cleared); shown while saving and after a failure. */
  value: string | null;
  message: string | null;
}

/** Everything one row of the grid shows; replaced as a whole when anything of this pupil changes. */
export interface RowData {
  marks: Readonly<Record<string, Mark>>;
  attendance: Readonly<Record<string, Attendance>>;
  finals: Readonly<Record<string, PeriodMark>>;
  pending: Readonly<Record<string, Pending>>;
}

export const EMPTY_ROW: RowData = { marks: {}, attendance: {}, finals: {}, pending: {} };

const FINAL_TITLES: Record<FinalKind, string> = { period: 'За период', year: 'Год', exam: 'Экзамен', final: 'Итог' };

export function finalTitle(kind: FinalKind, periodName: string): string {
  return kind === 'period' ? periodName : FINAL_TITLES[kind];
}

/** '2 четверть' -> '2 четв.' for a narrow column header. */
export function shortPeriodName(name: string): string {
  return name.replace('четверть', 'четв.').replace('полугодие', 'полуг.').replace('триместр', 'трим.');
}

export function buildColumns(lessons: readonly Lesson[], page: Pick<JournalPageData, 'period' | 'finalKinds'>): GridColumn[] {
  const columns: GridColumn[] = [];
  for (const lesson of lessons) {
    const key = lessonKeyOf(lesson.date, lesson.lessonNumber);
    const sorted = [...lesson.columns].sort((a, b) => a.position - b.position);
    sorted.forEach((c, i) =>
      columns.push({
        kind: 'mark',
        lessonKey: key,
        date: lesson.date,
        lessonNumber: lesson.lessonNumber,
        position: c.position,
        columnId: c.id,
        weight: c.weight,
        workTypeId: c.workTypeId,
        isFirst: i === 0,
        isLast: i === sorted.length - 1,
        isEditable: lesson.isEditable,
        lockReason: lesson.lockReason,
      }),
    );
  }
  columns.push({ kind: 'final', finalKind: 'period', periodNumber: page.period.number, title: finalTitle('period', page.period.name) });
  for (const kind of page.finalKinds) {
    if (kind !== 'period') columns.push({ kind: 'final', finalKind: kind, periodNumber: 0, title: finalTitle(kind, '') });
  }
  return columns;
}

/** Same columns (keys, weights, locks, ids)? Then the grid keeps its column array and rows do not re-render. */
export function sameColumns(a: readonly GridColumn[], b: readonly GridColumn[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));
}

/** The value a cell shows: the typed value while it is saving or failed, else the saved one. */
export function shownValue(row: RowData, slot: string, saved: string | null): string | null {
  const pending = row.pending[slot];
  return pending && pending.status !== 'saved' ? pending.value : saved;
}

export function savedMarkValue(row: RowData, slot: string): string | null {
  return row.marks[slot]?.value ?? null;
}

/** The pupil's marks of the period with their column weights, including edits still being saved (not failed ones). */
export function rowWeightedMarks(row: RowData, columns: readonly GridColumn[], settings: MarkSettings): WeightedMark[] {
  const result: WeightedMark[] = [];
  for (const column of columns) {
    if (column.kind !== 'mark') continue;
    const slot = markSlot(column.lessonKey, column.position);
    const pending = row.pending[slot];
    const value = pending && pending.status === 'saving' ? pending.value : (row.marks[slot]?.value ?? null);
    if (value === null) continue;
    const parsed = parseMarkInput(value, settings);
    if (parsed.ok) result.push({ value: parsed.value, weight: column.weight });
  }
  return result;
}

/** '15.09' */
export function shortDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}`;
}

/** '15.09.2026' */
export function ruDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

export function isEnrolledOn(student: Student, date: string): boolean {
  return student.fromDate <= date && (student.toDate === null || date < student.toDate);
}
