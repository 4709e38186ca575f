// Bulk insert of a generated demo school, in one transaction given by the caller.

import type { Role } from '../../../shared/domain/roles';
import type { Db } from '../connection';

export interface DemoSchoolRows {
  schoolName: string;
  academicYear: string;
  users: Array<{ id: number; login: string; lastName: string; firstName: string; middleName: string | null; roles: Role[] }>;
  classes: Array<{ id: number; level: number; letter: string; classTeacherUserId: number | null }>;
  subjects: Array<{ id: number; name: string; shortName: string }>;
  assignments: Array<{ teacherUserId: number; classId: number; subjectId: number; hoursPerWeek: number }>;
  curriculum: Array<{ level: number; subjectId: number; hoursPerWeek: number; assessmentForm: string }>;
  slots: Array<{ weekday: number; lessonNumber: number; classId: number; subjectId: number; teacherUserId: number; room: string }>;
  unplacedLessons: number;
  students: Array<{ id: number; lastName: string; firstName: string; middleName: string | null; birthDate: string; userId: number | null }>;
  enrolments: Array<{ studentId: number; classId: number; fromDate: string }>;
  guardianships: Array<{ guardianUserId: number; studentId: number; relation: string }>;
}

const CHUNK = 100;

async function insertChunked(trx: Db, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx(table).insert(rows.slice(i, i + CHUNK));
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const school = await db('school').first('id');
  const user = await db('users').first('id');
  return !school && !user;
}

/** `passwordHashes`: the few demo accounts that get a password; everyone else waits for one. */
export async function insertDemoSchool(trx: Db, rows: DemoSchoolRows, passwordHashes: Map<number, string>, now: string): Promise<void> {
  await trx('school').insert({ id: 1, name: rows.schoolName, created_at: now });
  await insertChunked(
    trx,
    'users',
    rows.users.map((u) => ({
      id: u.id,
      login: u.login,
      last_name: u.lastName,
      first_name: u.firstName,
      middle_name: u.middleName,
      password_hash: passwordHashes.get(u.id) ?? null,
      must_change_password: !passwordHashes.has(u.id),
      is_blocked: false,
      created_at: now,
      updated_at: now,
      version: 1,
    })),
  );
  await insertChunked(trx, 'user_roles', rows.users.flatMap((u) => u.roles.map((role) => ({ user_id: u.id, role }))));
  await insertChunked(trx, 'subjects', rows.subjects.map((s) => ({ id: s.id, name: s.name, short_name: s.shortName })));
  await insertChunked(
    trx,
    'classes',
    rows.classes.map((c) => ({ id: c.id, academic_year: rows.academicYear, level: c.level, letter: c.letter, class_teacher_user_id: c.classTeacherUserId })),
  );
  await insertChunked(
    trx,
    'teaching_assignments',
    rows.assignments.map((a) => ({ teacher_user_id: a.teacherUserId, class_id: a.classId, subject_id: a.subjectId, hours_per_week: a.hoursPerWeek })),
  );
  await insertChunked(
    trx,
    'students',
    rows.students.map((s) => ({ id: s.id, last_name: s.lastName, first_name: s.firstName, middle_name: s.middleName, birth_date: s.birthDate, user_id: s.userId })),
  );
  await insertChunked(trx, 'class_enrolments', rows.enrolments.map((e) => ({ student_id: e.studentId, class_id: e.classId, from_date: e.fromDate, to_date: null })));
  await insertChunked(
    trx,
    'guardianships',
    rows.guardianships.map((g) => ({ guardian_user_id: g.guardianUserId, student_id: g.studentId, relation: g.relation })),
  );
}

/** The demo's curriculum and timetable, once its school year exists. */
export async function insertDemoTeaching(trx: Db, yearId: number, rows: DemoSchoolRows): Promise<void> {
  await insertChunked(
    trx,
    'curriculum_items',
    rows.curriculum.map((c) => ({ academic_year_id: yearId, level: c.level, subject_id: c.subjectId, hours_per_week: c.hoursPerWeek, assessment_form: c.assessmentForm })),
  );
  await insertChunked(
    trx,
    'timetable_slots',
    rows.slots.map((s) => ({
      academic_year_id: yearId,
      weekday: s.weekday,
      lesson_number: s.lessonNumber,
      class_id: s.classId,
      group_id: null,
      subject_id: s.subjectId,
      teacher_user_id: s.teacherUserId,
      room: s.room,
      valid_from: null,
      valid_to: null,
    })),
  );
  await trx('timetable_versions').insert({ academic_year_id: yearId, version: 1 });
}
