// The journal page (issue 4, item 2): the students of the class (or group) down, the period's lessons across,
// with their mark columns, marks, attendance, topics, homework and the period's final marks.

import type { z } from 'zod';
import type { journalListSchema, journalPageSchema } from '../../shared/api/journal-schemas';
import { decide, type Actor } from '../../shared/domain/permissions';
import { notFound } from '../common/app-error';
import { academicYearOf } from '../common/dates';
import type { Db } from '../db/connection';
import {
  assessmentsOfJournal,
  attachmentsOfLessons,
  attendanceOfLessons,
  columnsOfLessons,
  enrolmentsOfClass,
  journalPagesOfYear,
  lessonsOfJournal,
  marksOfColumns,
  membershipsOfGroup,
  periodMarksOf,
  userNames,
  type JournalKey,
  type PeriodRow,
} from '../db/repositories/journal-repo';
import { className } from '../school/school-service';
import { defaultPeriod, derivedLessonsOf, journalResource, loadJournalContext, type JournalContext } from './journal-context';
import type { JournalEventHub } from './journal-events';
import { attendanceView, lessonView, markView, type LessonBase } from './lesson-view';
import { lessonKeyOf, planTopicsUntil } from './plan-topics';

type JournalPage = z.infer<typeof journalPageSchema>;
type JournalList = z.infer<typeof journalListSchema>;

/** Levels with state final assessment (ОГЭ in 9th, ЕГЭ in 11th): exam and final marks are separate columns. */
export const EXAM_LEVELS = [9, 11];

function periodView(p: PeriodRow) {
  return { id: p.id, number: p.number, name: p.name, startDate: p.start_date, endDate: p.end_date, isClosed: Boolean(p.is_closed) };
}

/** The pages a person may open this school year: their own for a teacher, their class's, or all. */
export async function journalList(db: Db, actor: Actor, today: string, classId: number | undefined): Promise<JournalList> {
  const rows = await journalPagesOfYear(db, academicYearOf(today), classId);
  const pages = new Map<string, JournalList['journals'][number]>();
  for (const row of rows) {
    const key: JournalKey = { classId: row.class_id, subjectId: row.subject_id, groupKey: row.group_id ?? 0 };
    const resource = journalResource(key);
    if (!decide(actor, 'journal.read', resource).allowed) continue;
    const name = `${key.classId}:${key.subjectId}:${key.groupKey}`;
    const existing = pages.get(name);
    if (existing) {
      if (!existing.teacherNames.includes(row.teacher_name)) existing.teacherNames.push(row.teacher_name);
      continue;
    }
    pages.set(name, {
      classId: row.class_id,
      className: className(row.level, row.letter),
      level: row.level,
      subjectId: row.subject_id,
      subjectName: row.subject_name,
      groupKey: key.groupKey,
      groupName: row.group_name,
      teacherNames: [row.teacher_name],
      canEdit: decide(actor, 'journal.edit', resource).allowed,
    });
  }
  return { journals: [...pages.values()] };
}

interface Enrolment {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  fromDate: string;
  toDate: string | null;
}

/**
 * The page's pupils in the period: enrolled in the class, and for a group page in the group, at some time of it.
 * A pupil who left and came back shows once, from the first arrival to the last departure.
 */
export async function studentsOfPage(db: Db, ctx: JournalContext, from: string, to: string): Promise<Enrolment[]> {
  const enrolments = await enrolmentsOfClass(db, ctx.key.classId, from, to);
  const memberships = ctx.group ? await membershipsOfGroup(db, ctx.group.id, from, to) : null;
  const byStudent = new Map<number, Enrolment>();
  const later = (a: string | null, b: string | null) => (a === null || b === null ? null : a > b ? a : b);
  for (const e of enrolments) {
    let fromDate = e.from_date;
    let toDate = e.to_date;
    if (memberships) {
      const own = memberships.filter((m) => m.student_id === e.id);
      if (own.length === 0) continue;
      const groupFrom = own.map((m) => m.from_date).sort()[0]!;
      const groupTo = own.reduce<string | null>((acc, m) => later(acc, m.to_date), own[0]!.to_date);
      fromDate = groupFrom > fromDate ? groupFrom : fromDate;
      toDate = toDate === null ? groupTo : groupTo === null ? toDate : groupTo < toDate ? groupTo : toDate;
    }
    const existing = byStudent.get(e.id);
    if (existing) {
      existing.fromDate = existing.fromDate < fromDate ? existing.fromDate : fromDate;
      existing.toDate = later(existing.toDate, toDate);
      continue;
    }
    byStudent.set(e.id, { id: e.id, lastName: e.last_name, firstName: e.first_name, middleName: e.middle_name, fromDate, toDate });
  }
  return [...byStudent.values()];
}

export interface PageRequest {
  key: JournalKey;
  periodId: number | undefined;
  actor: Actor;
  now: Date;
  today: string;
  hub: JournalEventHub;
}

