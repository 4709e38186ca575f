// The registry of printed summary statements (DOMAIN.md «Year end»; clauses 3.2, 3.6, 5.2): every printing is
// recorded with the PDF's SHA-256, its page count, who printed it and when, and the date until which the signed
// and sealed paper copy must be kept (printed date + 25 years). The director later records the signature: when,
// by whom (as written on the paper), where the paper copy is kept. Every change is audited in its transaction.

import type { z } from 'zod';
import { createHash } from 'node:crypto';
import type { printedStatementSchema } from '../../shared/api/statements-schemas';
import { isValidDate } from '../../shared/domain/calendar';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, notFound } from '../common/app-error';
import { localDate } from '../common/dates';
import type { Db } from '../db/connection';
import {
  findPrintedStatement,
  insertPrintedStatement,
  listPrintedStatementRows,
  updateStatementSignatureIfVersion,
  type PrintedStatementFilter,
  type PrintedStatementView,
} from '../db/repositories/statement-repo';
import { renderStatementPdf } from './statement-pdf';

export type PrintedStatement = z.infer<typeof printedStatementSchema>;

/** Paper statements are kept 25 years (clause 5.2). */
export const STATEMENT_RETENTION_YEARS = 25;

/**
 * The date `years` after a school-local date. 29 February of a year that has none becomes 1 March: the paper is
 * kept at least the full term, never a day less.
 */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const candidate = `${y + years}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isValidDate(candidate) ? candidate : `${y + years}-${String(m + 1).padStart(2, '0')}-01`;
}

const personName = (last: string | null, first: string | null, middle: string | null): string | null =>
  last === null ? null : [last, first, middle].filter(Boolean).join(' ');

function toView(row: PrintedStatementView): PrintedStatement {
  return {
    id: row.id,
    academicYearId: row.academic_year_id,
    yearName: row.year_name,
    classId: row.class_id,
    className: row.class_level === null || row.class_letter === null ? null : `${row.class_level}${row.class_letter}`,
    title: row.title,
    pageCount: row.page_count,
    pdfSha256: row.pdf_sha256,
    printedAt: row.printed_at,
    printedByName: personName(row.printed_by_last_name, row.printed_by_first_name, row.printed_by_middle_name) ?? '',
    signedAt: row.signed_at,
    signedByName: row.signed_by_name,
    signatureRecordedByName: personName(row.recorded_by_last_name, row.recorded_by_first_name, row.recorded_by_middle_name),
    paperLocation: row.paper_location,
    retainUntil: row.retain_until,
    note: row.note,
    version: row.version,
  };
}

/** The registry, newest first; the retention view of the archive page calls this too. */
export async function listPrintedStatements(db: Db, filter: PrintedStatementFilter = {}): Promise<PrintedStatement[]> {
  return (await listPrintedStatementRows(db, filter)).map(toView);
}

async function printedStatement(db: Db, id: number): Promise<PrintedStatement> {
  const [row] = await listPrintedStatementRows(db, { id });
  if (!row) throw notFound('Распечатанная ведомость');
  return toView(row);
}

export interface PrintResult {
  pdf: Buffer;
  statement: PrintedStatement;
}

/**
 * Prints a statement: renders it (outside the transaction: rendering the whole school takes seconds and must not
 * hold the database), then records the registry row and its audit entry together.
 */
export async function printStatement(
  db: Db,
  actorUserId: number,
  input: { academicYearId: number; classId: number | null },
  printedAt: Date,
): Promise<PrintResult> {
  const rendered = await renderStatementPdf(db, { ...input, printedAt });
  const sha256 = createHash('sha256').update(rendered.pdf).digest('hex');
  const row = {
    academic_year_id: input.academicYearId,
    class_id: input.classId,
    title: rendered.title,
    page_count: rendered.pageCount,
    pdf_sha256: sha256,
    printed_at: printedAt.toISOString(),
    printed_by_user_id: actorUserId,
    retain_until: addYears(localDate(printedAt), STATEMENT_RETENTION_YEARS),
  };
  const id = await db.transaction(async (trx) => {
    const newId = await insertPrintedStatement(trx, row);
    await recordAudit(trx, { actorUserId, action: 'statement.print', entity: 'printed_statement', entityId: newId, newValue: row });
    return newId;
  });
  return { pdf: rendered.pdf, statement: await printedStatement(db, id) };
}

export interface SignatureInput {
  signedAt: string;
  signedByName: string;
  paperLocation: string;
  note: string | null;
  version: number;
}

/** Records (or corrects) the signature and the paper copy's place; a stale `version` is a 409 naming what is there. */
export async function recordStatementSignature(db: Db, actorUserId: number, statementId: number, input: SignatureInput, today: string): Promise<PrintedStatement> {
  await db.transaction(async (trx) => {
    const existing = await findPrintedStatement(trx, statementId);
    if (!existing) throw notFound('Распечатанная ведомость');
    const printedOn = localDate(new Date(existing.printed_at));
    const refuse = (message: string) => new AppError(400, 'validation', message, [{ field: 'signedAt', label: 'Дата подписания', message }]);
    if (input.signedAt < printedOn) throw refuse(`Ведомость распечатана ${printedOn}: подписать её раньше нельзя`);
    if (input.signedAt > today) throw refuse('Дата подписания не может быть в будущем');
    const changes = {
      signed_at: input.signedAt,
      signed_by_name: input.signedByName,
      signature_recorded_by_user_id: actorUserId,
      paper_location: input.paperLocation,
      note: input.note === '' ? null : input.note,
    };
    if (!(await updateStatementSignatureIfVersion(trx, statementId, input.version, changes))) {
      throw conflict(
        `Отметку о подписании уже изменил другой пользователь (сейчас: ${existing.signed_at ? `подписана ${existing.signed_at}, ${existing.signed_by_name ?? ''}; хранится: ${existing.paper_location ?? '—'}` : 'не подписана'}). Обновите реестр и проверьте.`,
      );
    }
    await recordAudit(trx, {
      actorUserId,
      action: 'statement.sign',
      entity: 'printed_statement',
      entityId: statementId,
      oldValue: { signed_at: existing.signed_at, signed_by_name: existing.signed_by_name, paper_location: existing.paper_location, note: existing.note },
      newValue: changes,
    });
  });
  return printedStatement(db, statementId);
}
