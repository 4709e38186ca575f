// Bulk insert of the demo school's journal (a year of lessons, marks and attendance: half a million rows for a
// large school). knex builds one statement per batch and is too slow at this volume, so the rows go through
// better-sqlite3 prepared statements on the caller's transaction connection. Called only with a transaction
// (the demo is written all or nothing); ids are given by the generator.

import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../connection';

export interface DemoProgramRow {
  id: number;
  yearId: number;
  subjectId: number;
  level: number;
  authorUserId: number | null;
  updatedAt: string;
  topics: Array<{ position: number; title: string; hours: number; plannedAssessment: string | null }>;
}

export interface DemoLessonRow {
  id: number;
  classId: number;
  subjectId: number;
  groupKey: number;
  date: string;
  lessonNumber: number;
  teacherUserId: number;
  topic: string | null;
  homework: string | null;
  enteredAt: string;
  updatedAt: string;
}

export interface DemoColumnRow {
  id: number;
  lessonId: number;
  position: number;
  workTypeId: number;
  weight: number;
  createdAt: string;
}

/** [column id, student id, numeric mark, author, created at, is late 0/1]: compact, there are 500k of them. */
export type DemoMarkTuple = [number, number, number, number, string, number];

export interface DemoAttendanceRow {
  lessonId: number;
  studentId: number;
  code: string;
  enteredByUserId: number;
  enteredAt: string;
  reasonByUserId: number | null;
  reasonAt: string | null;
}

export interface DemoPeriodMarkRow {
  yearId: number;
  classId: number;
  subjectId: number;
  studentId: number;
  /** 'period' when absent. */
  kind?: 'period' | 'year' | 'exam' | 'final';
  periodNumber: number;
  value: string;
  numericValue: number | null;
  authorUserId: number;
  updatedAt: string;
}

export interface DemoAssessmentRow {
  classId: number;
  subjectId: number;
  groupKey: number;
  date: string;
  workTypeId: number;
  title: string;
  createdByUserId: number;
  createdAt: string;
}

export interface DemoJournalRows {
  programs: DemoProgramRow[];
  lessons: DemoLessonRow[];
  columns: DemoColumnRow[];
  marks: DemoMarkTuple[];
  attendance: DemoAttendanceRow[];
  periodMarks: DemoPeriodMarkRow[];
  closures: Array<{ periodId: number; closedByUserId: number; closedAt: string }>;
  assessments: DemoAssessmentRow[];
}

export interface DemoJournalReferences {
  workTypes: Array<{ id: number; name: string; default_weight: number; is_written: number; is_archived: number }>;
  periods: Array<{ id: number; scheme: string; number: number; start_date: string; end_date: string }>;
  /** The first free id of each table the generator numbers itself. */
  nextIds: { programs: number; lessons: number; columns: number };
}

export async function demoJournalReferences(db: Db, yearId: number): Promise<DemoJournalReferences> {
  const workTypes = (await db('work_types').orderBy(['sort_order', 'name']).select('id', 'name', 'default_weight', 'is_written', 'is_archived')) as DemoJournalReferences['workTypes'];
  const periods = (await db('study_periods').where({ academic_year_id: yearId }).orderBy(['scheme', 'number']).select('id', 'scheme', 'number', 'start_date', 'end_date')) as DemoJournalReferences['periods'];
  const nextId = async (table: string) => Number(((await db(table).max({ id: 'id' }).first()) as { id: number | null } | undefined)?.id ?? 0) + 1;
  return { workTypes, periods, nextIds: { programs: await nextId('work_programs'), lessons: await nextId('journal_lessons'), columns: await nextId('mark_columns') } };
}

/** Writes everything on the transaction's own connection; `trx` must be a knex transaction. */
export async function insertDemoJournal(trx: Db, rows: DemoJournalRows): Promise<void> {
  if (!trx.isTransaction) throw new Error('insertDemoJournal: нужна транзакция');
  // Inside a knex transaction the client hands out the transaction's connection (no pool wait, no release).
  const conn = (await trx.client.acquireConnection()) as BetterSqlite3.Database;
  // The default 2 MB page cache spills to the WAL halfway through the transaction and the random inserts into
  // the student_id indexes then read pages back: a bigger cache for the bulk insert makes it several times faster.
  const cacheSize = conn.pragma('cache_size', { simple: true }) as number;
  conn.pragma('cache_size = -262144');
  try {
    insertPrograms(conn, rows.programs);
    insertLessons(conn, rows.lessons);
    insertColumns(conn, rows.columns);
    insertMarks(conn, rows.marks);
    insertAttendance(conn, rows.attendance);
    insertPeriodMarks(conn, rows.periodMarks);
    insertClosures(conn, rows.closures);
    insertAssessments(conn, rows.assessments);
  } finally {
    conn.pragma(`cache_size = ${cacheSize}`);
    await trx.client.releaseConnection(conn);
  }
}

