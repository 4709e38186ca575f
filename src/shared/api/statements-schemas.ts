// Request and response shapes of the summary statements of final marks and of the registry of printed statements
// (issue 6, items 1-2). A statement is of one class, or of the whole school (`classId` null / absent).

import { z } from 'zod';
import { id, isoDate, labelled, optionalText, text } from './fields';

/** Preview (GET): `classId` absent = the whole school. */
export const statementPreviewQuerySchema = z.strictObject({
  academicYearId: id('Учебный год'),
  classId: id('Класс').optional(),
});

export const printStatementBodySchema = z.strictObject({
  academicYearId: labelled(z.number().int().positive(), 'Учебный год'),
  classId: labelled(z.number().int().positive().nullable(), 'Класс'),
});

export const printedStatementsQuerySchema = z.strictObject({
  academicYearId: id('Учебный год').optional(),
  classId: id('Класс').optional(),
});

export const printedStatementParamsSchema = z.strictObject({ statementId: id('Ведомость') });

export const statementSignatureBodySchema = z.strictObject({
  signedAt: labelled(isoDate('Дата подписания'), 'Дата подписания'),
  signedByName: text('Кто подписал', 200),
  paperLocation: text('Место хранения бумажного экземпляра', 300),
  note: optionalText('Примечание', 500),
  /** The row's version the director saw: another change since is a conflict (409). */
  version: labelled(z.number().int().min(1), 'Версия'),
});

export const printedStatementSchema = z.object({
  id: z.number(),
  academicYearId: z.number(),
  yearName: z.string(),
  /** null: the statement of the whole school. */
  classId: z.number().nullable(),
  className: z.string().nullable(),
  title: z.string(),
  pageCount: z.number(),
  /** SHA-256 of the PDF as printed: matches a paper copy to its file. */
  pdfSha256: z.string(),
  printedAt: z.string(),
  printedByName: z.string(),
  signedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  signatureRecordedByName: z.string().nullable(),
  paperLocation: z.string().nullable(),
  /** Printed date + 25 years (clause 5.2). */
  retainUntil: z.string(),
  note: z.string().nullable(),
  version: z.number(),
});

export const printedStatementListSchema = z.object({ statements: z.array(printedStatementSchema) });

export const statementClassesQuerySchema = z.strictObject({ academicYearId: id('Учебный год') });

/** Classes of a (possibly past) school year, for choosing what to print. */
export const statementClassListSchema = z.object({
  classes: z.array(z.object({ id: z.number(), name: z.string(), level: z.number(), classTeacherName: z.string().nullable() })),
});
