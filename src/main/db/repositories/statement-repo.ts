// SQL of the summary statements of final marks (сводная ведомость итоговых отметок) and of the registry of
// printed statements (issue 6, items 1-2). The statement of a whole school (45 classes, 1,200 pupils) is read
// with a handful of set-based queries over the year, never one query per class or pupil.

import type { Db } from '../connection';

export interface StatementClassRow {
  id: number;
  level: number;
  letter: string;
  class_teacher_last_name: string | null;
  class_teacher_first_name: string | null;
  class_teacher_middle_name: string | null;
}

/** Classes of a school year (by its name, '2026/2027') in the school's order: level, then letter. */
export async function classesOfYearForStatement(db: Db, academicYear: string, classId: number | null): Promise<StatementClassRow[]> {
  const query = db('classes as c')
    .leftJoin('users as u', 'u.id', 'c.class_teacher_user_id')
    .where('c.academic_year', academicYear)
    .select('c.id', 'c.level', 'c.letter', 'u.last_name as class_teacher_last_name', 'u.first_name as class_teacher_first_name', 'u.middle_name as class_teacher_middle_name')
    .orderBy(['c.level', 'c.letter', 'c.id']);
  if (classId !== null) void query.where('c.id', classId);
  return (await query) as StatementClassRow[];
}

export interface StatementEnrolmentRow {
  class_id: number;
  student_id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  from_date: string;
  to_date: string | null;
}

/** Every enrolment in the classes that overlaps [from, to] (`to_date` exclusive): pupils who left stay listed. */
export async function enrolmentsForStatement(db: Db, classIds: readonly number[], from: string, to: string): Promise<StatementEnrolmentRow[]> {
  if (classIds.length === 0) return [];
  return (await db('class_enrolments as e')
    .join('students as s', 's.id', 'e.student_id')
    .whereIn('e.class_id', classIds)
    .where('e.from_date', '<=', to)
    .andWhere((q) => q.whereNull('e.to_date').orWhere('e.to_date', '>', from))
    .select('e.class_id', 'e.student_id', 's.last_name', 's.first_name', 's.middle_name', 'e.from_date', 'e.to_date')
    .orderBy(['e.class_id', 'e.student_id', 'e.from_date'])) as StatementEnrolmentRow[];
}

export interface StatementSubjectRow {
  level: number;
  subject_id: number;
  name: string;
  short_name: string;
}

/** The curriculum of the year: subjects of each level, in the directory's order (the order subjects were set up). */
export async function curriculumSubjectsOfYear(db: Db, yearId: number): Promise<StatementSubjectRow[]> {
  return (await db('curriculum_items as ci')
    .join('subjects as s', 's.id', 'ci.subject_id')
    .where('ci.academic_year_id', yearId)
    .select('ci.level', 'ci.subject_id', 's.name', 's.short_name')
    .orderBy(['ci.level', 's.id'])) as StatementSubjectRow[];
}

/** Subjects by id (for period marks of a subject that is not, or no longer, in the curriculum). */
export async function subjectsByIds(db: Db, ids: readonly number[]): Promise<Array<{ id: number; name: string; short_name: string }>> {
  if (ids.length === 0) return [];
  return (await db('subjects').whereIn('id', [...new Set(ids)]).select('id', 'name', 'short_name').orderBy('id')) as Array<{ id: number; name: string; short_name: string }>;
}

export interface StatementMarkRow {
  student_id: number;
  class_id: number;
  subject_id: number;
  kind: string;
  period_number: number;
  value: string;
}

/** Period, year, exam and final marks of the pupils in the year (a pupil has one per subject, kind and period). */
export async function periodMarksForStatement(db: Db, yearId: number, studentIds: readonly number[] | null): Promise<StatementMarkRow[]> {
  const query = db('period_marks').where('academic_year_id', yearId).select('student_id', 'class_id', 'subject_id', 'kind', 'period_number', 'value');
  if (studentIds !== null) {
    if (studentIds.length === 0) return [];
    void query.whereIn('student_id', [...new Set(studentIds)]);
  }
  return (await query) as StatementMarkRow[];
}

export interface MissedPerDayRow {
  class_id: number;
  student_id: number;
  date: string;
  missed: number;
  /** Missed for a good reason: ill (Б) or a valid reason (УП). */
  excused: number;
}

