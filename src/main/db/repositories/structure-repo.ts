// SQL for the parts of the school structure that permissions are checked against:
// classes, enrolments, guardianships and teaching assignments.

import type { TeachingScope } from '../../../shared/domain/permissions';
import type { Db } from '../connection';

export interface ClassSummaryRow {
  id: number;
  level: number;
  letter: string;
  academic_year: string;
  class_teacher_name: string | null;
  student_count: number;
}

function classSummaryQuery(db: Db, onDate: string) {
  return db('classes')
    .leftJoin('users', 'users.id', 'classes.class_teacher_user_id')
    .select(
      'classes.id',
      'classes.level',
      'classes.letter',
      'classes.academic_year',
      db.raw(
        "case when users.id is null then null else users.last_name || ' ' || users.first_name || coalesce(' ' || users.middle_name, '') end as class_teacher_name",
      ),
      db.raw(
        '(select count(*) from class_enrolments e where e.class_id = classes.id and e.from_date <= ? and (e.to_date is null or e.to_date > ?)) as student_count',
        [onDate, onDate],
      ),
    )
    .orderBy(['classes.level', 'classes.letter']);
}

export async function listClassesOfYear(db: Db, academicYear: string, onDate: string): Promise<ClassSummaryRow[]> {
  return (await classSummaryQuery(db, onDate).where('classes.academic_year', academicYear)) as ClassSummaryRow[];
}

export async function listClassesByIds(db: Db, ids: readonly number[], onDate: string): Promise<ClassSummaryRow[]> {
  if (ids.length === 0) return [];
  return (await classSummaryQuery(db, onDate).whereIn('classes.id', ids)) as ClassSummaryRow[];
}

export interface ClassRow {
  id: number;
  level: number;
  letter: string;
  academic_year: string;
}

export async function findClass(db: Db, id: number): Promise<ClassRow | undefined> {
  return (await db('classes').where({ id }).first('id', 'level', 'letter', 'academic_year')) as ClassRow | undefined;
}

export interface StudentRow {
  id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string | null;
  class_id: number | null;
  class_level: number | null;
  class_letter: string | null;
}

function studentQuery(db: Db, onDate: string) {
  return db('students')
    .leftJoin('class_enrolments as e', function joinCurrent() {
      this.on('e.student_id', 'students.id')
        .andOn('e.from_date', '<=', db.raw('?', [onDate]))
        .andOn(db.raw('(e.to_date is null or e.to_date > ?)', [onDate]));
    })
    .leftJoin('classes as c', 'c.id', 'e.class_id')
    .select(
      'students.id',
      'students.last_name',
      'students.first_name',
      'students.middle_name',
      'students.birth_date',
      'c.id as class_id',
      'c.level as class_level',
      'c.letter as class_letter',
    )
    .orderBy(['students.last_name', 'students.first_name', 'students.id']);
}

export async function listStudentsOfClass(db: Db, classId: number, onDate: string): Promise<StudentRow[]> {
  return (await studentQuery(db, onDate).where('c.id', classId)) as StudentRow[];
}

export async function findStudent(db: Db, id: number, onDate: string): Promise<StudentRow | undefined> {
  return (await studentQuery(db, onDate).where('students.id', id).first()) as StudentRow | undefined;
}

export async function findStudentsByIds(db: Db, ids: readonly number[], onDate: string): Promise<StudentRow[]> {
  if (ids.length === 0) return [];
  return (await studentQuery(db, onDate).whereIn('students.id', ids)) as StudentRow[];
}

/** Every class the student has ever been enrolled in: staff of a past class keep access to its pages. */
export async function classIdsOfStudent(db: Db, studentId: number): Promise<number[]> {
  const rows = (await db('class_enrolments').where({ student_id: studentId }).distinct('class_id')) as Array<{
    class_id: number;
  }>;
  return rows.map((r) => r.class_id);
}

export async function guardiansOfStudent(db: Db, studentId: number): Promise<Array<{ name: string; relation: string | null }>> {
  const rows = (await db('guardianships as g')
    .join('users as u', 'u.id', 'g.guardian_user_id')
    .where('g.student_id', studentId)
    .select(db.raw("u.last_name || ' ' || u.first_name || coalesce(' ' || u.middle_name, '') as name"), 'g.relation')
    .orderBy('u.last_name')) as Array<{ name: string; relation: string | null }>;
  return rows;
}

export interface ActorScope {
  classTeacherOf: number[];
  teachesClasses: number[];
  teaches: TeachingScope[];
  childStudentIds: number[];
  ownStudentId: number | null;
}

/**
 * What a person is attached to in the school, for resource-level permission checks. Classes
 * count only in `academicYear`: last year's teacher does not keep access to a pupil's card.
 */
export async function loadActorScope(db: Db, userId: number, academicYear: string): Promise<ActorScope> {
  const [classTeacherRows, teachingRows, childRows, ownStudent] = await Promise.all([
    db('classes').where({ class_teacher_user_id: userId, academic_year: academicYear }).select('id') as Promise<Array<{ id: number }>>,
    db('teaching_assignments as t')
      .join('classes as c', 'c.id', 't.class_id')
      .where({ 't.teacher_user_id': userId, 'c.academic_year': academicYear })
      .distinct('t.class_id as class_id', 't.subject_id as subject_id', 't.group_id as group_id') as Promise<
      Array<{ class_id: number; subject_id: number; group_id: number | null }>
    >,
    db('guardianships').where({ guardian_user_id: userId }).select('student_id') as Promise<Array<{ student_id: number }>>,
    db('students').where({ user_id: userId }).first('id') as Promise<{ id: number } | undefined>,
  ]);
  return {
    classTeacherOf: classTeacherRows.map((r) => r.id),
    teachesClasses: [...new Set(teachingRows.map((r) => r.class_id))],
    teaches: teachingRows.map((r) => ({ classId: r.class_id, subjectId: r.subject_id, groupId: r.group_id })),
    childStudentIds: childRows.map((r) => r.student_id),
    ownStudentId: ownStudent?.id ?? null,
  };
}
