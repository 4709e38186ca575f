// Control of journal-keeping (3.2, 3.5; DOMAIN.md «Journal-keeping discipline»): per teacher, class and subject,
// the lessons held without topic or homework, lessons with nothing recorded, late marks, the lag from the
// lesson's end to the entry of its marks and attendance in hours, and pupils with too few marks. Deputies leave
// control notes to a teacher; the teacher reads them on their own page.

import type { z } from 'zod';
import type { controlLessonsSchema, controlNoteSchema, controlReportSchema } from '../../shared/api/journal-schemas';
import type { DerivedLesson } from '../../shared/domain/school-year-types';
import { deriveLessons } from '../../shared/domain/timetable-rules';
import { recordAudit } from '../audit/audit-service';
import { invalid, notFound } from '../common/app-error';
import { academicYearOf } from '../common/dates';
import type { Db } from '../db/connection';
import { cachedCalendar } from '../calendar/calendar-cache';
import { findAcademicYearByName } from '../db/repositories/calendar-repo';
import { findSubject, listSubjects } from '../db/repositories/directories-repo';
import {
  attendanceBetween,
  attendanceOfLessons,
  bellsOfYear,
  insertControlNote,
  lessonsBetween,
  lessonsOfJournal,
  listControlNotes,
  markControlNoteRead,
  marksBetween,
  marksOfColumns,
  columnsOfLessons,
  pupilsOfClassesOn,
  userNames,
  type ControlNoteRow,
} from '../db/repositories/journal-repo';
import { classRow, listClassesOfYearRaw } from '../db/repositories/people-repo';
import { changesBetween, slotsOfYear } from '../db/repositories/teaching-repo';
import { findUserById } from '../db/repositories/users-repo';
import { markSettings } from '../directories/directories-service';
import { className } from '../school/school-service';
import { derivedLessonsOf, type JournalContext } from './journal-context';

type ControlReport = z.infer<typeof controlReportSchema>;
type ControlRow = ControlReport['rows'][number];

const HOURS = 3_600_000;
/** When the bell schedule has no time for a lesson number, the lesson is taken to end at this local time. */
const FALLBACK_LESSON_END = '15:00';

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const lessonKey = (classId: number, subjectId: number, groupKey: number, date: string, n: number) => `${classId}:${subjectId}:${groupKey}:${date}#${n}`;