/** Missed lessons (Н, Б, УП, НП; lateness is no absence) of the classes' lessons, per pupil and day. */
export async function missedLessonsPerDay(db: Db, classIds: readonly number[], from: string, to: string): Promise<MissedPerDayRow[]> {
  if (classIds.length === 0) return [];
  return (await db('attendance as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .whereIn('l.class_id', classIds)
    .whereBetween('l.date', [from, to])
    .whereIn('a.code', ['Н', 'Б', 'УП', 'НП'])
    .groupBy('l.class_id', 'a.student_id', 'l.date')
    .select('l.class_id', 'a.student_id', 'l.date', db.raw('count(*) as missed'), db.raw("sum(case when a.code in ('Б', 'УП') then 1 else 0 end) as excused"))) as MissedPerDayRow[];
}

/** Group memberships of the classes' groups overlapping [from, to] (to tell which group lessons a pupil had). */
export async function groupMembershipsForStatement(db: Db, classIds: readonly number[], from: string, to: string) {
  if (classIds.length === 0) return [];
  return (await db('group_memberships as m')
    .join('study_groups as g', 'g.id', 'm.group_id')
    .whereIn('g.class_id', classIds)
    .where('m.from_date', '<=', to)
    .andWhere((q) => q.whereNull('m.to_date').orWhere('m.to_date', '>', from))
    .select('m.group_id', 'm.student_id', 'm.from_date', 'm.to_date')) as Array<{ group_id: number; student_id: number; from_date: string; to_date: string | null }>;
}

/** The director(s) of the school: whoever holds the role and is not blocked, longest-standing first. */
export async function directorNames(db: Db): Promise<Array<{ last_name: string; first_name: string; middle_name: string | null }>> {
  return (await db('users as u')
    .join('user_roles as r', 'r.user_id', 'u.id')
    .where('r.role', 'director')
    .where('u.is_blocked', false)
    .orderBy('u.id')
    .select('u.last_name', 'u.first_name', 'u.middle_name')) as Array<{ last_name: string; first_name: string; middle_name: string | null }>;
}

// ---------------------------------------------------------------------------------------------------------------
// The registry of printed statements

export interface PrintedStatementRow {
  id: number;
  academic_year_id: number;
  class_id: number | null;
  title: string;
  page_count: number;
  pdf_sha256: string;
  printed_at: string;
  printed_by_user_id: number;
  signed_at: string | null;
  signed_by_name: string | null;
  signature_recorded_by_user_id: number | null;
  paper_location: string | null;
  retain_until: string;
  note: string | null;
  version: number;
}

/** A registry row with the names a reader needs (year, class, who printed it, who recorded the signature). */
export interface PrintedStatementView extends PrintedStatementRow {
  year_name: string;
  class_level: number | null;
  class_letter: string | null;
  printed_by_last_name: string;
  printed_by_first_name: string;
  printed_by_middle_name: string | null;
  recorded_by_last_name: string | null;
  recorded_by_first_name: string | null;
  recorded_by_middle_name: string | null;
}

export async function insertPrintedStatement(db: Db, row: Omit<PrintedStatementRow, 'id' | 'version' | 'signed_at' | 'signed_by_name' | 'signature_recorded_by_user_id' | 'paper_location' | 'note'>): Promise<number> {
  const [id] = (await db('printed_statements').insert(row)) as number[];
  return id!;
}

export async function findPrintedStatement(db: Db, id: number): Promise<PrintedStatementRow | undefined> {
  return (await db('printed_statements').where({ id }).first()) as PrintedStatementRow | undefined;
}

/** Sets the signature fields only if the row still has the version the editor saw; false when it did not. */
export async function updateStatementSignatureIfVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  changes: Pick<PrintedStatementRow, 'signed_at' | 'signed_by_name' | 'signature_recorded_by_user_id' | 'paper_location' | 'note'>,
): Promise<boolean> {
  const updated = await db('printed_statements')
    .where({ id, version: expectedVersion })
    .update({ ...changes, version: db.raw('version + 1') });
  return updated === 1;
}

export interface PrintedStatementFilter {
  id?: number;
  academicYearId?: number;
  classId?: number;
  /** Only those whose paper copy must still be kept on this date (retain_until >= it). */
  retainedOn?: string;
}

export async function listPrintedStatementRows(db: Db, filter: PrintedStatementFilter): Promise<PrintedStatementView[]> {
  const query = db('printed_statements as p')
    .join('academic_years as y', 'y.id', 'p.academic_year_id')
    .leftJoin('classes as c', 'c.id', 'p.class_id')
    .join('users as pu', 'pu.id', 'p.printed_by_user_id')
    .leftJoin('users as ru', 'ru.id', 'p.signature_recorded_by_user_id')
    .select(
      'p.*',
      'y.name as year_name',
      'c.level as class_level',
      'c.letter as class_letter',
      'pu.last_name as printed_by_last_name',
      'pu.first_name as printed_by_first_name',
      'pu.middle_name as printed_by_middle_name',
      'ru.last_name as recorded_by_last_name',
      'ru.first_name as recorded_by_first_name',
      'ru.middle_name as recorded_by_middle_name',
    )
    .orderBy('p.id', 'desc');
  if (filter.id !== undefined) void query.where('p.id', filter.id);
  if (filter.academicYearId !== undefined) void query.where('p.academic_year_id', filter.academicYearId);
  if (filter.classId !== undefined) void query.where('p.class_id', filter.classId);
  if (filter.retainedOn !== undefined) void query.where('p.retain_until', '>=', filter.retainedOn);
  return (await query) as PrintedStatementView[];
}
