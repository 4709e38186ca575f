// The data of the summary statement of final marks (сводная ведомость итоговых отметок, DOMAIN.md «Year end»):
// per class, its pupils of the year (those who left stay, marked with the date) × the subjects of the level's
// curriculum, with the period marks of each period, the year mark, and exam and final marks where they apply
// (levels 9 and 11, or wherever any were set), plus missed days and lessons. Plain data, so the PDF, the yearly
// archive and the benchmark can use it without the database.
//
// Everything is read with a few set-based queries over the year (the whole school is 45 classes, 1,200 pupils),
// never one query per class or pupil.

import { levelSettingsOf } from '../../shared/domain/calendar';
import { deriveLessons } from '../../shared/domain/timetable-rules';
import { cachedCalendar } from '../calendar/calendar-cache';
import { notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { findAcademicYear } from '../db/repositories/calendar-repo';
import { findSchool } from '../db/repositories/school-repo';
import {
  classesOfYearForStatement,
  curriculumSubjectsOfYear,
  directorNames,
  enrolmentsForStatement,
  groupMembershipsForStatement,
  missedLessonsPerDay,
  periodMarksForStatement,
  subjectsByIds,
} from '../db/repositories/statement-repo';
import { changesBetween, slotsOfYear } from '../db/repositories/teaching-repo';
import { markSettings } from '../directories/directories-service';

/** Exam and final marks are columns of the 9th and 11th grades (DOMAIN.md «Marks»). */
export const EXAM_LEVELS: readonly number[] = [9, 11];

export type StatementMarkKind = 'period' | 'year' | 'exam' | 'final';

/** One mark column of a subject: a period (by number), the year, the exam or the final mark. */
export interface StatementColumn {
  kind: StatementMarkKind;
  /** The period's number for 'period'; 0 otherwise (as in period_marks). */
  periodNumber: number;
  /** Short heading printed above the column: «1 ч.», «Год», «Экз.», «Итог». */
  label: string;
}

export interface StatementStudent {
  id: number;
  /** «Фамилия Имя Отчество». */
  fullName: string;
  /** The date the pupil joined the class when after the year began, else null. */
  joinedOn: string | null;
  /** The first day no longer in the class (the enrolment's exclusive end) when they left during the year, else null. */
  leftOn: string | null;
  missedDays: number;
  missedLessons: number;
  /** Of the missed lessons, those for a good reason (ill, Б, or another valid reason, УП). */
  missedLessonsExcused: number;
}

export interface StatementSubject {
  id: number;
  name: string;
  shortName: string;
}

export interface ClassStatement {
  schoolName: string;
  academicYearId: number;
  /** '2026/2027'. */
  yearName: string;
  classId: number;
  /** '9Б'. */
  className: string;
  level: number;
  /**
   * Markless learning (безотметочное обучение, the 1st grade by default): no marks are given, so the grid stays
   * empty on purpose and the sheet has to say so — the paper is signed and kept 25 years, and an unexplained empty
   * grid reads as marks never entered. Decided as the journal decides it (journal-context): the year's level
   * setting or the school's markless levels.
   */
  isMarkless: boolean;
  /** «Фамилия Имя Отчество» of the class teacher, null if none is appointed. */
  classTeacherName: string | null;
  /** «Фамилия И. О.» of the class teacher for their signature line. */
  classTeacherShortName: string | null;
  /** «Фамилия И. О.» of the director for the signature line, null if nobody holds the role. */
  directorName: string | null;
  /** The periods of the level's scheme (quarters, half-years or trimesters), in order. */
  periods: ReadonlyArray<{ number: number; name: string }>;
  /** The mark columns of every subject, in order: each period, the year, then exam and final where they apply. */
  columns: readonly StatementColumn[];
  students: readonly StatementStudent[];
  subjects: readonly StatementSubject[];
  /** marks[studentId][subjectId][columnKey] = the value as written in the journal ('5', 'н/а', 'осв', 'зач'). */
  marks: Readonly<Record<number, Readonly<Record<number, Readonly<Record<string, string>>>>>>;
}

/** The key of a column in `ClassStatement.marks`: 'period:1', 'year', 'exam', 'final'. */
export function columnKey(kind: StatementMarkKind, periodNumber: number): string {
  return kind === 'period' ? `period:${periodNumber}` : kind;
}

const PERIOD_SHORT: Record<string, string> = { quarters: 'ч.', halves: 'п/г', trimesters: 'тр.' };

function fullName(p: { last_name: string; first_name: string; middle_name: string | null }): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}

/** «Иванова А. П.»: as a name is written under a signature. */
function shortName(p: { last_name: string; first_name: string; middle_name: string | null }): string {
  return `${p.last_name} ${p.first_name.slice(0, 1)}.${p.middle_name ? ` ${p.middle_name.slice(0, 1)}.` : ''}`;
}

