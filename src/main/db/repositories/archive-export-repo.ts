// What the yearly archive shows people: per class the list, marks, attendance and period/year marks of one
// school year. These queries run on the consistent database copy made for the archive (not the live
// database), so the CSV and PDF files say exactly what the SQLite copy next to them says.

import knexFactory from 'knex';
import type { Db } from '../connection';

/** A read-only connection to a database copy (the archive's snapshot); the caller destroys it. */
export function openSnapshotDb(file: string, nativeBinding?: string): Db {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file, options: { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) } },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
}

export interface ExportClass {
  id: number;
  level: number;
  letter: string;
  teacher_name: string | null;
}

export interface ExportPupil {
  student_id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string | null;
  from_date: string;
  to_date: string | null;
}

export interface ExportMark {
  date: string;
  lesson_number: number;
  subject: string;
  group_name: string | null;
  work_type: string;
  weight: number;
  student_id: number;
  value: string;
  comment: string | null;
  is_late: number;
}

export interface ExportAttendance {
  date: string;
  lesson_number: number;
  subject: string;
  group_name: string | null;
  student_id: number;
  code: string;
}

export interface ExportPeriodMark {
  subject: string;
  student_id: number;
  kind: string;
  period_number: number;
  value: string;
}

export interface ExportPeriod {
  scheme: string;
  number: number;
  name: string;
}

export async function schoolNameOf(db: Db): Promise<string> {
  const row = (await db('school').first('name')) as { name: string } | undefined;
  return row?.name ?? '';
}

export async function classesOfYear(db: Db, yearName: string): Promise<ExportClass[]> {
  return (await db('classes as c')
    .leftJoin('users as u', 'u.id', 'c.class_teacher_user_id')
    .where('c.academic_year', yearName)
    .orderBy(['c.level', 'c.letter'])
    .select('c.id', 'c.level', 'c.letter', db.raw("trim(u.last_name || ' ' || u.first_name || ' ' || coalesce(u.middle_name, '')) as teacher_name"))) as ExportClass[];
}

/** Everyone ever enrolled in the class, with the dates (a pupil who moved appears with both enrolments). */
export async function classRoster(db: Db, classId: number): Promise<ExportPupil[]> {
  return (await db('class_enrolments as e')
    .join('students as s', 's.id', 'e.student_id')
    .where('e.class_id', classId)
    .orderBy(['s.last_name', 's.first_name', 's.middle_name', 's.id', 'e.from_date'])
    .select('s.id as student_id', 's.last_name', 's.first_name', 's.middle_name', 's.birth_date', 'e.from_date', 'e.to_date')) as ExportPupil[];
}

export async function classMarks(db: Db, classId: number): Promise<ExportMark[]> {
  return (await db('marks as m')
    .join('mark_columns as mc', 'mc.id', 'm.column_id')
    .join('journal_lessons as l', 'l.id', 'mc.lesson_id')
    .join('subjects as s', 's.id', 'l.subject_id')
    .join('work_types as w', 'w.id', 'mc.work_type_id')
    .leftJoin('study_groups as g', 'g.id', 'l.group_key')
    .where('l.class_id', classId)
    .orderBy([{ column: 'l.date' }, { column: 'l.lesson_number' }, { column: 's.name' }, { column: 'mc.position' }, { column: 'm.student_id' }])
    .select(
      'l.date',
      'l.lesson_number',
      's.name as subject',
      'g.name as group_name',
      'w.name as work_type',
      'mc.weight',
      'm.student_id',
      'm.value',
      'm.comment',
      'm.is_late',
    )) as ExportMark[];
}

export async function classAttendance(db: Db, classId: number): Promise<ExportAttendance[]> {
  return (await db('attendance as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .join('subjects as s', 's.id', 'l.subject_id')
    .leftJoin('study_groups as g', 'g.id', 'l.group_key')
    .where('l.class_id', classId)
    .orderBy([{ column: 'l.date' }, { column: 'l.lesson_number' }, { column: 's.name' }, { column: 'a.student_id' }])
    .select('l.date', 'l.lesson_number', 's.name as subject', 'g.name as group_name', 'a.student_id', 'a.code')) as ExportAttendance[];
}

export async function classPeriodMarks(db: Db, yearId: number, classId: number): Promise<ExportPeriodMark[]> {
  return (await db('period_marks as p')
    .join('subjects as s', 's.id', 'p.subject_id')
    .where({ 'p.academic_year_id': yearId, 'p.class_id': classId })
    .orderBy([{ column: 's.name' }, { column: 'p.student_id' }, { column: 'p.kind' }, { column: 'p.period_number' }])
    .select('s.name as subject', 'p.student_id', 'p.kind', 'p.period_number', 'p.value')) as ExportPeriodMark[];
}

export async function periodsOfYear(db: Db, yearId: number): Promise<ExportPeriod[]> {
  return (await db('study_periods').where({ academic_year_id: yearId }).orderBy(['scheme', 'number']).select('scheme', 'number', 'name')) as ExportPeriod[];
}

/** The period scheme of a level in the year ('quarters', 'trimesters', ...), to name its period marks. */
export async function levelPeriodScheme(db: Db, yearId: number, level: number): Promise<string | null> {
  const row = (await db('level_settings').where({ academic_year_id: yearId, level }).first('period_scheme')) as { period_scheme: string } | undefined;
  return row?.period_scheme ?? null;
}