export async function controlReport(db: Db, today: string, query: { from: string; to: string; teacherUserId?: number | undefined }): Promise<ControlReport> {
  if (query.from > query.to) throw invalid('from', 'С даты', 'начало позже конца');
  const year = await findAcademicYearByName(db, academicYearOf(query.from));
  const to = query.to < today ? query.to : today;
  if (!year || query.from > to) return { from: query.from, to: query.to, rows: [] };
  const calendar = await cachedCalendar(db, year);
  const classes = await listClassesOfYearRaw(db, year.name);
  const start = query.from < year.start_date ? year.start_date : query.from;
  const end = to > year.end_date ? year.end_date : to;
  if (start > end) return { from: query.from, to: query.to, rows: [] };
  const held = deriveLessons({
    calendar,
    classLevels: new Map(classes.map((c) => [c.id, c.level])),
    slots: await slotsOfYear(db, year.id),
    changes: await changesBetween(db, start, end),
    from: start,
    to: end,
  }).filter((l) => query.teacherUserId === undefined || l.teacherUserId === query.teacherUserId);

  const [recorded, marks, attendance, bells, settings, subjects] = await Promise.all([
    lessonsBetween(db, start, end),
    marksBetween(db, start, end),
    attendanceBetween(db, start, end),
    bellsOfYear(db, year.id),
    markSettings(db),
    listSubjects(db),
  ]);
  const recordedByKey = new Map(recorded.map((r) => [lessonKey(r.class_id, r.subject_id, r.group_key, r.date, r.lesson_number), r]));
  const classById = new Map(classes.map((c) => [c.id, c]));
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]));
  const bellEnd = new Map(bells.map((b) => [`${b.shift}:${b.lesson_number}`, b.ends_at]));

  /** First entry (mark or attendance) of each lesson, as a time. */
  const firstEntry = new Map<string, number>();
  const note = (key: string, at: string) => {
    const time = Date.parse(at);
    const seen = firstEntry.get(key);
    if (seen === undefined || time < seen) firstEntry.set(key, time);
  };
  const marksPerJournal = new Map<string, { marks: number; late: number; perStudent: Map<number, number> }>();
  for (const m of marks) {
    const journal = `${m.class_id}:${m.subject_id}:${m.group_key}`;
    note(`${journal}:${m.date}#${m.lesson_number}`, m.created_at);
    let entry = marksPerJournal.get(journal);
    if (!entry) {
      entry = { marks: 0, late: 0, perStudent: new Map() };
      marksPerJournal.set(journal, entry);
    }
    entry.marks += 1;
    if (m.is_late) entry.late += 1;
    if (m.numeric_value !== null) entry.perStudent.set(m.student_id, (entry.perStudent.get(m.student_id) ?? 0) + 1);
  }
  for (const a of attendance) note(`${a.class_id}:${a.subject_id}:${a.group_key}:${a.date}#${a.lesson_number}`, a.entered_at);

  const rows = new Map<string, ControlRow & { lags: number[] }>();
  const studentsOfJournal = await pupilsOfJournals(db, classes.map((c) => c.id), end);
  for (const lesson of held) {
    const groupKey = lesson.groupId ?? 0;
    const journal = `${lesson.classId}:${lesson.subjectId}:${groupKey}`;
    const rowKey = `${lesson.teacherUserId}:${journal}`;
    let row = rows.get(rowKey);
    if (!row) {
      const cls = classById.get(lesson.classId)!;
      const perStudent = marksPerJournal.get(journal)?.perStudent ?? new Map<number, number>();
      const pupils = studentsOfJournal(lesson.classId, lesson.groupId);
      row = {
        teacherUserId: lesson.teacherUserId,
        teacherName: '',
        classId: lesson.classId,
        className: className(cls.level, cls.letter),
        subjectId: lesson.subjectId,
        subjectName: subjectName.get(lesson.subjectId) ?? '',
        groupKey,
        lessonsHeld: 0,
        withoutTopic: 0,
        withoutHomework: 0,
        notFilled: 0,
        marks: marksPerJournal.get(journal)?.marks ?? 0,
        lateMarks: marksPerJournal.get(journal)?.late ?? 0,
        medianLagHours: null,
        maxLagHours: null,
        studentsWithTooFewMarks: pupils.filter((id) => (perStudent.get(id) ?? 0) < settings.minimumMarksPerPeriod).length,
        students: pupils.length,
        lags: [],
      };
      rows.set(rowKey, row);
    }
    row.lessonsHeld += 1;
    const record = recordedByKey.get(`${journal}:${lesson.date}#${lesson.lessonNumber}`);
    if (!record?.topic) row.withoutTopic += 1;
    if (!record?.homework) row.withoutHomework += 1;
    const entered = firstEntry.get(`${journal}:${lesson.date}#${lesson.lessonNumber}`);
    if (!record && entered === undefined) row.notFilled += 1;
    if (entered !== undefined) {
      const shift = classById.get(lesson.classId)?.shift ?? 1;
      const ends = bellEnd.get(`${shift}:${lesson.lessonNumber}`) ?? FALLBACK_LESSON_END;
      // The lesson's end in school-local time; the server runs in the school's time zone.
      const lessonEnd = new Date(`${lesson.date}T${ends}:00`).getTime();
      row.lags.push(Math.max(0, (entered - lessonEnd) / HOURS));
    }
  }
  const names = await userNames(db, [...rows.values()].flatMap((r) => (r.teacherUserId === null ? [] : [r.teacherUserId])));
  const result: ControlRow[] = [...rows.values()].map(({ lags, ...row }) => ({
    ...row,
    teacherName: row.teacherUserId === null ? '' : (names.get(row.teacherUserId) ?? ''),
    medianLagHours: round1(median(lags)),
    maxLagHours: round1(lags.length ? Math.max(...lags) : null),
  }));
  result.sort((a, b) => a.teacherName.localeCompare(b.teacherName, 'ru') || a.className.localeCompare(b.className, 'ru', { numeric: true }) || a.subjectName.localeCompare(b.subjectName, 'ru'));
  return { from: query.from, to: query.to, rows: result };
}

