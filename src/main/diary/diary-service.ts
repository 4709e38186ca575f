// The diary (3.7): what a parent or a pupil sees of one pupil — the week's lessons with topic, homework, files,
// marks and attendance, and the marks of a period by subject with the average explained. Everything is read for
// the pupil: the classes and groups they were in on each date, nothing of other pupils.

import type { z } from 'zod';
import type { diaryWeekSchema, studentMarksSchema } from '../../shared/api/diary-schemas';
import { addDays, isoWeekday, levelSettingsOf } from '../../shared/domain/calendar';
import { marksNeededFor, numericMark, codeMark, suggestPeriodMark, weightedAverage, type WeightedMark } from '../../shared/domain/marks';
import type { DerivedLesson } from '../../shared/domain/school-year-types';
import { deriveLessons } from '../../shared/domain/timetable-rules';
import { notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { cachedCalendar } from '../calendar/calendar-cache';
import { findAcademicYearByName, loadBells } from '../db/repositories/calendar-repo';
import { listSubjects } from '../db/repositories/directories-repo';
import {
  assessmentsOfClasses,
  attendanceOfStudent,
  enrolmentsOfStudent,
  groupMembershipsOfStudent,
  marksOfStudent,
  periodMarksOfStudent,
  recordedLessonsOfClasses,
} from '../db/repositories/diary-repo';
import { attachmentsOfLessons, findAttachment, periodsOfScheme, userNames, type AttachmentWithLesson } from '../db/repositories/journal-repo';
import { lastAcknowledgement } from '../db/repositories/notice-repo';
import { findStudent } from '../db/repositories/structure-repo';
import { programTopics } from '../db/repositories/work-program-repo';
import { changesBetween, slotsOfClass } from '../db/repositories/teaching-repo';
import { markSettings } from '../directories/directories-service';
import { className } from '../school/school-service';

type DiaryWeek = z.infer<typeof diaryWeekSchema>;
type StudentMarks = z.infer<typeof studentMarksSchema>;

const WEEKDAYS = ['', 'Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье'];
const within = (date: string, from: string, to: string | null) => from <= date && (to === null || date < to);
const lessonKey = (classId: number, subjectId: number, groupKey: number, date: string, n: number) => `${classId}:${subjectId}:${groupKey}:${date}#${n}`;

interface PupilLesson extends DerivedLesson {
  startsAt: string | null;
  endsAt: string | null;
}

/** The pupil's lessons between two dates: their class's lessons on the days they were in it, and their groups'. */
async function lessonsOfPupil(db: Db, studentId: number, from: string, to: string): Promise<{ lessons: PupilLesson[]; classIds: number[] }> {
  const [enrolments, memberships] = await Promise.all([enrolmentsOfStudent(db, studentId), groupMembershipsOfStudent(db, studentId)]);
  const overlapping = enrolments.filter((e) => e.from_date <= to && (e.to_date === null || e.to_date > from));
  const lessons: PupilLesson[] = [];
  for (const enrolment of overlapping) {
    const year = await findAcademicYearByName(db, enrolment.academic_year);
    if (!year) continue;
    const calendar = await cachedCalendar(db, year);
    const bells = (await loadBells(db, year.id)).filter((b) => b.shift === enrolment.shift);
    const start = [from, year.start_date].sort().at(-1)!;
    const end = [to, year.end_date].sort()[0]!;
    if (start > end) continue;
    const slots = await slotsOfClass(db, year.id, enrolment.class_id);
    const derived = deriveLessons({
      calendar,
      classLevels: new Map([[enrolment.class_id, enrolment.level]]),
      slots,
      changes: (await changesBetween(db, start, end)).filter((c) => c.kind !== 'extra' || c.classId === enrolment.class_id),
      from: start,
      to: end,
      classIds: [enrolment.class_id],
    });
    for (const lesson of derived) {
      if (!within(lesson.date, enrolment.from_date, enrolment.to_date)) continue;
      if (lesson.groupId !== null && !memberships.some((m) => m.group_id === lesson.groupId && within(lesson.date, m.from_date, m.to_date))) continue;
      const bell = bells.find((b) => b.lessonNumber === lesson.lessonNumber);
      lessons.push({ ...lesson, startsAt: bell?.startsAt ?? null, endsAt: bell?.endsAt ?? null });
    }
  }
  return { lessons, classIds: [...new Set(overlapping.map((e) => e.class_id))] };
}

/** The week (Monday to Saturday, Sunday when it has lessons) that contains `date`. */
export async function diaryWeek(db: Db, studentId: number, date: string, today: string, readerUserId: number): Promise<DiaryWeek> {
  const student = await findStudent(db, studentId, date);
  if (!student) throw notFound('Обучающийся');
  const monday = addDays(date, 1 - isoWeekday(date));
  const sunday = addDays(monday, 6);
  const { lessons, classIds } = await lessonsOfPupil(db, studentId, monday, sunday);
  const [recorded, marks, attendance, subjects, assessments] = await Promise.all([
    recordedLessonsOfClasses(db, classIds, monday, sunday),
    marksOfStudent(db, studentId, monday, sunday),
    attendanceOfStudent(db, studentId, monday, sunday),
    listSubjects(db),
    assessmentsOfClasses(db, classIds, monday, sunday),
  ]);
  const recordedByKey = new Map(recorded.map((r) => [lessonKey(r.class_id, r.subject_id, r.group_key, r.date, r.lesson_number), r]));
  const attachments = await attachmentsOfLessons(db, recorded.map((r) => r.id));
  const names = await userNames(db, lessons.map((l) => l.teacherUserId));
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]));

  const days: DiaryWeek['days'] = [];
  for (let i = 0; i < 7; i++) {
    const day = addDays(monday, i);
    const ofDay = lessons.filter((l) => l.date === day);
    if (i === 6 && ofDay.length === 0) continue;
    days.push({
      date: day,
      weekdayName: WEEKDAYS[i + 1]!,
      isToday: day === today,
      lessons: ofDay.map((l) => {
        const groupKey = l.groupId ?? 0;
        const row = recordedByKey.get(lessonKey(l.classId, l.subjectId, groupKey, l.date, l.lessonNumber));
        return {
          lessonNumber: l.lessonNumber,
          startsAt: l.startsAt,
          endsAt: l.endsAt,
          subjectId: l.subjectId,
          subjectName: subjectName.get(l.subjectId) ?? '',
          teacherName: names.get(l.teacherUserId) ?? null,
          room: l.room,
          topic: row?.topic ?? null,
          homework: row?.homework ?? null,
          attachments: row ? attachments.filter((a) => a.lesson_id === row.id).map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, size: a.size })) : [],
          marks: row
            ? marks.filter((m) => m.lesson_id === row.id).map((m) => ({ value: m.value, workType: m.work_type_name, weight: m.weight, comment: m.comment }))
            : [],
          attendance: (row && attendance.find((a) => a.lesson_id === row.id)?.code) ?? null,
          assessment: assessments.find((a) => a.class_id === l.classId && a.subject_id === l.subjectId && a.date === l.date && (a.group_key === 0 || a.group_key === groupKey))?.title ?? null,
        };
      }),
    });
  }
  return {
    student: { id: student.id, name: `${student.last_name} ${student.first_name}`, className: student.class_level === null ? null : className(student.class_level, student.class_letter!) },
    weekStart: monday,
    today,
    lastAcknowledgedAt: await lastAcknowledgement(db, readerUserId, studentId),
    days,
  };
}

