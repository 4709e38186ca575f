// SQL for classes, pupils, dated enrolments, study groups and class-list checks.

import type { Db } from '../connection';

export interface EnrolmentRow {
  id: number;
  student_id: number;
  class_id: number;
  from_date: string;
  to_date: string | null;
}

export async function insertClass(db: Db, row: { academicYear: string; level: number; letter: string; shift: number; classTeacherUserId: number | null }): Promise<number> {
  const [inserted] = (await db('classes')
    .insert({ academic_year: row.academicYear, level: row.level, letter: row.letter, shift: row.shift, class_teacher_user_id: row.classTeacherUserId })
    .returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function findClassByName(db: Db, academicYear: string, level: number, letter: string) {
  return (await db('classes').where({ academic_year: academicYear, level, letter }).first()) as
    | { id: number; level: number; letter: string; shift: number; class_teacher_user_id: number | null; academic_year: string }
    | undefined;
}

export async function classRow(db: Db, id: number) {
  return (await db('classes').where({ id }).first()) as
    | { id: number; level: number; letter: string; shift: number; class_teacher_user_id: number | null; academic_year: string }
    | undefined;
}

export async function updateClass(db: Db, id: number, changes: { letter?: string; shift?: number; class_teacher_user_id?: number | null }): Promise<void> {
  if (Object.keys(changes).length === 0) return; // nothing to change (knex refuses an empty update)
  await db('classes').where({ id }).update(changes);
}

export async function listClassesOfYearRaw(db: Db, academicYear: string) {
  return (await db('classes').where({ academic_year: academicYear }).orderBy(['level', 'letter'])) as Array<{
    id: number;
    level: number;
    letter: string;
    shift: number;
    class_teacher_user_id: number | null;
    academic_year: string;
  }>;
}

export async function insertStudent(db: Db, s: { lastName: string; firstName: string; middleName: string | null; birthDate: string | null }): Promise<number> {
  const [row] = (await db('students').insert({ last_name: s.lastName, first_name: s.firstName, middle_name: s.middleName, birth_date: s.birthDate }).returning('id')) as Array<{
    id: number;
  }>;
  return row!.id;
}

export async function findStudentByNameAndBirth(db: Db, lastName: string, firstName: string, birthDate: string | null) {
  return (await db('students')
    .whereRaw('lower(last_name) = lower(?) and lower(first_name) = lower(?)', [lastName, firstName])
    .andWhere((q) => (birthDate ? q.where({ birth_date: birthDate }) : q.whereNull('birth_date')))
    .first('id')) as { id: number } | undefined;
}

export async function enrolmentsOfStudent(db: Db, studentId: number): Promise<EnrolmentRow[]> {
  return (await db('class_enrolments').where({ student_id: studentId }).orderBy('from_date')) as EnrolmentRow[];
}

export async function insertEnrolment(db: Db, studentId: number, classId: number, fromDate: string): Promise<number> {
  const [row] = (await db('class_enrolments').insert({ student_id: studentId, class_id: classId, from_date: fromDate, to_date: null }).returning('id')) as Array<{
    id: number;
  }>;
  return row!.id;
}

/** `toDate` is exclusive: the first day the pupil is no longer in the class. */
export async function closeEnrolment(db: Db, enrolmentId: number, toDate: string): Promise<void> {
  await db('class_enrolments').where({ id: enrolmentId }).update({ to_date: toDate });
}

export async function insertListCheck(db: Db, classId: number, userId: number, at: string, count: number, comment: string | null): Promise<void> {
  await db('class_list_checks').insert({ class_id: classId, checked_by_user_id: userId, checked_at: at, student_count: count, comment });
}

export async function lastListCheck(db: Db, classId: number) {
  return (await db('class_list_checks as c')
    .join('users as u', 'u.id', 'c.checked_by_user_id')
    .where('c.class_id', classId)
    .orderBy('c.id', 'desc')
    .first('c.checked_at', 'c.student_count', 'c.comment', db.raw("u.last_name || ' ' || u.first_name as checked_by"))) as
    | { checked_at: string; student_count: number; comment: string | null; checked_by: string }
    | undefined;
}

export async function insertGroup(db: Db, g: { classId: number; subjectId: number; name: string; teacherUserId: number | null }): Promise<number> {
  const [row] = (await db('study_groups').insert({ class_id: g.classId, subject_id: g.subjectId, name: g.name, teacher_user_id: g.teacherUserId }).returning('id')) as Array<{
    id: number;
  }>;
  return row!.id;
}

export async function groupsOfClass(db: Db, classId: number) {
  return (await db('study_groups').where({ class_id: classId }).orderBy(['subject_id', 'name'])) as Array<{
    id: number;
    class_id: number;
    subject_id: number;
    name: string;
    teacher_user_id: number | null;
  }>;
}

export async function groupRow(db: Db, id: number) {
  return (await db('study_groups').where({ id }).first()) as
    | { id: number; class_id: number; subject_id: number; name: string; teacher_user_id: number | null }
    | undefined;
}

export async function membersOfGroups(db: Db, groupIds: readonly number[], onDate: string) {
  if (groupIds.length === 0) return [];
  return (await db('group_memberships')
    .whereIn('group_id', groupIds)
    .where('from_date', '<=', onDate)
    .andWhere((q) => q.whereNull('to_date').orWhere('to_date', '>', onDate))
    .select('group_id', 'student_id')) as Array<{ group_id: number; student_id: number }>;
}

export async function replaceGroupMembers(db: Db, groupId: number, studentIds: readonly number[], fromDate: string): Promise<void> {
  await db('group_memberships').where({ group_id: groupId }).whereNull('to_date').where('from_date', '>=', fromDate).delete();
  await db('group_memberships').where({ group_id: groupId }).whereNull('to_date').update({ to_date: fromDate });
  for (let i = 0; i < studentIds.length; i += 100) {
    await db('group_memberships').insert(studentIds.slice(i, i + 100).map((studentId) => ({ group_id: groupId, student_id: studentId, from_date: fromDate, to_date: null })));
  }
}

/** Ends a pupil's memberships in the groups of a class they leave on `date` (exclusive). */
export async function closeGroupMemberships(db: Db, studentId: number, classId: number, date: string): Promise<void> {
  const groupIds = db('study_groups').where({ class_id: classId }).select('id');
  // Memberships that would only start on or after the date never happened.
  await db('group_memberships').where({ student_id: studentId }).whereIn('group_id', groupIds).where('from_date', '>=', date).delete();
  await db('group_memberships')
    .where({ student_id: studentId })
    .whereIn('group_id', groupIds)
    .andWhere((q) => q.whereNull('to_date').orWhere('to_date', '>', date))
    .update({ to_date: date });
}
