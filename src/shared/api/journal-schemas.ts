// Request and response shapes of the class journal (issue 4): the journal page, cell edits, lessons,
// mark columns, period marks, attachments, absence reasons, unlocks, the assessment schedule and control.

import { z } from 'zod';
import { id, isoDate, labelled, optionalText, text } from './fields';
import { markSettingsSchema } from './school-schemas';

/** A journal page: the subject in a class, `groupKey` 0 for the whole class or the group's id. */
export const journalParamsSchema = z.strictObject({
  classId: id('Класс'),
  subjectId: id('Предмет'),
  groupKey: labelled(z.coerce.number().int().min(0), 'Группа'),
});
export const journalColumnParamsSchema = journalParamsSchema.extend({ columnId: id('Колонка отметок') });
export const journalAttachmentParamsSchema = journalParamsSchema.extend({ attachmentId: id('Файл') });
export const journalAssessmentParamsSchema = journalParamsSchema.extend({ assessmentId: id('Контрольная работа') });
export const attachmentParamsSchema = z.strictObject({ attachmentId: id('Файл') });
export const periodParamsSchema = z.strictObject({ periodId: id('Учебный период') });

export const journalPageQuerySchema = z.strictObject({ periodId: id('Учебный период').optional() });
export const journalListQuerySchema = z.strictObject({ classId: id('Класс').optional() });
export const dateRangeQuerySchema = z.strictObject({ from: isoDate('С даты'), to: isoDate('По дату') });

const lessonNumber = labelled(z.number().int().min(0).max(12), 'Номер урока');
const version = labelled(z.number().int().min(0), 'Версия');
const lessonRef = { date: isoDate('Дата урока'), lessonNumber };

/** What the subject teacher marks on the lesson (3.4); the reasons are the class teacher's (3.3). */
export const TEACHER_ATTENDANCE_CODES = ['Н', 'ОП'] as const;
export const REASON_CODES = ['Н', 'Б', 'УП', 'НП'] as const;
export const PERIOD_MARK_KINDS = ['period', 'year', 'exam', 'final'] as const;

export const journalSummarySchema = z.object({
  classId: z.number(),
  className: z.string(),
  level: z.number(),
  subjectId: z.number(),
  subjectName: z.string(),
  groupKey: z.number(),
  groupName: z.string().nullable(),
  teacherNames: z.array(z.string()),
  canEdit: z.boolean(),
});
export const journalListSchema = z.object({ journals: z.array(journalSummarySchema) });

const periodSchema = z.object({
  id: z.number(),
  number: z.number(),
  name: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  isClosed: z.boolean(),
});

export const markColumnSchema = z.object({
  /** null: the default column a lesson shows before anything is entered in it. */
  id: z.number().nullable(),
  position: z.number(),
  workTypeId: z.number(),
  weight: z.number(),
});

export const attachmentSchema = z.object({ id: z.number(), fileName: z.string(), contentType: z.string(), size: z.number() });

export const journalLessonSchema = z.object({
  date: z.string(),
  lessonNumber: z.number(),
  /** null until something is recorded on the lesson. */
  lessonId: z.number().nullable(),
  teacherName: z.string().nullable(),
  isSubstitute: z.boolean(),
  topic: z.string().nullable(),
  /** The work program's topic for this lesson by order, shown when no topic is entered. */
  planTopic: z.string().nullable(),
  homework: z.string().nullable(),
  version: z.number(),
  attachments: z.array(attachmentSchema),
  columns: z.array(markColumnSchema),
  /** Entries on this lesson can be changed now (no future date, editing window, period lock, unlock). */
  isEditable: z.boolean(),
  lockReason: z.string().nullable(),
  assessment: z.string().nullable(),
});

export const markSchema = z.object({
  id: z.number(),
  columnId: z.number(),
  studentId: z.number(),
  value: z.string(),
  comment: z.string().nullable(),
  isLate: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
});

export const attendanceSchema = z.object({
  lessonId: z.number(),
  studentId: z.number(),
  code: z.string(),
  version: z.number(),
});

export const periodMarkSchema = z.object({
  studentId: z.number(),
  kind: z.enum(PERIOD_MARK_KINDS),
  periodNumber: z.number(),
  value: z.string(),
  version: z.number(),
});

