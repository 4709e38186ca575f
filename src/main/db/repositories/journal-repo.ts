// SQL of the class journal: lessons as recorded, mark columns, marks, attendance, period marks, unlocks,
// period closures, attachments, the assessment schedule and control notes.

import type { Db } from '../connection';

/** Identifies a journal page: the subject in the class, group 0 = the whole class. */
export interface JournalKey {
  classId: number;
  subjectId: number;
  groupKey: number;
}

export interface LessonRow {
  id: number;
  class_id: number;
  subject_id: number;
  group_key: number;
  date: string;
  lesson_number: number;
  teacher_user_id: number | null;
  topic: string | null;
  homework: string | null;
  topic_entered_at: string | null;
  homework_entered_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ColumnRow {
  id: number;
  lesson_id: number;
  position: number;
  work_type_id: number;
  weight: number;
}

export interface MarkRow {
  id: number;
  column_id: number;
  student_id: number;
  value: string;
  numeric_value: number | null;
  comment: string | null;
  author_user_id: number;
  created_at: string;
  updated_at: string;
  is_late: number;
  version: number;
}

export interface AttendanceRow {
  id: number;
  lesson_id: number;
  student_id: number;
  code: string;
  entered_by_user_id: number;
  entered_at: string;
  reason_by_user_id: number | null;
  reason_at: string | null;
  version: number;
}

export interface PeriodMarkRow {
  id: number;
  academic_year_id: number;
  class_id: number;
  subject_id: number;
  student_id: number;
  kind: string;
  period_number: number;
  value: string;
  numeric_value: number | null;
  author_user_id: number;
  updated_at: string;
  version: number;
}

/**
 * The version a newly written cell starts at. A cleared cell's row is deleted, so counting from 1 again would let
 * an editor holding the old row's version overwrite the new one unknowingly. Every change of a cell writes an
 * audit row in the same transaction, and a row's version grows by one per change, so the next audit id is above
 * any version the cell ever had.
 */
async function nextCellVersion(db: Db): Promise<number> {
  const row = (await db('audit_log').max({ id: 'id' }).first()) as { id: number | null } | undefined;
  return (row?.id ?? 0) + 1;
}

const keyWhere = (key: JournalKey) => ({ class_id: key.classId, subject_id: key.subjectId, group_key: key.groupKey });

// ---------------------------------------------------------------------------------------------------------------
// Lessons

export async function lessonsOfJournal(db: Db, key: JournalKey, from: string, to: string): Promise<LessonRow[]> {
  return (await db('journal_lessons').where(keyWhere(key)).whereBetween('date', [from, to]).orderBy(['date', 'lesson_number'])) as LessonRow[];
}

export async function findLesson(db: Db, key: JournalKey, date: string, lessonNumber: number): Promise<LessonRow | undefined> {
  return (await db('journal_lessons').where({ ...keyWhere(key), date, lesson_number: lessonNumber }).first()) as LessonRow | undefined;
}

export async function findLessonById(db: Db, id: number): Promise<LessonRow | undefined> {
  return (await db('journal_lessons').where({ id }).first()) as LessonRow | undefined;
}

export async function insertLesson(
  db: Db,
  row: Omit<LessonRow, 'id' | 'version' | 'homework' | 'homework_entered_at'> & { homework?: string | null },
): Promise<number> {
  const [inserted] = (await db('journal_lessons').insert({ ...row, version: 1 }).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

/** Optimistic update: false when the row's version is no longer `expected`. */
export async function updateLessonIfVersion(db: Db, id: number, expected: number, changes: Partial<LessonRow>): Promise<boolean> {
  const count = await db('journal_lessons')
    .where({ id, version: expected })
    .update({ ...changes, version: expected + 1 });
  return count === 1;
}

export async function touchLesson(db: Db, id: number, now: string): Promise<void> {
  await db('journal_lessons').where({ id }).update({ updated_at: now, version: db.raw('version + 1') });
}

// ---------------------------------------------------------------------------------------------------------------
// Mark columns and marks

export async function columnsOfLessons(db: Db, lessonIds: readonly number[]): Promise<ColumnRow[]> {
  if (lessonIds.length === 0) return [];
  const rows: ColumnRow[] = [];
  for (let i = 0; i < lessonIds.length; i += 500) {
    rows.push(...((await db('mark_columns').whereIn('lesson_id', lessonIds.slice(i, i + 500)).orderBy(['lesson_id', 'position'])) as ColumnRow[]));
  }
  return rows;
}

export async function findColumn(db: Db, id: number): Promise<ColumnRow | undefined> {
  return (await db('mark_columns').where({ id }).first()) as ColumnRow | undefined;
}

export async function insertColumn(db: Db, row: Omit<ColumnRow, 'id'>, now: string): Promise<number> {
  const [inserted] = (await db('mark_columns').insert({ ...row, created_at: now }).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function updateColumn(db: Db, id: number, changes: Partial<Pick<ColumnRow, 'work_type_id' | 'weight'>>): Promise<void> {
  await db('mark_columns').where({ id }).update(changes);
}

export async function deleteColumn(db: Db, id: number): Promise<void> {
  await db('mark_columns').where({ id }).delete();
}

export async function countMarksInColumn(db: Db, columnId: number): Promise<number> {
  const row = (await db('marks').where({ column_id: columnId }).count({ n: '*' }).first()) as { n: number } | undefined;
  return Number(row?.n ?? 0);
}

export async function marksOfColumns(db: Db, columnIds: readonly number[]): Promise<MarkRow[]> {
  if (columnIds.length === 0) return [];
  const rows: MarkRow[] = [];
  for (let i = 0; i < columnIds.length; i += 500) {
    rows.push(...((await db('marks').whereIn('column_id', columnIds.slice(i, i + 500))) as MarkRow[]));
  }
  return rows;
}

export async function findMark(db: Db, columnId: number, studentId: number): Promise<MarkRow | undefined> {
  return (await db('marks').where({ column_id: columnId, student_id: studentId }).first()) as MarkRow | undefined;
}

export async function insertMark(db: Db, row: Omit<MarkRow, 'id' | 'version'>): Promise<number> {
  const [inserted] = (await db('marks').insert({ ...row, version: await nextCellVersion(db) }).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function updateMark(db: Db, id: number, changes: Partial<MarkRow>): Promise<void> {
  await db('marks').where({ id }).update({ ...changes, version: db.raw('version + 1') });
}

export async function deleteMark(db: Db, id: number): Promise<void> {
  await db('marks').where({ id }).delete();
}

/** The student's marks on one lesson, with the column's weight (the "no 2 for an absence" rule). */
export async function marksOfStudentOnLesson(db: Db, lessonId: number, studentId: number): Promise<Array<{ value: string; numeric_value: number | null }>> {
  return (await db('marks as m')
    .join('mark_columns as c', 'c.id', 'm.column_id')
    .where({ 'c.lesson_id': lessonId, 'm.student_id': studentId })
    .select('m.value', 'm.numeric_value')) as Array<{ value: string; numeric_value: number | null }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Attendance

export async function attendanceOfLessons(db: Db, lessonIds: readonly number[]): Promise<AttendanceRow[]> {
  if (lessonIds.length === 0) return [];
  const rows: AttendanceRow[] = [];
  for (let i = 0; i < lessonIds.length; i += 500) {
    rows.push(...((await db('attendance').whereIn('lesson_id', lessonIds.slice(i, i + 500))) as AttendanceRow[]));
  }
  return rows;
}

export async function findAttendance(db: Db, lessonId: number, studentId: number): Promise<AttendanceRow | undefined> {
  return (await db('attendance').where({ lesson_id: lessonId, student_id: studentId }).first()) as AttendanceRow | undefined;
}

export async function insertAttendance(db: Db, row: Omit<AttendanceRow, 'id' | 'version' | 'reason_by_user_id' | 'reason_at'>): Promise<number> {
  const [inserted] = (await db('attendance').insert({ ...row, version: await nextCellVersion(db) }).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function updateAttendance(db: Db, id: number, changes: Partial<AttendanceRow>): Promise<void> {
  await db('attendance').where({ id }).update({ ...changes, version: db.raw('version + 1') });
}

export async function deleteAttendance(db: Db, id: number): Promise<void> {
  await db('attendance').where({ id }).delete();
}

export interface ClassAbsenceRow extends AttendanceRow {
  class_id: number;
  subject_id: number;
  group_key: number;
  date: string;
  lesson_number: number;
  subject_name: string;
  last_name: string;
  first_name: string;
}

export async function absencesOfClass(db: Db, classId: number, from: string, to: string): Promise<ClassAbsenceRow[]> {
  return (await db('attendance as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .join('subjects as s', 's.id', 'l.subject_id')
    .join('students as st', 'st.id', 'a.student_id')
    .where('l.class_id', classId)
    .whereBetween('l.date', [from, to])
    .select('a.*', 'l.class_id', 'l.subject_id', 'l.group_key', 'l.date', 'l.lesson_number', 's.name as subject_name', 'st.last_name', 'st.first_name')
    .orderBy([{ column: 'l.date', order: 'desc' }, 'l.lesson_number', 'st.last_name', 'st.first_name'])) as ClassAbsenceRow[];
}

export async function findAbsenceOfClass(db: Db, classId: number, lessonId: number, studentId: number): Promise<ClassAbsenceRow | undefined> {
  return (await db('attendance as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .join('subjects as s', 's.id', 'l.subject_id')
    .join('students as st', 'st.id', 'a.student_id')
    .where({ 'l.class_id': classId, 'a.lesson_id': lessonId, 'a.student_id': studentId })
    .select('a.*', 'l.class_id', 'l.subject_id', 'l.group_key', 'l.date', 'l.lesson_number', 's.name as subject_name', 'st.last_name', 'st.first_name')
    .first()) as ClassAbsenceRow | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Period marks

export async function periodMarksOf(db: Db, yearId: number, subjectId: number, studentIds: readonly number[]): Promise<PeriodMarkRow[]> {
  if (studentIds.length === 0) return [];
  return (await db('period_marks').where({ academic_year_id: yearId, subject_id: subjectId }).whereIn('student_id', studentIds)) as PeriodMarkRow[];
}

export async function findPeriodMark(db: Db, yearId: number, subjectId: number, studentId: number, kind: string, periodNumber: number): Promise<PeriodMarkRow | undefined> {
  return (await db('period_marks')
    .where({ academic_year_id: yearId, subject_id: subjectId, student_id: studentId, kind, period_number: periodNumber })
    .first()) as PeriodMarkRow | undefined;
}

export async function insertPeriodMark(db: Db, row: Omit<PeriodMarkRow, 'id' | 'version'>): Promise<void> {
  await db('period_marks').insert({ ...row, version: await nextCellVersion(db) });
}

export async function updatePeriodMark(db: Db, id: number, changes: Partial<PeriodMarkRow>): Promise<void> {
  await db('period_marks').where({ id }).update({ ...changes, version: db.raw('version + 1') });
}

export async function deletePeriodMark(db: Db, id: number): Promise<void> {
  await db('period_marks').where({ id }).delete();
}

// ---------------------------------------------------------------------------------------------------------------
// Periods, closures and unlocks

export interface PeriodRow {
  id: number;
  scheme: string;
  number: number;
  name: string;
  start_date: string;
  end_date: string;
  is_closed: number;
}

export async function periodsOfScheme(db: Db, yearId: number, scheme: string): Promise<PeriodRow[]> {
  return (await db('study_periods as p')
    .leftJoin('period_closures as c', 'c.period_id', 'p.id')
    .where({ 'p.academic_year_id': yearId, 'p.scheme': scheme })
    .orderBy('p.number')
    .select('p.id', 'p.scheme', 'p.number', 'p.name', 'p.start_date', 'p.end_date', db.raw('case when c.period_id is null then 0 else 1 end as is_closed'))) as PeriodRow[];
}

export async function findPeriod(db: Db, id: number): Promise<(PeriodRow & { academic_year_id: number }) | undefined> {
  return (await db('study_periods as p')
    .leftJoin('period_closures as c', 'c.period_id', 'p.id')
    .where('p.id', id)
    .first('p.id', 'p.academic_year_id', 'p.scheme', 'p.number', 'p.name', 'p.start_date', 'p.end_date', db.raw('case when c.period_id is null then 0 else 1 end as is_closed'))) as
    | (PeriodRow & { academic_year_id: number })
    | undefined;
}

export async function insertClosure(db: Db, periodId: number, userId: number, now: string): Promise<void> {
  await db('period_closures').insert({ period_id: periodId, closed_by_user_id: userId, closed_at: now }).onConflict('period_id').ignore();
}

export async function deleteClosure(db: Db, periodId: number): Promise<void> {
  await db('period_closures').where({ period_id: periodId }).delete();
}

export interface UnlockRow {
  id: number;
  from_date: string;
  to_date: string;
  reason: string;
  granted_by_user_id: number;
  granted_by_name: string;
  granted_at: string;
  expires_at: string;
}

export async function activeUnlocks(db: Db, key: JournalKey, now: string): Promise<UnlockRow[]> {
  return (await db('journal_unlocks as u')
    .join('users as g', 'g.id', 'u.granted_by_user_id')
    .where({ 'u.class_id': key.classId, 'u.subject_id': key.subjectId, 'u.group_key': key.groupKey })
    .where('u.expires_at', '>', now)
    .select('u.*', db.raw("g.last_name || ' ' || g.first_name as granted_by_name"))
    .orderBy('u.id')) as UnlockRow[];
}

export async function insertUnlock(
  db: Db,
  key: JournalKey,
  row: { from_date: string; to_date: string; reason: string; granted_by_user_id: number; granted_at: string; expires_at: string },
): Promise<number> {
  const [inserted] = (await db('journal_unlocks').insert({ ...keyWhere(key), ...row }).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Attachments

export interface AttachmentRow {
  id: number;
  lesson_id: number;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by_user_id: number;
  uploaded_at: string;
  removed_at: string | null;
}

export async function attachmentsOfLessons(db: Db, lessonIds: readonly number[]): Promise<AttachmentRow[]> {
  if (lessonIds.length === 0) return [];
  return (await db('lesson_attachments').whereIn('lesson_id', lessonIds).whereNull('removed_at').orderBy('id')) as AttachmentRow[];
}

export type AttachmentWithLesson = AttachmentRow & { class_id: number; subject_id: number; group_key: number; date: string };

export async function findAttachment(db: Db, id: number): Promise<AttachmentWithLesson | undefined> {
  return (await db('lesson_attachments as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .where('a.id', id)
    .whereNull('a.removed_at')
    .first('a.*', 'l.class_id', 'l.subject_id', 'l.group_key', 'l.date')) as AttachmentWithLesson | undefined;
}

export async function insertAttachment(db: Db, row: Omit<AttachmentRow, 'id' | 'removed_at'>): Promise<number> {
  const [inserted] = (await db('lesson_attachments').insert(row).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function markAttachmentRemoved(db: Db, id: number, now: string): Promise<void> {
  await db('lesson_attachments').where({ id }).update({ removed_at: now });
}

// ---------------------------------------------------------------------------------------------------------------
// Assessment schedule

export interface AssessmentRow {
  id: number;
  class_id: number;
  subject_id: number;
  subject_name: string;
  group_key: number;
  date: string;
  work_type_id: number;
  work_type_name: string;
  title: string;
}

function assessmentQuery(db: Db) {
  return db('assessment_plans as a')
    .join('subjects as s', 's.id', 'a.subject_id')
    .join('work_types as w', 'w.id', 'a.work_type_id')
    .select('a.id', 'a.class_id', 'a.subject_id', 's.name as subject_name', 'a.group_key', 'a.date', 'a.work_type_id', 'w.name as work_type_name', 'a.title');
}

export async function assessmentsOfClass(db: Db, classId: number, from: string, to: string): Promise<AssessmentRow[]> {
  return (await assessmentQuery(db).where('a.class_id', classId).whereBetween('a.date', [from, to]).orderBy(['a.date', 'a.id'])) as AssessmentRow[];
}

export async function findAssessment(db: Db, id: number): Promise<AssessmentRow | undefined> {
  return (await assessmentQuery(db).where('a.id', id).first()) as AssessmentRow | undefined;
}

export async function insertAssessment(
  db: Db,
  key: JournalKey,
  row: { date: string; work_type_id: number; title: string; created_by_user_id: number; created_at: string },
): Promise<number> {
  const [inserted] = (await db('assessment_plans').insert({ ...keyWhere(key), ...row }).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function deleteAssessment(db: Db, id: number): Promise<void> {
  await db('assessment_plans').where({ id }).delete();
}

// ---------------------------------------------------------------------------------------------------------------
// Control notes

export interface ControlNoteRow {
  id: number;
  teacher_user_id: number;
  teacher_name: string;
  class_id: number | null;
  subject_id: number | null;
  text: string;
  author_name: string;
  created_at: string;
  read_at: string | null;
}

export async function listControlNotes(db: Db, teacherUserId: number | undefined): Promise<ControlNoteRow[]> {
  const query = db('control_notes as n')
    .join('users as t', 't.id', 'n.teacher_user_id')
    .join('users as a', 'a.id', 'n.author_user_id')
    .select(
      'n.id',
      'n.teacher_user_id',
      db.raw("t.last_name || ' ' || t.first_name as teacher_name"),
      'n.class_id',
      'n.subject_id',
      'n.text',
      db.raw("a.last_name || ' ' || a.first_name as author_name"),
      'n.created_at',
      'n.read_at',
    )
    .orderBy('n.id', 'desc')
    .limit(500);
  if (teacherUserId !== undefined) void query.where('n.teacher_user_id', teacherUserId);
  return (await query) as ControlNoteRow[];
}

export async function insertControlNote(
  db: Db,
  row: { teacher_user_id: number; class_id: number | null; subject_id: number | null; text: string; author_user_id: number; created_at: string },
): Promise<number> {
  const [inserted] = (await db('control_notes').insert(row).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function markControlNoteRead(db: Db, id: number, teacherUserId: number, now: string): Promise<number> {
  return db('control_notes').where({ id, teacher_user_id: teacherUserId }).whereNull('read_at').update({ read_at: now });
}

// ---------------------------------------------------------------------------------------------------------------
// Reads across journals (class overview, control)

export interface MarkFact {
  class_id: number;
  subject_id: number;
  group_key: number;
  student_id: number;
  date: string;
  lesson_number: number;
  numeric_value: number | null;
  weight: number;
  is_late: number;
  created_at: string;
}

export async function marksOfClassBetween(db: Db, classId: number, from: string, to: string): Promise<MarkFact[]> {
  return (await db('marks as m')
    .join('mark_columns as c', 'c.id', 'm.column_id')
    .join('journal_lessons as l', 'l.id', 'c.lesson_id')
    .where('l.class_id', classId)
    .whereBetween('l.date', [from, to])
    .select('l.class_id', 'l.subject_id', 'l.group_key', 'm.student_id', 'l.date', 'l.lesson_number', 'm.numeric_value', 'c.weight', 'm.is_late', 'm.created_at')) as MarkFact[];
}

export async function marksBetween(db: Db, from: string, to: string): Promise<MarkFact[]> {
  return (await db('marks as m')
    .join('mark_columns as c', 'c.id', 'm.column_id')
    .join('journal_lessons as l', 'l.id', 'c.lesson_id')
    .whereBetween('l.date', [from, to])
    .select('l.class_id', 'l.subject_id', 'l.group_key', 'm.student_id', 'l.date', 'l.lesson_number', 'm.numeric_value', 'c.weight', 'm.is_late', 'm.created_at')) as MarkFact[];
}

export async function lessonsBetween(db: Db, from: string, to: string): Promise<LessonRow[]> {
  return (await db('journal_lessons').whereBetween('date', [from, to])) as LessonRow[];
}

export interface AttendanceFact {
  lesson_id: number;
  class_id: number;
  subject_id: number;
  group_key: number;
  date: string;
  lesson_number: number;
  student_id: number;
  code: string;
  entered_at: string;
}

export async function attendanceBetween(db: Db, from: string, to: string, classId?: number): Promise<AttendanceFact[]> {
  const query = db('attendance as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .whereBetween('l.date', [from, to])
    .select('a.lesson_id', 'l.class_id', 'l.subject_id', 'l.group_key', 'l.date', 'l.lesson_number', 'a.student_id', 'a.code', 'a.entered_at');
  if (classId !== undefined) void query.where('l.class_id', classId);
  return (await query) as AttendanceFact[];
}

/** Enrolments of a class overlapping [from, to]; `to_date` is exclusive (the first day away). */
export async function enrolmentsOfClass(db: Db, classId: number, from: string, to: string) {
  return (await db('class_enrolments as e')
    .join('students as s', 's.id', 'e.student_id')
    .where('e.class_id', classId)
    .where('e.from_date', '<=', to)
    .andWhere((q) => q.whereNull('e.to_date').orWhere('e.to_date', '>', from))
    .select('s.id', 's.last_name', 's.first_name', 's.middle_name', 'e.from_date', 'e.to_date')
    .orderBy(['s.last_name', 's.first_name', 's.id'])) as Array<{
    id: number;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    from_date: string;
    to_date: string | null;
  }>;
}

export async function membershipsOfGroup(db: Db, groupId: number, from: string, to: string) {
  return (await db('group_memberships')
    .where('group_id', groupId)
    .where('from_date', '<=', to)
    .andWhere((q) => q.whereNull('to_date').orWhere('to_date', '>', from))
    .select('student_id', 'from_date', 'to_date')) as Array<{ student_id: number; from_date: string; to_date: string | null }>;
}

export async function teachersOfJournal(db: Db, key: JournalKey): Promise<Array<{ id: number; name: string; group_id: number | null }>> {
  return (await db('teaching_assignments as t')
    .join('users as u', 'u.id', 't.teacher_user_id')
    .where({ 't.class_id': key.classId, 't.subject_id': key.subjectId })
    .select('u.id', db.raw("u.last_name || ' ' || substr(u.first_name, 1, 1) || '.' || coalesce(' ' || substr(u.middle_name, 1, 1) || '.', '') as name"), 't.group_id')) as Array<{
    id: number;
    name: string;
    group_id: number | null;
  }>;
}

export interface JournalListRow {
  class_id: number;
  level: number;
  letter: string;
  subject_id: number;
  subject_name: string;
  group_id: number | null;
  group_name: string | null;
  teacher_user_id: number;
  teacher_name: string;
}

/** Every (class, subject, group) with a teacher assigned in the school year: the journal's pages. */
export async function journalPagesOfYear(db: Db, academicYear: string, classId?: number): Promise<JournalListRow[]> {
  const query = db('teaching_assignments as t')
    .join('classes as c', 'c.id', 't.class_id')
    .join('subjects as s', 's.id', 't.subject_id')
    .join('users as u', 'u.id', 't.teacher_user_id')
    .leftJoin('study_groups as g', 'g.id', 't.group_id')
    .where('c.academic_year', academicYear)
    .select(
      't.class_id',
      'c.level',
      'c.letter',
      't.subject_id',
      's.name as subject_name',
      't.group_id',
      'g.name as group_name',
      't.teacher_user_id',
      db.raw("u.last_name || ' ' || substr(u.first_name, 1, 1) || '.' || coalesce(' ' || substr(u.middle_name, 1, 1) || '.', '') as teacher_name"),
    )
    .orderBy(['c.level', 'c.letter', 's.name', 'g.name']);
  if (classId !== undefined) void query.where('t.class_id', classId);
  return (await query) as JournalListRow[];
}

export async function bellEnd(db: Db, yearId: number, shift: number, lessonNumber: number): Promise<string | null> {
  const row = (await db('bell_schedule').where({ academic_year_id: yearId, shift, lesson_number: lessonNumber }).first('ends_at')) as { ends_at: string } | undefined;
  return row?.ends_at ?? null;
}

export async function bellsOfYear(db: Db, yearId: number): Promise<Array<{ shift: number; lesson_number: number; ends_at: string }>> {
  return (await db('bell_schedule').where({ academic_year_id: yearId }).select('shift', 'lesson_number', 'ends_at')) as Array<{ shift: number; lesson_number: number; ends_at: string }>;
}

/** Short names («Иванова А. П.») of users by id. */
export async function userNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await db('users')
    .whereIn('id', [...new Set(ids)])
    .select('id', db.raw("last_name || ' ' || substr(first_name, 1, 1) || '.' || coalesce(' ' || substr(middle_name, 1, 1) || '.', '') as name"))) as Array<{
    id: number;
    name: string;
  }>;
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function assessmentsOfJournal(db: Db, key: JournalKey, from: string, to: string): Promise<Array<{ date: string; title: string }>> {
  return (await db('assessment_plans').where(keyWhere(key)).whereBetween('date', [from, to]).select('date', 'title').orderBy('id')) as Array<{ date: string; title: string }>;
}

/** Pupils enrolled in the classes on a date, and their group memberships that day. */
export async function pupilsOfClassesOn(db: Db, classIds: readonly number[], onDate: string) {
  if (classIds.length === 0) return { enrolled: [], members: [] };
  const enrolled = (await db('class_enrolments')
    .whereIn('class_id', classIds)
    .where('from_date', '<=', onDate)
    .andWhere((q) => q.whereNull('to_date').orWhere('to_date', '>', onDate))
    .select('class_id', 'student_id')) as Array<{ class_id: number; student_id: number }>;
  const members = (await db('group_memberships as m')
    .join('study_groups as g', 'g.id', 'm.group_id')
    .whereIn('g.class_id', classIds)
    .where('m.from_date', '<=', onDate)
    .andWhere((q) => q.whereNull('m.to_date').orWhere('m.to_date', '>', onDate))
    .select('m.group_id', 'm.student_id')) as Array<{ group_id: number; student_id: number }>;
  return { enrolled, members };
}

/** «Фамилия Имя» of pupils by id. */
export async function studentNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await db('students').whereIn('id', [...new Set(ids)]).select('id', 'last_name', 'first_name')) as Array<{ id: number; last_name: string; first_name: string }>;
  return new Map(rows.map((r) => [r.id, `${r.last_name} ${r.first_name}`]));
}
