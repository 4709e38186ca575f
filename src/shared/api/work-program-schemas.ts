// zod schemas of work programs and thematic plans (3.4): the ordered topics of a subject at a
// class level in a school year. The journal takes lessons' default topics from them in order.

import { z } from 'zod';
import { id, labelled, text } from './fields';

/** A year's program is one subject at one level: 35 weeks × a few hours stays well below this. */
export const MAX_TOPICS = 500;
export const MAX_TOPIC_HOURS = 100;
export const MAX_TOPIC_TITLE = 300;
export const MAX_ASSESSMENT = 100;
/** Request limit of an import: a file of 500 topics is a few dozen kilobytes, base64 adds a third. */
export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

const level = labelled(z.coerce.number().int().min(1).max(11), 'Параллель');

export const workProgramParams = z.strictObject({ yearId: id('Учебный год'), subjectId: id('Предмет'), level });
export const workProgramListQuery = z.strictObject({ yearId: id('Учебный год') });

/** A topic as the editor sends it: hours default to 1, an empty planned assessment means none. */
export const topicBodySchema = z.strictObject({
  title: text('Тема', MAX_TOPIC_TITLE),
  hours: labelled(z.number().int().min(1).max(MAX_TOPIC_HOURS).default(1), 'Часы'),
  plannedAssessment: labelled(z.string().trim().max(MAX_ASSESSMENT).nullable().default(null), 'Контрольная работа'),
});

export const saveWorkProgramBodySchema = z.strictObject({
  /** The version the editor loaded (0: there was no program): a save by someone else since then is refused. */
  version: labelled(z.number().int().nonnegative(), 'Версия'),
  topics: labelled(z.array(topicBodySchema).max(MAX_TOPICS), 'Темы'),
});

export const topicSchema = z.object({
  position: z.number(),
  title: z.string(),
  hours: z.number(),
  plannedAssessment: z.string().nullable(),
});

export const workProgramSchema = z.object({
  yearId: z.number(),
  subjectId: z.number(),
  subjectName: z.string(),
  level: z.number(),
  /** 0 while no program has been saved. */
  version: z.number(),
  authorName: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** Whether the signed-in user may save it: a teacher of this subject at this level in this year. */
  canEdit: z.boolean(),
  topics: z.array(topicSchema),
});

export const workProgramSummarySchema = z.object({
  subjectId: z.number(),
  subjectName: z.string(),
  level: z.number(),
  topicCount: z.number(),
  totalHours: z.number(),
  authorName: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});

export const workProgramListSchema = z.object({
  programs: z.array(workProgramSummarySchema),
  /** What the signed-in teacher teaches that year (subject × level): the programs they keep. Empty for others. */
  teaching: z.array(z.object({ subjectId: z.number(), subjectName: z.string(), level: z.number() })),
});

export const importWorkProgramBodySchema = z.strictObject({
  fileName: text('Имя файла', 200),
  // Base64 of the file: the API stays JSON-only (see the CSRF rule in docs/architecture.md).
  contentBase64: labelled(
    z
      .string()
      .min(1)
      .max(IMPORT_BODY_LIMIT)
      .regex(/^[A-Za-z0-9+/=\s]*$/, 'Файл должен быть передан в base64'),
    'Файл',
  ),
  commit: labelled(z.boolean(), 'Записать'),
  version: labelled(z.number().int().nonnegative(), 'Версия'),
});

export const workProgramImportReportSchema = z.object({
  totalRows: z.number(),
  validRows: z.number(),
  problems: z.array(z.object({ rowNumber: z.number(), column: z.string(), message: z.string() })),
  ignoredColumns: z.array(z.string()),
  /** What the commit replaces, for the user to read before committing. */
  notes: z.array(z.string()),
  /** The topics read from the file, in order (rows with problems left out). */
  topics: z.array(topicSchema),
  isCommitted: z.boolean(),
  /** The saved program after a commit; null for a preview or when nothing was written. */
  program: workProgramSchema.nullable(),
});

/** Sum of the topics' hours: what the editor and the list show against the curriculum's hours. */
export function totalHours(topics: ReadonlyArray<{ hours: number }>): number {
  return topics.reduce((sum, topic) => sum + topic.hours, 0);
}