export const journalStudentSchema = z.object({
  id: z.number(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  /** Enrolment in the class (or group) overlapping the period: cells outside it take no entries. */
  fromDate: z.string(),
  toDate: z.string().nullable(),
});

export const workTypeOptionSchema = z.object({
  id: z.number(),
  name: z.string(),
  shortName: z.string(),
  defaultWeight: z.number(),
  isWritten: z.boolean(),
});

export const unlockSchema = z.object({
  id: z.number(),
  fromDate: z.string(),
  toDate: z.string(),
  reason: z.string(),
  grantedBy: z.string(),
  expiresAt: z.string(),
});

export const journalPageSchema = z.object({
  journal: journalSummarySchema,
  isMarkless: z.boolean(),
  markSettings: markSettingsSchema,
  today: z.string(),
  canEdit: z.boolean(),
  canUnlock: z.boolean(),
  periods: z.array(periodSchema),
  period: periodSchema,
  /** Final columns this level has besides the period marks: 'year' always, 'exam' and 'final' in 9th and 11th. */
  finalKinds: z.array(z.enum(PERIOD_MARK_KINDS)),
  workTypes: z.array(workTypeOptionSchema),
  students: z.array(journalStudentSchema),
  lessons: z.array(journalLessonSchema),
  marks: z.array(markSchema),
  attendance: z.array(attendanceSchema),
  periodMarks: z.array(periodMarkSchema),
  unlocks: z.array(unlockSchema),
  /** Increases with every change of this page; live updates carry it. */
  revision: z.number(),
});

const markEditSchema = z.strictObject({
  kind: z.literal('mark'),
  ...lessonRef,
  columnId: id('Колонка отметок').nullable(),
  studentId: id('Обучающийся'),
  /** null clears the cell. */
  value: labelled(z.string().trim().max(10).nullable(), 'Отметка'),
  comment: optionalText('Комментарий', 500).optional(),
  version,
});

const attendanceEditSchema = z.strictObject({
  kind: z.literal('attendance'),
  ...lessonRef,
  studentId: id('Обучающийся'),
  code: labelled(z.enum(TEACHER_ATTENDANCE_CODES).nullable(), 'Посещаемость'),
  version,
});

export const cellEditSchema = z.discriminatedUnion('kind', [markEditSchema, attendanceEditSchema]);
export type CellEdit = z.infer<typeof cellEditSchema>;

export const cellsBodySchema = z.strictObject({
  edits: labelled(z.array(cellEditSchema).min(1).max(500), 'Изменения'),
});

export const cellResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('mark'),
    date: z.string(),
    lessonNumber: z.number(),
    lessonId: z.number(),
    columnId: z.number(),
    studentId: z.number(),
    mark: markSchema.nullable(),
  }),
  z.object({
    kind: z.literal('attendance'),
    date: z.string(),
    lessonNumber: z.number(),
    lessonId: z.number(),
    studentId: z.number(),
    attendance: attendanceSchema.nullable(),
  }),
]);
export const cellsResultSchema = z.object({ results: z.array(cellResultSchema), lessons: z.array(journalLessonSchema), revision: z.number() });

export const lessonBodySchema = z.strictObject({
  ...lessonRef,
  topic: optionalText('Тема урока', 500).optional(),
  homework: optionalText('Домашнее задание', 4000).optional(),
  version,
});

export const addColumnBodySchema = z.strictObject({
  ...lessonRef,
  workTypeId: id('Вид работы'),
  weight: labelled(z.number().int().min(1).max(10), 'Вес').optional(),
});
export const changeColumnBodySchema = z.strictObject({
  workTypeId: id('Вид работы').optional(),
  weight: labelled(z.number().int().min(1).max(10), 'Вес').optional(),
});
export const lessonResultSchema = z.object({ lesson: journalLessonSchema, revision: z.number() });

export const periodMarkBodySchema = z.strictObject({
  studentId: id('Обучающийся'),
  kind: labelled(z.enum(PERIOD_MARK_KINDS), 'Вид итоговой отметки'),
  periodNumber: labelled(z.number().int().min(0).max(6), 'Номер периода'),
  value: labelled(z.string().trim().max(10).nullable(), 'Отметка'),
  version,
});
export const periodMarkResultSchema = z.object({ periodMark: periodMarkSchema.nullable(), revision: z.number() });

/** Homework files arrive as base64 in JSON (the API takes JSON only on writes). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const attachBodySchema = z.strictObject({
  ...lessonRef,
  fileName: text('Имя файла', 200),
  contentBase64: labelled(z.string().min(1).max(Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4 + 4), 'Файл'),
});

export const unlockBodySchema = z.strictObject({
  fromDate: isoDate('С даты'),
  toDate: isoDate('По дату'),
  reason: text('Причина', 500, 5),
  hours: labelled(z.number().int().min(1).max(168), 'Срок разблокировки, часов').default(24),
});
export const unlockResultSchema = z.object({ unlock: unlockSchema });

export const classAbsenceSchema = z.object({
  lessonId: z.number(),
  date: z.string(),
  lessonNumber: z.number(),
  subjectName: z.string(),
  studentId: z.number(),
  studentName: z.string(),
  code: z.string(),
  version: z.number(),
});
export const classAbsencesSchema = z.object({ absences: z.array(classAbsenceSchema) });
export const absenceReasonBodySchema = z.strictObject({
  lessonId: id('Урок'),
  studentId: id('Обучающийся'),
  code: labelled(z.enum(REASON_CODES), 'Причина пропуска'),
  version,
});
export const absenceReasonResultSchema = z.object({ absence: classAbsenceSchema });

export const classOverviewSchema = z.object({
  classId: z.number(),
  className: z.string(),
  period: periodSchema,
  periods: z.array(periodSchema),
  subjects: z.array(z.object({ id: z.number(), name: z.string(), shortName: z.string() })),
  students: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      /** subjectId -> the weighted average of the period, null when no numeric marks. */
      averages: z.record(z.string(), z.number().nullable()),
      missedLessons: z.number(),
      missedByReason: z.record(z.string(), z.number()),
      missedDays: z.number(),
      lateCount: z.number(),
    }),
  ),
});