/** Who is on each journal on a date: the class's pupils, or a group's members. */
async function pupilsOfJournals(db: Db, classIds: readonly number[], onDate: string): Promise<(classId: number, groupId: number | null) => number[]> {
  const { enrolled, members } = await pupilsOfClassesOn(db, classIds, onDate);
  const byClass = new Map<number, number[]>();
  for (const e of enrolled) byClass.set(e.class_id, [...(byClass.get(e.class_id) ?? []), e.student_id]);
  const byGroup = new Map<number, number[]>();
  for (const m of members) byGroup.set(m.group_id, [...(byGroup.get(m.group_id) ?? []), m.student_id]);
  return (classId, groupId) => {
    const pupils = byClass.get(classId) ?? [];
    if (groupId === null) return pupils;
    const group = new Set(byGroup.get(groupId) ?? []);
    return pupils.filter((id) => group.has(id));
  };
}

export async function journalControl(db: Db, ctx: JournalContext, from: string, to: string): Promise<z.infer<typeof controlLessonsSchema>> {
  if (from > to) throw invalid('from', 'С даты', 'начало позже конца');
  const end = to < ctx.today ? to : ctx.today;
  const held: DerivedLesson[] = from > end ? [] : await derivedLessonsOf(db, ctx, from, end);
  const recorded = from > end ? [] : await lessonsOfJournal(db, ctx.key, from, end);
  const byKey = new Map(recorded.map((r) => [`${r.date}#${r.lesson_number}`, r]));
  const columns = await columnsOfLessons(db, recorded.map((r) => r.id));
  const marks = await marksOfColumns(db, columns.map((c) => c.id));
  const attendance = await attendanceOfLessons(db, recorded.map((r) => r.id));
  const lessonOfColumn = new Map(columns.map((c) => [c.id, c.lesson_id]));
  return {
    lessons: held.map((l) => {
      const row = byKey.get(`${l.date}#${l.lessonNumber}`);
      const missing = [...(row?.topic ? [] : ['тема урока']), ...(row?.homework ? [] : ['домашнее задание'])];
      return {
        date: l.date,
        lessonNumber: l.lessonNumber,
        topic: row?.topic ?? null,
        homework: row?.homework ?? null,
        marks: row ? marks.filter((m) => lessonOfColumn.get(m.column_id) === row.id).length : 0,
        absences: row ? attendance.filter((a) => a.lesson_id === row.id && a.code !== 'ОП').length : 0,
        isComplete: missing.length === 0,
        missing,
      };
    }),
  };
}

function noteView(row: ControlNoteRow): z.infer<typeof controlNoteSchema> {
  return {
    id: row.id,
    teacherUserId: row.teacher_user_id,
    teacherName: row.teacher_name,
    classId: row.class_id,
    subjectId: row.subject_id,
    text: row.text,
    authorName: row.author_name,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

export async function controlNotes(db: Db, teacherUserId: number | undefined) {
  return { notes: (await listControlNotes(db, teacherUserId)).map(noteView) };
}

export async function addControlNote(
  db: Db,
  actorUserId: number,
  now: Date,
  body: { teacherUserId: number; classId?: number | null | undefined; subjectId?: number | null | undefined; text: string },
) {
  const teacher = await findUserById(db, body.teacherUserId);
  if (!teacher || !(teacher.roles.includes('teacher') || teacher.roles.includes('class_teacher'))) throw notFound('Учитель');
  if (body.classId && !(await classRow(db, body.classId))) throw invalid('classId', 'Класс', 'нет такого класса');
  if (body.subjectId && !(await findSubject(db, body.subjectId))) throw invalid('subjectId', 'Предмет', 'нет такого предмета');
  await db.transaction(async (trx) => {
    const id = await insertControlNote(trx, {
      teacher_user_id: body.teacherUserId,
      class_id: body.classId ?? null,
      subject_id: body.subjectId ?? null,
      text: body.text,
      author_user_id: actorUserId,
      created_at: now.toISOString(),
    });
    await recordAudit(trx, { actorUserId, action: 'control-note.create', entity: 'control_note', entityId: id, newValue: { teacherUserId: body.teacherUserId, text: body.text } });
  });
  return controlNotes(db, body.teacherUserId);
}

export async function readControlNote(db: Db, teacherUserId: number, noteId: number, now: Date): Promise<void> {
  const changed = await markControlNoteRead(db, noteId, teacherUserId, now.toISOString());
  if (changed === 0 && !(await listControlNotes(db, teacherUserId)).some((n) => n.id === noteId)) throw notFound('Замечание');
}