export async function journalPage(db: Db, request: PageRequest): Promise<JournalPage> {
  const ctx = await loadJournalContext(db, request.key, request.now, request.today);
  const period = request.periodId === undefined ? defaultPeriod(ctx) : ctx.periods.find((p) => p.id === request.periodId);
  if (!period) throw notFound('Учебный период');
  const from = period.start_date;
  const to = period.end_date;

  const [yearLessons, recorded, students, assessments] = await Promise.all([
    derivedLessonsOf(db, ctx, ctx.year.start_date, to),
    lessonsOfJournal(db, ctx.key, from, to),
    studentsOfPage(db, ctx, from, to),
    assessmentsOfJournal(db, ctx.key, from, to),
  ]);
  const planTopics = await planTopicsUntil(db, ctx, to, yearLessons);

  // Timetable lessons of the period, plus recorded lessons the timetable no longer has (it changed after
  // marks were entered): a recorded mark never disappears from the page.
  const bases = new Map<string, LessonBase>();
  for (const l of yearLessons) {
    if (l.date < from) continue;
    bases.set(lessonKeyOf(l.date, l.lessonNumber), { date: l.date, lessonNumber: l.lessonNumber, teacherUserId: l.teacherUserId, isSubstitute: l.replacedTeacherUserId !== null });
  }
  const recordedByKey = new Map(recorded.map((r) => [lessonKeyOf(r.date, r.lesson_number), r]));
  for (const r of recorded) {
    const key = lessonKeyOf(r.date, r.lesson_number);
    if (!bases.has(key)) bases.set(key, { date: r.date, lessonNumber: r.lesson_number, teacherUserId: r.teacher_user_id, isSubstitute: false });
  }
  const lessonIds = recorded.map((r) => r.id);
  const [columns, attachments, attendance, names, periodMarks] = await Promise.all([
    columnsOfLessons(db, lessonIds),
    attachmentsOfLessons(db, lessonIds),
    attendanceOfLessons(db, lessonIds),
    userNames(db, [...bases.values()].flatMap((b) => (b.teacherUserId === null ? [] : [b.teacherUserId]))),
    periodMarksOf(db, ctx.year.id, ctx.key.subjectId, students.map((s) => s.id)),
  ]);
  const marks = await marksOfColumns(db, columns.map((c) => c.id));
  const assessmentByDate = new Map(assessments.map((a) => [a.date, a.title]));

  const lessons = [...bases.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, base]) => {
      const row = recordedByKey.get(key);
      return lessonView(
        ctx,
        base,
        row,
        row ? columns.filter((c) => c.lesson_id === row.id) : [],
        row ? attachments.filter((a) => a.lesson_id === row.id) : [],
        {
          planTopic: planTopics.get(key) ?? null,
          assessment: assessmentByDate.get(base.date) ?? null,
          teacherName: base.teacherUserId === null ? null : (names.get(base.teacherUserId) ?? null),
        },
      );
    })
    // Keys sort as text; lesson 10 must come after lesson 9 of the same day.
    .sort((a, b) => (a.date === b.date ? a.lessonNumber - b.lessonNumber : a.date < b.date ? -1 : 1));

  const resource = journalResource(ctx.key);
  const canEdit = decide(request.actor, 'journal.edit', resource).allowed;
  return {
    journal: {
      classId: ctx.cls.id,
      className: ctx.className,
      level: ctx.cls.level,
      subjectId: ctx.subject.id,
      subjectName: ctx.subject.name,
      groupKey: ctx.key.groupKey,
      groupName: ctx.group?.name ?? null,
      teacherNames: [...new Set(lessons.flatMap((l) => (l.teacherName ? [l.teacherName] : [])))],
      canEdit,
    },
    isMarkless: ctx.isMarkless,
    markSettings: { ...ctx.settings, specialCodes: [...ctx.settings.specialCodes], rounding: [...ctx.settings.rounding], marklessLevels: [...ctx.settings.marklessLevels] },
    today: ctx.today,
    canEdit,
    canUnlock: decide(request.actor, 'journal.unlock').allowed,
    periods: ctx.periods.map(periodView),
    period: periodView(period),
    finalKinds: EXAM_LEVELS.includes(ctx.cls.level) ? ['year', 'exam', 'final'] : ['year'],
    workTypes: ctx.workTypes.map((w) => ({ id: w.id, name: w.name, shortName: w.short_name, defaultWeight: w.default_weight, isWritten: Boolean(w.is_written) })),
    students,
    lessons,
    marks: marks.map(markView),
    attendance: attendance.map(attendanceView),
    periodMarks: periodMarks.map((p) => ({
      studentId: p.student_id,
      kind: p.kind as JournalPage['periodMarks'][number]['kind'],
      periodNumber: p.period_number,
      value: p.value,
      version: p.version,
    })),
    unlocks: ctx.unlocks.map((u) => ({ id: u.id, fromDate: u.from_date, toDate: u.to_date, reason: u.reason, grantedBy: u.granted_by_name, expiresAt: u.expires_at })),
    revision: request.hub.revisionOf(ctx.key),
  };
}
