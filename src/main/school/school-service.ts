// Read side of the school structure used by the platform: classes, class lists, student
// cards, and the resources that permission checks are made against.

import type { z } from 'zod';
import type { classSummarySchema, studentSummarySchema } from '../../shared/api/schemas';
import type { Actor, Resource } from '../../shared/domain/permissions';
import { notFound } from '../common/app-error';
import { academicYearOf, localDate, referenceDateIn } from '../common/dates';
import type { Db } from '../db/connection';
import {
  classIdsOfStudent,
  findClass,
  findStudent,
  findStudentsByIds,
  guardiansOfStudent,
  listClassesOfYear,
  listClassesByIds,
  listStudentsOfClass,
  type ClassSummaryRow,
  type StudentRow,
} from '../db/repositories/structure-repo';

type ClassSummary = z.infer<typeof classSummarySchema>;
type StudentSummary = z.infer<typeof studentSummarySchema>;

export const className = (level: number, letter: string) => `${level}${letter}`;

function toClassSummary(row: ClassSummaryRow): ClassSummary {
  return {
    id: row.id,
    name: className(row.level, row.letter),
    level: row.level,
    letter: row.letter,
    classTeacherName: row.class_teacher_name,
    studentCount: Number(row.student_count),
  };
}

function toStudentSummary(row: StudentRow): StudentSummary {
  return {
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    className: row.class_level === null || row.class_letter === null ? null : className(row.class_level, row.class_letter),
  };
}

/** The classes of the current school year. */
export async function allClasses(db: Db): Promise<ClassSummary[]> {
  const today = localDate();
  return (await listClassesOfYear(db, academicYearOf(today), today)).map(toClassSummary);
}

/** The classes a person leads or teaches this year, by the roles they hold. */
export async function classesOfActor(db: Db, actor: Actor): Promise<ClassSummary[]> {
  const ids = [
    ...new Set([
      ...(actor.roles.includes('class_teacher') ? actor.classTeacherOf : []),
      ...(actor.roles.includes('teacher') ? actor.teachesClasses : []),
    ]),
  ];
  return (await listClassesByIds(db, ids, localDate())).map(toClassSummary);
}

export async function studentsOfClass(db: Db, classId: number) {
  const found = await findClass(db, classId);
  if (!found) throw notFound('Класс');
  // A past (or next) year's class shows who was enrolled in that year, not today.
  const rows = await listStudentsOfClass(db, classId, referenceDateIn(found.academic_year));
  return { classId, className: className(found.level, found.letter), students: rows.map(toStudentSummary) };
}

export async function studentCard(db: Db, studentId: number) {
  const row = await findStudent(db, studentId, localDate());
  if (!row) throw notFound('Обучающийся');
  return { ...toStudentSummary(row), birthDate: row.birth_date, guardians: await guardiansOfStudent(db, studentId) };
}

/** A parent's children, or a student's own record: never anyone else's. */
export async function childrenOfActor(db: Db, actor: Actor): Promise<StudentSummary[]> {
  const ids = [
    ...(actor.roles.includes('parent') ? actor.childStudentIds : []),
    ...(actor.roles.includes('student') && actor.ownStudentId ? [actor.ownStudentId] : []),
  ];
  return (await findStudentsByIds(db, [...new Set(ids)], localDate())).map(toStudentSummary);
}

export async function classResource(db: Db, classId: number): Promise<Resource> {
  if (!(await findClass(db, classId))) throw notFound('Класс');
  return { kind: 'class', classId };
}

export async function studentResource(db: Db, studentId: number): Promise<Resource> {
  const classIds = await classIdsOfStudent(db, studentId);
  if (classIds.length === 0 && !(await findStudent(db, studentId, localDate()))) throw notFound('Обучающийся');
  return { kind: 'student', studentId, classIds };
}

/**
 * The pupil as a resource for *changing* their card: only the class they are in today counts,
 * so a former class teacher (after a move or a new school year) can no longer edit it.
 */
export async function studentCurrentResource(db: Db, studentId: number): Promise<Resource> {
  const row = await findStudent(db, studentId, localDate());
  if (!row) throw notFound('Обучающийся');
  return { kind: 'student', studentId, classIds: row.class_id === null ? [] : [row.class_id] };
}