/** Classes of a school year (a past one too) in the school's order, to choose a statement from. */
export async function classesOfYear(db: Db, academicYearId: number): Promise<Array<{ id: number; name: string; level: number; classTeacherName: string | null }>> {
  const year = await findAcademicYear(db, academicYearId);
  if (!year) throw notFound('Учебный год');
  return (await classesOfYearForStatement(db, year.name, null)).map((c) => ({
    id: c.id,
    name: `${c.level}${c.letter}`,
    level: c.level,
    classTeacherName: c.class_teacher_last_name === null ? null : shortName({ last_name: c.class_teacher_last_name, first_name: c.class_teacher_first_name ?? '', middle_name: c.class_teacher_middle_name }),
  }));
}

/** The statement of one class of the year; 404 when the year or the class (of that year) does not exist. */
export async function loadClassStatement(db: Db, academicYearId: number, classId: number): Promise<ClassStatement> {
  const [statement] = await loadStatements(db, academicYearId, classId);
  if (!statement) throw notFound('Класс этого учебного года');
  return statement;
}

/** The statements of every class of the year, in the school's order (level, letter). */
export async function loadSchoolStatement(db: Db, academicYearId: number): Promise<ClassStatement[]> {
  return loadStatements(db, academicYearId, null);
}

async function loadStatements(db: Db, academicYearId: number, classId: number | null): Promise<ClassStatement[]> {
  const year = await findAcademicYear(db, academicYearId);
  if (!year) throw notFound('Учебный год');
  const classes = await classesOfYearForStatement(db, year.name, classId);
  if (classes.length === 0) return [];
  const classIds = classes.map((c) => c.id);
  const from = year.start_date;
  const to = year.end_date;

  const [school, directors, calendar, curriculum, enrolments, missed, memberships, slots, changes, settings] = await Promise.all([
    findSchool(db),
    directorNames(db),
    cachedCalendar(db, year),
    curriculumSubjectsOfYear(db, year.id),
    enrolmentsForStatement(db, classIds, from, to),
    missedLessonsPerDay(db, classIds, from, to),
    groupMembershipsForStatement(db, classIds, from, to),
    slotsOfYear(db, year.id),
    changesBetween(db, from, to),
    markSettings(db),
  ]);
  const marks = await periodMarksForStatement(db, year.id, classId === null ? null : enrolments.map((e) => e.student_id));
  const extraSubjects = await subjectsByIds(
    db,
    marks.map((m) => m.subject_id).filter((id) => !curriculum.some((c) => c.subject_id === id)),
  );

  // Lessons each class had per date: whole-class lessons, and each group's. Only dates with an absence matter.
  const absenceDates = new Set(missed.map((m) => m.date));
  const classLevels = new Map(classes.map((c) => [c.id, c.level]));
  const lessonCounts = new Map<string, number>(); // `${classId}|${date}|${groupId ?? 0}` -> lessons
  for (const lesson of deriveLessons({ calendar, classLevels, slots, changes, from, to, classIds })) {
    if (!absenceDates.has(lesson.date)) continue;
    const key = `${lesson.classId}|${lesson.date}|${lesson.groupId ?? 0}`;
    lessonCounts.set(key, (lessonCounts.get(key) ?? 0) + 1);
  }
  const groupsOfStudent = new Map<number, typeof memberships>();
  for (const m of memberships) groupsOfStudent.set(m.student_id, [...(groupsOfStudent.get(m.student_id) ?? []), m]);
  const lessonsOfPupilOn = (cls: number, studentId: number, date: string): number => {
    let count = lessonCounts.get(`${cls}|${date}|0`) ?? 0;
    for (const m of groupsOfStudent.get(studentId) ?? []) {
      if (m.from_date <= date && (m.to_date === null || date < m.to_date)) count += lessonCounts.get(`${cls}|${date}|${m.group_id}`) ?? 0;
    }
    return count;
  };

  const missedOf = new Map<string, { days: number; lessons: number; excused: number }>(); // `${classId}|${studentId}`
  for (const m of missed) {
    const key = `${m.class_id}|${m.student_id}`;
    const sum = missedOf.get(key) ?? { days: 0, lessons: 0, excused: 0 };
    sum.lessons += Number(m.missed);
    sum.excused += Number(m.excused);
    // A day counts as missed when every lesson the pupil had that day was missed (DOMAIN.md «Attendance»).
    const had = lessonsOfPupilOn(m.class_id, m.student_id, m.date);
    if (had > 0 && Number(m.missed) >= had) sum.days += 1;
    missedOf.set(key, sum);
  }

  const marksOfStudent = new Map<number, typeof marks>();
  for (const m of marks) marksOfStudent.set(m.student_id, [...(marksOfStudent.get(m.student_id) ?? []), m]);
  const enrolmentsOfClass = new Map<number, typeof enrolments>();
  for (const e of enrolments) enrolmentsOfClass.set(e.class_id, [...(enrolmentsOfClass.get(e.class_id) ?? []), e]);

  const director = directors[0];
  return classes.map((cls): ClassStatement => {
    const levelSettings = levelSettingsOf(calendar, cls.level);
    const scheme = levelSettings.periodScheme;
    const periods = calendar.periods.filter((p) => p.scheme === scheme).sort((a, b) => a.number - b.number);

    // A pupil enrolled twice in one year (left and came back) is one row: first arrival, last departure.
    const byStudent = new Map<number, { e: (typeof enrolments)[number]; from: string; to: string | null }>();
    for (const e of enrolmentsOfClass.get(cls.id) ?? []) {
      const seen = byStudent.get(e.student_id);
      if (!seen) byStudent.set(e.student_id, { e, from: e.from_date, to: e.to_date });
      else byStudent.set(e.student_id, { e, from: seen.from < e.from_date ? seen.from : e.from_date, to: seen.to === null || e.to_date === null ? null : seen.to > e.to_date ? seen.to : e.to_date });
    }
    const students = [...byStudent.values()]
      .map(({ e, from: joined, to: left }): StatementStudent => {
        const sum = missedOf.get(`${cls.id}|${e.student_id}`);
        return {
          id: e.student_id,
          fullName: fullName(e),
          joinedOn: joined > from ? joined : null,
          leftOn: left !== null && left <= to ? left : null,
          missedDays: sum?.days ?? 0,
          missedLessons: sum?.lessons ?? 0,
          missedLessonsExcused: sum?.excused ?? 0,
        };
      })
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'ru') || a.id - b.id);
    const studentIds = new Set(students.map((s) => s.id));

    // A pupil who left the class during the year shows only the marks given in this class; a pupil who came from
    // another class keeps the marks given there, so the class they finished the year in has their whole record.
    const classMarks = students.flatMap((s) => (marksOfStudent.get(s.id) ?? []).filter((m) => s.leftOn === null || m.class_id === cls.id));
    const subjectIds = new Set(classMarks.map((m) => m.subject_id));
    const subjects: StatementSubject[] = curriculum.filter((c) => c.level === cls.level).map((c) => ({ id: c.subject_id, name: c.name, shortName: c.short_name }));
    // A subject outside the level's curriculum that still has marks (changed curriculum): shown after the others.
    for (const s of extraSubjects) if (subjectIds.has(s.id) && !subjects.some((x) => x.id === s.id)) subjects.push({ id: s.id, name: s.name, shortName: s.short_name });
    for (const c of curriculum) if (subjectIds.has(c.subject_id) && !subjects.some((x) => x.id === c.subject_id)) subjects.push({ id: c.subject_id, name: c.name, shortName: c.short_name });

    const hasExam = EXAM_LEVELS.includes(cls.level) || classMarks.some((m) => m.kind === 'exam' || m.kind === 'final');
    const columns: StatementColumn[] = [
      ...periods.map((p) => ({ kind: 'period' as const, periodNumber: p.number, label: `${p.number} ${PERIOD_SHORT[scheme] ?? ''}`.trim() })),
      { kind: 'year', periodNumber: 0, label: 'Год' },
      ...(hasExam ? [{ kind: 'exam' as const, periodNumber: 0, label: 'Экз.' }, { kind: 'final' as const, periodNumber: 0, label: 'Итог' }] : []),
    ];

    const table: Record<number, Record<number, Record<string, string>>> = {};
    for (const m of classMarks) {
      if (!studentIds.has(m.student_id)) continue;
      const ofStudent = (table[m.student_id] ??= {});
      const ofSubject = (ofStudent[m.subject_id] ??= {});
      ofSubject[columnKey(m.kind as StatementMarkKind, m.period_number)] = m.value;
    }

    const teacher =
      cls.class_teacher_last_name === null ? null : { last_name: cls.class_teacher_last_name, first_name: cls.class_teacher_first_name ?? '', middle_name: cls.class_teacher_middle_name };
    return {
      schoolName: school?.name ?? '',
      academicYearId: year.id,
      yearName: year.name,
      classId: cls.id,
      className: `${cls.level}${cls.letter}`,
      level: cls.level,
      isMarkless: levelSettings.isMarkless || settings.marklessLevels.includes(cls.level),
      classTeacherName: teacher ? fullName(teacher) : null,
      classTeacherShortName: teacher ? shortName(teacher) : null,
      directorName: director ? shortName(director) : null,
      periods: periods.map((p) => ({ number: p.number, name: p.name })),
      columns,
      students,
      subjects,
      marks: table,
    };
  });
}
