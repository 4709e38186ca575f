// Request and response shapes of the diary (3.7): a pupil's week and their marks by subject.

import { z } from 'zod';
import { id, isoDate, labelled, optionalText } from './fields';
import { attachmentSchema } from './journal-schemas';

export const diaryWeekQuerySchema = z.strictObject({ date: isoDate('Неделя').optional() });
export const studentMarksQuerySchema = z.strictObject({ periodId: id('Учебный период').optional() });
export const studentAttachmentParamsSchema = z.strictObject({ studentId: id('Обучающийся'), attachmentId: id('Файл') });

const studentHeader = z.object({ id: z.number(), name: z.string(), className: z.string().nullable() });
const periodSchema = z.object({ id: z.number(), number: z.number(), name: z.string(), startDate: z.string(), endDate: z.string(), isClosed: z.boolean() });

export const diaryWeekSchema = z.object({
  student: studentHeader,
  weekStart: z.string(),
  today: z.string(),
  /** When the reader (a parent of the pupil) last pressed «Ознакомлен»; null for others or never. */
  lastAcknowledgedAt: z.string().nullable(),
  days: z.array(
    z.object({
      date: z.string(),
      weekdayName: z.string(),
      isToday: z.boolean(),
      lessons: z.array(
        z.object({
          lessonNumber: z.number(),
          startsAt: z.string().nullable(),
          endsAt: z.string().nullable(),
          subjectId: z.number(),
          subjectName: z.string(),
          teacherName: z.string().nullable(),
          room: z.string().nullable(),
          topic: z.string().nullable(),
          homework: z.string().nullable(),
          attachments: z.array(attachmentSchema),
          marks: z.array(z.object({ value: z.string(), workType: z.string(), weight: z.number(), comment: z.string().nullable() })),
          attendance: z.string().nullable(),
          assessment: z.string().nullable(),
        }),
      ),
    }),
  ),
});

export const studentMarksSchema = z.object({
  student: studentHeader,
  period: periodSchema,
  periods: z.array(periodSchema),
  subjects: z.array(
    z.object({
      subjectId: z.number(),
      subjectName: z.string(),
      marks: z.array(z.object({ date: z.string(), value: z.string(), workType: z.string(), weight: z.number(), comment: z.string().nullable() })),
      average: z.number().nullable(),
      /** The mark the rounding table gives now ('н/а' below the minimum number of marks). */
      suggested: z.string().nullable(),
      /** Fives (weight 1) still needed for a 5 / a 4 this period; null when not reachable. */
      neededFor5: z.number().nullable(),
      neededFor4: z.number().nullable(),
      lessonsInPeriod: z.number(),
      /** Topics of the period: recorded on lessons held, and the work program's for the lessons to come. */
      topics: z.object({
        past: z.array(z.object({ date: z.string(), topic: z.string() })),
        planned: z.array(z.object({ date: z.string(), topic: z.string() })),
      }),
      periodMarks: z.array(z.object({ kind: z.enum(['period', 'year', 'exam', 'final']), periodNumber: z.number(), value: z.string() })),
    }),
  ),
  assessments: z.array(z.object({ date: z.string(), subjectName: z.string(), title: z.string(), workType: z.string() })),
});

/** Reason categories of a planned absence: a category only, never a diagnosis (152-ФЗ). */
export const NOTICE_REASONS = ['illness', 'family', 'medical', 'competition', 'other'] as const;
export const NOTICE_REASON_LABELS: Record<(typeof NOTICE_REASONS)[number], string> = {
  illness: 'Болезнь',
  family: 'Семейные обстоятельства',
  medical: 'Посещение врача, медицинская справка',
  competition: 'Соревнования, олимпиада, конкурс',
  other: 'Другая уважительная причина',
};

export const absenceNoticeSchema = z.object({
  id: z.number(),
  studentId: z.number(),
  fromDate: z.string(),
  toDate: z.string(),
  lessonNumbers: z.array(z.number()).nullable(),
  reasonCategory: z.enum(NOTICE_REASONS),
  comment: z.string().nullable(),
  status: z.enum(['pending', 'confirmed', 'rejected', 'cancelled']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  version: z.number(),
});
export const noticesSchema = z.object({ notices: z.array(absenceNoticeSchema.extend({ studentName: z.string() })) });
export const noticeParamsSchema = z.strictObject({ studentId: id('Обучающийся'), noticeId: id('Сообщение о пропуске') });
export const classNoticeParamsSchema = z.strictObject({ classId: id('Класс'), noticeId: id('Сообщение о пропуске') });
export const noticesQuerySchema = z.strictObject({ from: isoDate('С даты'), to: isoDate('По дату') });
export const createNoticeBodySchema = z.strictObject({
  fromDate: isoDate('С даты'),
  toDate: isoDate('По дату'),
  lessonNumbers: labelled(z.array(z.number().int().min(0).max(12)).max(12).nullable(), 'Уроки').optional(),
  reasonCategory: labelled(z.enum(NOTICE_REASONS), 'Причина'),
  comment: optionalText('Комментарий', 500).optional(),
});
export const versionBodySchema = z.strictObject({ version: labelled(z.number().int().min(1), 'Версия') });
export const decideNoticeBodySchema = z.strictObject({
  decision: labelled(z.enum(['confirmed', 'rejected']), 'Решение'),
  comment: optionalText('Комментарий', 500).optional(),
  version: labelled(z.number().int().min(1), 'Версия'),
});
export const noticeResultSchema = z.object({ notice: absenceNoticeSchema, reasonsSet: z.number() });

export const acknowledgeResultSchema = z.object({ acknowledgedAt: z.string() });
export const classAcknowledgementsSchema = z.object({
  overdueDays: z.number(),
  rows: z.array(
    z.object({
      studentId: z.number(),
      studentName: z.string(),
      guardianUserId: z.number(),
      guardianName: z.string(),
      hasAccount: z.boolean(),
      lastAcknowledgedAt: z.string().nullable(),
      daysSince: z.number().nullable(),
      isOverdue: z.boolean(),
    }),
  ),
});
export const remindBodySchema = z.strictObject({ guardianUserIds: labelled(z.array(z.number().int().positive()).max(200), 'Родители').optional() });
export const remindResultSchema = z.object({ reminded: z.number() });

export const notificationsSchema = z.object({
  unread: z.number(),
  notifications: z.array(
    z.object({ id: z.number(), kind: z.string(), title: z.string(), body: z.string().nullable(), link: z.string().nullable(), createdAt: z.string(), readAt: z.string().nullable() }),
  ),
});
export const readNotificationsBodySchema = z.strictObject({ ids: labelled(z.union([z.array(z.number().int().positive()).max(500), z.literal('all')]), 'Уведомления') });

export const diarySettingsSchema = z.object({ acknowledgeDays: z.number() });
export const diarySettingsBodySchema = z.strictObject({
  acknowledgeDays: labelled(z.number().int().min(1).max(90), 'Напоминать родителям, не знакомившимся с дневником, дней'),
});