export const assessmentSchema = z.object({
  id: z.number(),
  classId: z.number(),
  subjectId: z.number(),
  subjectName: z.string(),
  groupKey: z.number(),
  date: z.string(),
  workTypeId: z.number(),
  workTypeName: z.string(),
  title: z.string(),
});
export const assessmentsSchema = z.object({ assessments: z.array(assessmentSchema) });
export const addAssessmentBodySchema = z.strictObject({
  date: isoDate('Дата'),
  workTypeId: id('Вид работы'),
  title: text('Тема работы', 200),
});
export const addAssessmentResultSchema = z.object({ assessment: assessmentSchema, warnings: z.array(z.string()) });

export const controlQuerySchema = z.strictObject({
  from: isoDate('С даты'),
  to: isoDate('По дату'),
  teacherUserId: id('Учитель').optional(),
});
export const controlRowSchema = z.object({
  teacherUserId: z.number().nullable(),
  teacherName: z.string(),
  classId: z.number(),
  className: z.string(),
  subjectId: z.number(),
  subjectName: z.string(),
  groupKey: z.number(),
  lessonsHeld: z.number(),
  withoutTopic: z.number(),
  withoutHomework: z.number(),
  /** Lessons held with nothing recorded at all: no topic, marks or attendance. */
  notFilled: z.number(),
  marks: z.number(),
  lateMarks: z.number(),
  /** Hours from the lesson's end to the entry of its marks and attendance: median and worst. */
  medianLagHours: z.number().nullable(),
  maxLagHours: z.number().nullable(),
  studentsWithTooFewMarks: z.number(),
  students: z.number(),
});
export const controlReportSchema = z.object({ from: z.string(), to: z.string(), rows: z.array(controlRowSchema) });

export const controlLessonsQuerySchema = z.strictObject({ from: isoDate('С даты'), to: isoDate('По дату') });
export const controlLessonSchema = z.object({
  date: z.string(),
  lessonNumber: z.number(),
  topic: z.string().nullable(),
  homework: z.string().nullable(),
  marks: z.number(),
  absences: z.number(),
  isComplete: z.boolean(),
  missing: z.array(z.string()),
});
export const controlLessonsSchema = z.object({ lessons: z.array(controlLessonSchema) });

export const controlNoteSchema = z.object({
  id: z.number(),
  teacherUserId: z.number(),
  teacherName: z.string(),
  classId: z.number().nullable(),
  subjectId: z.number().nullable(),
  text: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const controlNotesSchema = z.object({ notes: z.array(controlNoteSchema) });
export const controlNotesQuerySchema = z.strictObject({ teacherUserId: id('Учитель').optional() });
export const addControlNoteBodySchema = z.strictObject({
  teacherUserId: id('Учитель'),
  classId: id('Класс').nullable().optional(),
  subjectId: id('Предмет').nullable().optional(),
  text: text('Замечание', 2000),
});
export const controlNoteParamsSchema = z.strictObject({ noteId: id('Замечание') });

export const periodClosureResultSchema = z.object({ periodId: z.number(), isClosed: z.boolean() });

export const journalEventSchema = z.object({
  revision: z.number(),
  byUserId: z.number(),
  kind: z.enum(['cells', 'lesson', 'period-mark', 'columns', 'unlock', 'attachments']),
});
export type JournalEvent = z.infer<typeof journalEventSchema>;

/** Plan and fact (3.4): the work program's topics, the lessons they are planned on and the lessons held on them. */
export const journalPlanSchema = z.object({
  hasProgram: z.boolean(),
  lessonsInYear: z.number(),
  lessonsHeld: z.number(),
  plannedHours: z.number(),
  /** Topics the plan puts on lessons held so far, and how many of them have a lesson held on them. */
  plannedByToday: z.number(),
  heldOfPlannedByToday: z.number(),
  topics: z.array(
    z.object({
      position: z.number(),
      title: z.string(),
      hours: z.number(),
      plannedAssessment: z.string().nullable(),
      plannedDates: z.array(z.string()),
      heldDates: z.array(z.string()),
    }),
  ),
  /** Lessons held whose topic is not in the program. */
  otherTopics: z.array(z.object({ date: z.string(), topic: z.string() })),
});