/** The marks of a period by subject: each mark, the weighted average, the suggested mark and what is needed for 5 and 4. */
export async function studentMarks(db: Db, studentId: number, periodId: number | undefined, today: string): Promise<StudentMarks> {
  const student = await findStudent(db, studentId, today);
  if (!student) throw notFound('Обучающийся');
  const enrolments = await enrolmentsOfStudent(db, studentId);
  const current = enrolments.find((e) => e.class_id === student.class_id) ?? enrolments.at(-1);
  if (!current) throw notFound('Класс обучающегося');
  const year = await findAcademicYearByName(db, current.academic_year);
  if (!year) throw notFound('Учебный год');
  const calendar = await cachedCalendar(db, year);
  const periods = await periodsOfScheme(db, year.id, levelSettingsOf(calendar, current.level).periodScheme);
  const period =
    periodId === undefined
      ? (periods.find((p) => p.start_date <= today && today <= p.end_date) ?? [...periods].reverse().find((p) => p.start_date <= today) ?? periods[0])
      : periods.find((p) => p.id === periodId);
  if (!period) throw notFound('Учебный период');
  const settings = await markSettings(db);
  const [marks, periodMarks, subjects, yearSoFar] = await Promise.all([
    marksOfStudent(db, studentId, period.start_date, period.end_date),
    periodMarksOfStudent(db, studentId, year.id),
    listSubjects(db),
    // From the start of the year: the work program's topics are laid over the lessons in order (plan-topics.ts).
    lessonsOfPupil(db, studentId, year.start_date, period.end_date),
  ]);
  const { classIds } = yearSoFar;
  const lessons = yearSoFar.lessons.filter((l) => l.date >= period.start_date);
  const [assessments, recorded] = await Promise.all([
    assessmentsOfClasses(db, classIds, period.start_date, period.end_date),
    recordedLessonsOfClasses(db, classIds, period.start_date, today < period.end_date ? today : period.end_date),
  ]);
  const topicsOf = await topicsBySubject(db, year.id, current.level, yearSoFar.lessons, recorded, period.start_date, today);
  const subjectIds = [...new Set([...lessons.map((l) => l.subjectId), ...marks.map((m) => m.subject_id)])];
  const rows = subjects
    .filter((s) => subjectIds.includes(s.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'))
    .map((s) => {
      const own = marks.filter((m) => m.subject_id === s.id);
      const weighted: WeightedMark[] = own.map((m) => ({ value: m.numeric_value === null ? codeMark(m.value) : numericMark(m.numeric_value), weight: m.weight }));
      const suggestion = suggestPeriodMark(weighted, settings);
      return {
        subjectId: s.id,
        subjectName: s.name,
        marks: own.map((m) => ({ date: m.date, value: m.value, workType: m.work_type_name, weight: m.weight, comment: m.comment })),
        average: weightedAverage(weighted),
        suggested: suggestion.kind === 'mark' ? String(suggestion.value) : suggestion.kind === 'not-attested' ? 'н/а' : null,
        neededFor5: marksNeededFor(5, weighted, settings, 1),
        neededFor4: marksNeededFor(4, weighted, settings, 1),
        lessonsInPeriod: lessons.filter((l) => l.subjectId === s.id).length,
        topics: topicsOf(s.id),
        periodMarks: periodMarks
          .filter((p) => p.subject_id === s.id)
          .map((p) => ({ kind: p.kind as 'period' | 'year' | 'exam' | 'final', periodNumber: p.period_number, value: p.value })),
      };
    });
  return {
    student: { id: student.id, name: `${student.last_name} ${student.first_name}`, className: className(current.level, current.letter) },
    period: { id: period.id, number: period.number, name: period.name, startDate: period.start_date, endDate: period.end_date, isClosed: Boolean(period.is_closed) },
    periods: periods.map((p) => ({ id: p.id, number: p.number, name: p.name, startDate: p.start_date, endDate: p.end_date, isClosed: Boolean(p.is_closed) })),
    subjects: rows,
    assessments: assessments.map((a) => ({ date: a.date, subjectName: a.subject_name, title: a.title, workType: a.work_type_name })),
  };
}

/**
 * Past and planned topics of each subject (section 2: «ранее изученные и планируемые темы»): the topics recorded
 * on the pupil's lessons of the period so far, and the work program's topics of the lessons still to come.
 */
async function topicsBySubject(
  db: Db,
  yearId: number,
  level: number,
  yearLessons: readonly PupilLesson[],
  recorded: ReadonlyArray<{ class_id: number; subject_id: number; group_key: number; date: string; lesson_number: number; topic: string | null }>,
  from: string,
  today: string,
): Promise<(subjectId: number) => { past: Array<{ date: string; topic: string }>; planned: Array<{ date: string; topic: string }> }> {
  const subjectIds = [...new Set(yearLessons.map((l) => l.subjectId))];
  const programs = new Map(await Promise.all(subjectIds.map(async (id) => [id, await programTopics(db, yearId, id, level)] as const)));
  const topicByKey = new Map(recorded.map((r) => [lessonKey(r.class_id, r.subject_id, r.group_key, r.date, r.lesson_number), r.topic]));
  return (subjectId) => {
    const sequence = (programs.get(subjectId) ?? []).flatMap((t) => Array.from({ length: Math.max(1, t.hours) }, () => t.title));
    const own = yearLessons.filter((l) => l.subjectId === subjectId);
    const past: Array<{ date: string; topic: string }> = [];
    const planned: Array<{ date: string; topic: string }> = [];
    // Ordinals count per journal page (the class's or the group's lessons of the subject).
    const ordinals = new Map<number, number>();
    for (const l of own) {
      const ordinal = ordinals.get(l.groupId ?? 0) ?? 0;
      ordinals.set(l.groupId ?? 0, ordinal + 1);
      if (l.date < from) continue;
      if (l.date <= today) {
        const topic = topicByKey.get(lessonKey(l.classId, l.subjectId, l.groupId ?? 0, l.date, l.lessonNumber));
        if (topic) past.push({ date: l.date, topic });
      } else if (sequence[ordinal] !== undefined) {
        planned.push({ date: l.date, topic: sequence[ordinal]! });
      }
    }
    return { past, planned };
  };
}

/**
 * A homework file of one of the pupil's lessons: the lesson must be of a class the pupil was in that day (and of
 * their group), so a parent cannot open another class's files by guessing ids.
 */
export async function studentAttachment(db: Db, studentId: number, attachmentId: number): Promise<AttachmentWithLesson> {
  const found = await findAttachment(db, attachmentId);
  if (!found) throw notFound('Файл');
  const [enrolments, memberships] = await Promise.all([enrolmentsOfStudent(db, studentId), groupMembershipsOfStudent(db, studentId)]);
  const inClass = enrolments.some((e) => e.class_id === found.class_id && within(found.date, e.from_date, e.to_date));
  const inGroup = found.group_key === 0 || memberships.some((m) => m.group_id === found.group_key && within(found.date, m.from_date, m.to_date));
  // The same answer as for a missing file: ids of other classes' files cannot be probed.
  if (!inClass || !inGroup) throw notFound('Файл');
  return found;
}