function insertPrograms(conn: BetterSqlite3.Database, programs: readonly DemoProgramRow[]): void {
  const program = conn.prepare('insert into work_programs (id, academic_year_id, subject_id, level, author_user_id, version, updated_at) values (?, ?, ?, ?, ?, 1, ?)');
  const topic = conn.prepare('insert into work_program_topics (program_id, position, title, hours, planned_assessment) values (?, ?, ?, ?, ?)');
  for (const p of programs) {
    program.run(p.id, p.yearId, p.subjectId, p.level, p.authorUserId, p.updatedAt);
    for (const t of p.topics) topic.run(p.id, t.position, t.title, t.hours, t.plannedAssessment);
  }
}

function insertLessons(conn: BetterSqlite3.Database, lessons: readonly DemoLessonRow[]): void {
  const statement = conn.prepare(
    'insert into journal_lessons (id, class_id, subject_id, group_key, date, lesson_number, teacher_user_id, topic, homework, topic_entered_at, homework_entered_at, version, created_at, updated_at) ' +
      'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
  );
  for (const l of lessons) {
    statement.run(
      l.id,
      l.classId,
      l.subjectId,
      l.groupKey,
      l.date,
      l.lessonNumber,
      l.teacherUserId,
      l.topic,
      l.homework,
      l.topic === null ? null : l.enteredAt,
      l.homework === null ? null : l.enteredAt,
      l.enteredAt,
      l.updatedAt,
    );
  }
}

function insertColumns(conn: BetterSqlite3.Database, columns: readonly DemoColumnRow[]): void {
  const statement = conn.prepare('insert into mark_columns (id, lesson_id, position, work_type_id, weight, created_at) values (?, ?, ?, ?, ?, ?)');
  for (const c of columns) statement.run(c.id, c.lessonId, c.position, c.workTypeId, c.weight, c.createdAt);
}

function insertMarks(conn: BetterSqlite3.Database, marks: readonly DemoMarkTuple[]): void {
  const statement = conn.prepare(
    'insert into marks (column_id, student_id, value, numeric_value, comment, author_user_id, created_at, updated_at, is_late, version) values (?, ?, ?, ?, null, ?, ?, ?, ?, 1)',
  );
  const texts = ['0', '1', '2', '3', '4', '5'];
  for (const [columnId, studentId, value, authorUserId, createdAt, isLate] of marks) {
    statement.run(columnId, studentId, texts[value] ?? String(value), value, authorUserId, createdAt, createdAt, isLate);
  }
}

function insertAttendance(conn: BetterSqlite3.Database, rows: readonly DemoAttendanceRow[]): void {
  const statement = conn.prepare(
    'insert into attendance (lesson_id, student_id, code, entered_by_user_id, entered_at, reason_by_user_id, reason_at, version) values (?, ?, ?, ?, ?, ?, ?, 1)',
  );
  for (const a of rows) statement.run(a.lessonId, a.studentId, a.code, a.enteredByUserId, a.enteredAt, a.reasonByUserId, a.reasonAt);
}

function insertPeriodMarks(conn: BetterSqlite3.Database, rows: readonly DemoPeriodMarkRow[]): void {
  const statement = conn.prepare(
    'insert into period_marks (academic_year_id, class_id, subject_id, student_id, kind, period_number, value, numeric_value, author_user_id, updated_at, version) ' +
      'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
  );
  for (const p of rows) statement.run(p.yearId, p.classId, p.subjectId, p.studentId, p.kind ?? 'period', p.periodNumber, p.value, p.numericValue, p.authorUserId, p.updatedAt);
}

function insertClosures(conn: BetterSqlite3.Database, rows: DemoJournalRows['closures']): void {
  const statement = conn.prepare('insert into period_closures (period_id, closed_by_user_id, closed_at) values (?, ?, ?)');
  for (const c of rows) statement.run(c.periodId, c.closedByUserId, c.closedAt);
}

function insertAssessments(conn: BetterSqlite3.Database, rows: readonly DemoAssessmentRow[]): void {
  const statement = conn.prepare(
    'insert into assessment_plans (class_id, subject_id, group_key, date, work_type_id, title, created_by_user_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const a of rows) statement.run(a.classId, a.subjectId, a.groupKey, a.date, a.workTypeId, a.title, a.createdByUserId, a.createdAt);
}
