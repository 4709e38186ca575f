// Shapes of viewing a past year from its archive (issue 6, item 6). The journal page, the class summary and the
// absences are the live journal's own schemas: the archive is shown by the same grid and tables.

import { z } from 'zod';
import { id, isoDate, labelled } from './fields';
import { journalSummarySchema } from './journal-schemas';

export const archiveIdParamsSchema = z.strictObject({ archiveId: id('Архив') });
export const archiveClassParamsSchema = archiveIdParamsSchema.extend({ classId: id('Класс') });
export const archiveJournalParamsSchema = archiveClassParamsSchema.extend({
  subjectId: id('Предмет'),
  groupKey: labelled(z.coerce.number().int().min(0), 'Группа'),
});
export const archivePeriodQuerySchema = z.strictObject({ periodId: id('Учебный период').optional() });
export const archiveDateRangeQuerySchema = z.strictObject({ from: isoDate('С даты'), to: isoDate('По дату') });

/** Which archive is being looked at: shown in the banner of every screen of the viewer. */
export const archiveHeaderSchema = z.object({
  id: z.number(),
  schoolName: z.string(),
  yearName: z.string(),
  yearStartDate: z.string(),
  yearEndDate: z.string(),
  /** When the archive was written (ISO time). */
  createdAt: z.string(),
  driveLabel: z.string(),
  folder: z.string(),
  programVersion: z.string(),
});

export const archiveClassSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  level: z.number(),
  classTeacherName: z.string().nullable(),
  /** Pupils enrolled on the last day of the year. */
  pupilCount: z.number(),
  /** Pupils enrolled at any time of the year (arrivals and departures included). */
  pupilsInYear: z.number(),
});

export const archiveSummarySchema = z.object({
  archive: archiveHeaderSchema,
  classes: z.array(archiveClassSummarySchema),
});

export const archiveClassSchema = z.object({
  class: archiveClassSummarySchema,
  /** The class's journal pages: subjects (and groups) with their teachers; `canEdit` is always false. */
  journals: z.array(journalSummarySchema),
});
