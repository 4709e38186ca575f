// Request and response shapes of the yearly archive, its verification and retention (issue 6, items 4-5).

import { z } from 'zod';
import { id, text } from './fields';

export const ARCHIVE_STATUSES = ['ok', 'damaged', 'missing'] as const;
export const ARCHIVE_STATUS_LABELS: Record<(typeof ARCHIVE_STATUSES)[number], string> = {
  ok: 'Исправен',
  damaged: 'Повреждён',
  missing: 'Не найден на диске',
};

export const ARCHIVE_PHASES = ['prepare', 'snapshot', 'generate', 'write', 'flush', 'verify', 'finish'] as const;

export const startArchiveBodySchema = z.strictObject({
  academicYearId: id('Учебный год'),
  driveIdentity: text('Диск', 200),
});

export const archiveIdParamsSchema = z.strictObject({ archiveId: id('Архив') });

export const archiveProblemSchema = z.object({ file: z.string(), problem: z.string() });

/** Milliseconds per phase; write + flush + verify is the byte copy and its check. */
export const archiveTimingsSchema = z.object({
  prepareMs: z.number(),
  snapshotMs: z.number(),
  generateMs: z.number(),
  writeMs: z.number(),
  flushMs: z.number(),
  verifyMs: z.number(),
  databaseCheckMs: z.number(),
  renameMs: z.number(),
  recordMs: z.number(),
  totalMs: z.number(),
});

export const archiveResultSchema = z.object({
  archiveId: z.number(),
  folder: z.string(),
  absolutePath: z.string(),
  fileCount: z.number(),
  totalBytes: z.number(),
  manifestSha256: z.string(),
  createdAt: z.string(),
  retainUntil: z.string(),
  readBack: z.enum(['direct', 'cached']),
  timings: archiveTimingsSchema,
});

export const archiveJobSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  academicYearId: z.number(),
  yearName: z.string(),
  driveIdentity: z.string(),
  driveLabel: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  phase: z.enum(ARCHIVE_PHASES),
  phaseLabel: z.string(),
  /** Share of the whole run done, 0..1. */
  overall: z.number(),
  result: archiveResultSchema.nullable(),
  /** The Russian message of a failed run. */
  error: z.string().nullable(),
});

export const archiveJobReplySchema = z.object({ job: archiveJobSchema.nullable() });

export const archiveItemSchema = z.object({
  id: z.number(),
  academicYearId: z.number(),
  yearName: z.string(),
  driveIdentity: z.string(),
  driveLabel: z.string(),
  /** The drive is plugged in now (it can be verified). */
  driveAttached: z.boolean(),
  folder: z.string(),
  createdAt: z.string(),
  fileCount: z.number(),
  totalBytes: z.number(),
  manifestSha256: z.string(),
  programVersion: z.string(),
  retainUntil: z.string(),
  status: z.enum(ARCHIVE_STATUSES),
  lastVerifiedAt: z.string(),
  /** Problems of the last verification, each naming its file. */
  problems: z.array(archiveProblemSchema),
});

export const archiveListSchema = z.object({ archives: z.array(archiveItemSchema) });

export const archiveVerificationSchema = z.object({
  archiveId: z.number(),
  status: z.enum(ARCHIVE_STATUSES),
  problems: z.array(archiveProblemSchema),
  verifiedAt: z.string(),
  checkedFiles: z.number(),
  checkedBytes: z.number(),
});

export const retentionArchiveSchema = archiveItemSchema.extend({
  isExpired: z.boolean(),
  daysSinceVerified: z.number(),
  isVerificationOverdue: z.boolean(),
});

export const retentionYearSchema = z.object({
  academicYearId: z.number(),
  yearName: z.string(),
  archiveCount: z.number(),
  /** Distinct drives holding a copy whose last verification was good. */
  goodDriveCount: z.number(),
  /** Exactly one drive holds a good copy: a second copy on another drive is recommended. */
  needsSecondCopy: z.boolean(),
  /** No good copy at all (every copy damaged or missing). */
  hasNoGoodCopy: z.boolean(),
});

export const retentionStatementSchema = z.object({
  id: z.number(),
  yearName: z.string(),
  title: z.string(),
  pageCount: z.number(),
  printedAt: z.string(),
  signedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  paperLocation: z.string().nullable(),
  retainUntil: z.string(),
  isExpired: z.boolean(),
});

export const retentionSchema = z.object({
  today: z.string(),
  /** Archives not verified for this many days are listed as overdue. */
  overdueDays: z.number(),
  archives: z.array(retentionArchiveSchema),
  years: z.array(retentionYearSchema),
  statements: z.array(retentionStatementSchema),
});

export type ArchiveJob = z.infer<typeof archiveJobSchema>;
export type ArchiveItem = z.infer<typeof archiveItemSchema>;
export type ArchiveRetention = z.infer<typeof retentionSchema>;
export type ArchiveVerificationResult = z.infer<typeof archiveVerificationSchema>;
