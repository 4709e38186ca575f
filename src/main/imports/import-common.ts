// What every import shares: the report a preview or commit returns, the current school year,
// and how class names and people's names are compared between a file and the journal.

import { AppError } from '../common/app-error';
import { academicYearOf, localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { findAcademicYearByName, type AcademicYearRow } from '../db/repositories/calendar-repo';
import type { RowProblem } from './columns';
import type { ImportKind } from './import-kinds';
import { normalizeHeader, type RawTable } from './read-table';

export interface ImportReport {
  kind: ImportKind;
  totalRows: number;
  validRows: number;
  problems: RowProblem[];
  ignoredColumns: string[];
  /** What the commit will do besides adding rows (what it replaces or removes), for the user to read first. */
  notes: string[];
  isCommitted: boolean;
  created: number;
}

export type ImportRunner = (db: Db, actorUserId: number, table: RawTable, commit: boolean) => Promise<ImportReport>;

const CLASS_NAME = /^(\d{1,2})\s*-?\s*([А-ЯЁA-Z])$/iu;

/** «5А», «5 а», «5-А» -> '5А' (the key classByName uses); null when it does not look like a class. */
export function classKey(text: string): string | null {
  const match = CLASS_NAME.exec(text.replace(/\s+/g, ''));
  return match ? `${Number(match[1])}${match[2]!.toUpperCase()}` : null;
}

export function classKeyOf(cls: { level: number; letter: string }): string {
  return `${cls.level}${cls.letter.toUpperCase()}`;
}

/** People's and subjects' names typed by hand: case, repeated spaces and ё/е do not matter. */
export function nameKey(...parts: Array<string | null>): string {
  return parts.map((part) => normalizeHeader(part ?? '')).join('|');
}

export function fullName(person: { last_name: string; first_name: string; middle_name: string | null }): string {
  return [person.last_name, person.first_name, person.middle_name].filter(Boolean).join(' ');
}

/** ДД.ММ.ГГГГ for messages: the user typed the date that way. */
export function russianDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
}

/** The school year today belongs to: curriculum and timetable imports replace that year's data. */
export async function currentYear(db: Db): Promise<AcademicYearRow> {
  const name = academicYearOf(localDate());
  const year = await findAcademicYearByName(db, name);
  if (!year) throw new AppError(400, 'validation', `Нет ${name} учебного года: сначала создайте его в разделе «Учебный год»`);
  return year;
}

/**
 * A preview analyses the file against the journal and writes nothing. A commit runs the same
 * analysis inside the transaction that writes, so nothing another administrator saves can slip
 * in between the check and the write; with any row problem nothing is written.
 */
export async function previewOrCommit<P>(
  db: Db,
  commit: boolean,
  analyse: (db: Db) => Promise<{ report: ImportReport; plan: P }>,
  write: (trx: Db, plan: P) => Promise<number>,
): Promise<ImportReport> {
  if (!commit) return (await analyse(db)).report;
  return db.transaction(async (trx) => {
    const { report, plan } = await analyse(trx);
    if (report.problems.length > 0 || report.validRows === 0) return report;
    return { ...report, isCommitted: true, created: await write(trx, plan) };
  });
}

/** Problems in file order (rows are checked in several passes), the header row first; sort is stable. */
export function byRow(problems: readonly RowProblem[]): RowProblem[] {
  return [...problems].sort((a, b) => a.rowNumber - b.rowNumber);
}

/** «уроков» after 5, «урок» after 1, «урока» after 2: numbers in notes read naturally. */
export function plural(count: number, one: string, few: string, many: string): string {
  const lastTwo = count % 100;
  const last = count % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return `${count} ${many}`;
  if (last === 1) return `${count} ${one}`;
  if (last >= 2 && last <= 4) return `${count} ${few}`;
  return `${count} ${many}`;
}
