// SQL of the diary (3.7): one pupil's lessons, marks, attendance and homework, read across the journal pages of
// the classes and groups they were in. Every query is keyed by the pupil, never by a class alone.

import type { Db } from '../connection';

export async function enrolmentsOfStudent(db: Db, studentId: number) {
  return (await db('class_enrolments as e')
    .join('classes as c', 'c.id', 'e.class_id')
    .where('e.student_id', studentId)
    .select('e.class_id', 'e.from_date', 'e.to_date', 'c.level', 'c.letter', 'c.shift', 'c.academic_year')
    .orderBy('e.from_date')) as Array<{ class_id: number; from_date: string; to_date: string | null; level: number; letter: string; shift: number; academic_year: string }>;
}

export async function groupMembershipsOfStudent(db: Db, studentId: number) {
  return (await db('group_memberships').where({ student_id: studentId }).select('group_id', 'from_date', 'to_date')) as Array<{
    group_id: number;
    from_date: string;
    to_date: string | null;
  }>;
}

export interface StudentMarkRow {
  lesson_id: number;
  class_id: number;
  subject_id: number;
  group_key: number;
  date: string;
  lesson_number: number;
  value: string;
  numeric_value: number | null;
  weight: number;
  work_type_name: string;
  work_type_short: string;
  comment: string | null;
  updated_at: string;
}

export async function marksOfStudent(db: Db, studentId: number, from: string, to: string): Promise<StudentMarkRow[]> {
  return (await db('marks as m')
    .join('mark_columns as c', 'c.id', 'm.column_id')
    .join('journal_lessons as l', 'l.id', 'c.lesson_id')
    .join('work_types as w', 'w.id', 'c.work_type_id')
    .where('m.student_id', studentId)
    .whereBetween('l.date', [from, to])
    .select(
      'l.id as lesson_id',
      'l.class_id',
      'l.subject_id',
      'l.group_key',
      'l.date',
      'l.lesson_number',
      'm.value',
      'm.numeric_value',
      'c.weight',
      'w.name as work_type_name',
      'w.short_name as work_type_short',
      'm.comment',
      'm.updated_at',
    )
    .orderBy(['l.date', 'l.lesson_number', 'c.position'])) as StudentMarkRow[];
}

export async function attendanceOfStudent(db: Db, studentId: number, from: string, to: string) {
  return (await db('attendance as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .where('a.student_id', studentId)
    .whereBetween('l.date', [from, to])
    .select('l.id as lesson_id', 'l.class_id', 'l.subject_id', 'l.group_key', 'l.date', 'l.lesson_number', 'a.code')) as Array<{
    lesson_id: number;
    class_id: number;
    subject_id: number;
    group_key: number;
    date: string;
    lesson_number: number;
    code: string;
  }>;
}

export async function recordedLessonsOfClasses(db: Db, classIds: readonly number[], from: string, to: string) {
  if (classIds.length === 0) return [];
  return (await db('journal_lessons').whereIn('class_id', classIds).whereBetween('date', [from, to]).select('id', 'class_id', 'subject_id', 'group_key', 'date', 'lesson_number', 'topic', 'homework')) as Array<{
    id: number;
    class_id: number;
    subject_id: number;
    group_key: number;
    date: string;
    lesson_number: number;
    topic: string | null;
    homework: string | null;
  }>;
}

export async function assessmentsOfClasses(db: Db, classIds: readonly number[], from: string, to: string) {
  if (classIds.length === 0) return [];
  return (await db('assessment_plans as a')
    .join('subjects as s', 's.id', 'a.subject_id')
    .join('work_types as w', 'w.id', 'a.work_type_id')
    .whereIn('a.class_id', classIds)
    .whereBetween('a.date', [from, to])
    .select('a.class_id', 'a.subject_id', 's.name as subject_name', 'a.group_key', 'a.date', 'a.title', 'w.name as work_type_name')
    .orderBy(['a.date', 'a.id'])) as Array<{ class_id: number; subject_id: number; subject_name: string; group_key: number; date: string; title: string; work_type_name: string }>;
}

export async function periodMarksOfStudent(db: Db, studentId: number, yearId: number) {
  return (await db('period_marks').where({ student_id: studentId, academic_year_id: yearId }).select('subject_id', 'kind', 'period_number', 'value')) as Array<{
    subject_id: number;
    kind: string;
    period_number: number;
    value: string;
  }>;
}
