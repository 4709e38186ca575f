// SQL of viewing a past year from its archive (issue 6, item 6), run against an ARCHIVE copy opened read-only
// from a drive (the live `archives` and `drives` rows are read through archive-repo.ts). The copy's schema may be
// older or newer than this program's, so the schema questions below ask SQLite itself instead of assuming the
// migrations of this build.

import type { Db } from '../connection';

/** ARCHIVE copy: the tables it has. */
export async function tablesOf(db: Db): Promise<Set<string>> {
  const rows = (await db('sqlite_master').where({ type: 'table' }).select('name')) as Array<{ name: string }>;
  return new Set(rows.map((r) => r.name));
}

/** ARCHIVE copy: the columns of one table (empty when it does not exist). */
export async function columnsOf(db: Db, table: string): Promise<Set<string>> {
  // PRAGMA table_info cannot take a bound parameter; the table names come from this program's own list.
  if (!/^[a-z_]+$/.test(table)) throw new Error(`unexpected table name ${table}`);
  const rows = (await db.raw(`PRAGMA table_info(${table})`)) as Array<{ name: string }>;
  return new Set(rows.map((r) => r.name));
}

/** ARCHIVE copy: the migrations that built its schema, in order. */
export async function migrationsOf(db: Db): Promise<string[]> {
  const rows = (await db('knex_migrations').orderBy('id').select('name')) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

export interface ArchiveYearRow {
  id: number;
  name: string;
  start_date: string;
  end_date: string;
}

export async function archiveYear(db: Db, yearId: number): Promise<ArchiveYearRow | undefined> {
  return (await db('academic_years').where({ id: yearId }).first('id', 'name', 'start_date', 'end_date')) as
    ArchiveYearRow | undefined;
}

export interface ArchiveClassRow {
  id: number;
  level: number;
  letter: string;
  academic_year: string;
  class_teacher_name: string | null;
}

const teacherName = (db: Db) =>
  db.raw("u.last_name || ' ' || u.first_name || coalesce(' ' || u.middle_name, '') as class_teacher_name");

/** ARCHIVE copy: the classes of a school year with their class teachers' names. */
export async function classesOfYear(db: Db, yearName: string): Promise<ArchiveClassRow[]> {
  return (await db('classes as c')
    .leftJoin('users as u', 'u.id', 'c.class_teacher_user_id')
    .where('c.academic_year', yearName)
    .orderBy(['c.level', 'c.letter'])
    .select('c.id', 'c.level', 'c.letter', 'c.academic_year', teacherName(db))) as ArchiveClassRow[];
}

export async function classOfYear(db: Db, yearName: string, classId: number): Promise<ArchiveClassRow | undefined> {
  return (await db('classes as c')
    .leftJoin('users as u', 'u.id', 'c.class_teacher_user_id')
    .where({ 'c.academic_year': yearName, 'c.id': classId })
    .first('c.id', 'c.level', 'c.letter', 'c.academic_year', teacherName(db))) as ArchiveClassRow | undefined;
}

export interface PupilCountRow {
  class_id: number;
  in_year: number;
  at_end: number;
}

/**
 * ARCHIVE copy: per class, the pupils enrolled at any time of the year and those still enrolled on its last day
 * (enrolment is dated: from inclusive, to exclusive).
 */
export async function pupilCounts(db: Db, classIds: readonly number[], from: string, lastDay: string): Promise<PupilCountRow[]> {
  if (classIds.length === 0) return [];
  return (await db('class_enrolments as e')
    .whereIn('e.class_id', classIds)
    .where('e.from_date', '<=', lastDay)
    .where((q) => void q.whereNull('e.to_date').orWhere('e.to_date', '>', from))
    .groupBy('e.class_id')
    .select(
      'e.class_id',
      db.raw('count(distinct e.student_id) as in_year'),
      db.raw('count(distinct case when e.to_date is null or e.to_date > ? then e.student_id end) as at_end', [lastDay]),
    )) as PupilCountRow[];
}

export interface RecordedPageRow {
  subject_id: number;
  subject_name: string;
  group_key: number;
  group_name: string | null;
}

/**
 * ARCHIVE copy: the journal pages of a class that have something recorded, including those whose teaching
 * assignment was removed later in the year (their marks must still be viewable).
 */
export async function recordedPagesOfClass(db: Db, classId: number): Promise<RecordedPageRow[]> {
  return (await db('journal_lessons as l')
    .join('subjects as s', 's.id', 'l.subject_id')
    .leftJoin('study_groups as g', 'g.id', 'l.group_key')
    .where('l.class_id', classId)
    .distinct('l.subject_id', 's.name as subject_name', 'l.group_key', 'g.name as group_name')) as RecordedPageRow[];
}
