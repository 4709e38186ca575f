// Classes, pupils and their dated enrolment (clauses 3.2, 3.3): a pupil joins a class, moves,
// or leaves on a date, and history is kept (past pages show who was enrolled then).

import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, invalid, notFound } from '../common/app-error';
import { academicYearOf, localDate, referenceDateIn } from '../common/dates';
import type { Db } from '../db/connection';
import {
  classRow,
  closeEnrolment,
  closeGroupMemberships,
  enrolmentsOfStudent,
  findClassByName,
  findStudentByNameAndBirth,
  groupRow,
  groupsOfClass,
  insertClass,
  insertEnrolment,
  insertGroup,
  insertListCheck,
  insertStudent,
  lastListCheck,
  membersOfGroups,
  replaceGroupMembers,
  updateClass,
} from '../db/repositories/people-repo';
import { findSubject } from '../db/repositories/directories-repo';
import { listStudentsOfClass } from '../db/repositories/structure-repo';
import { findUserById } from '../db/repositories/users-repo';
import { ensureYear } from '../calendar/calendar-service';

async function requireTeacher(db: Db, userId: number | null, field: string, label: string): Promise<void> {
  if (userId === null) return;
  const user = await findUserById(db, userId);
  if (!user || !user.roles.some((r) => r === 'teacher' || r === 'class_teacher')) throw invalid(field, label, 'Нужен сотрудник с ролью учителя или классного руководителя');
}

/** A class teacher must hold that role: it is what lets them check the list and keep the cards (3.3). */
async function requireClassTeacher(db: Db, userId: number | null): Promise<void> {
  if (userId === null) return;
  const user = await findUserById(db, userId);
  if (!user || !user.roles.includes('class_teacher')) {
    throw invalid('classTeacherUserId', 'Классный руководитель', 'Назначьте сотрудника с ролью «Классный руководитель» (роль добавляется в разделе «Пользователи»)');
  }
}

async function classOrNotFound(db: Db, classId: number) {
  const found = await classRow(db, classId);
  if (!found) throw notFound('Класс');
  return found;
}

function requireDateInYear(date: string, academicYear: string, field: string): void {
  if (academicYearOf(date) !== academicYear) throw invalid(field, 'Дата', `Дата ${date} не относится к ${academicYear} учебному году этого класса`);
}

export async function createClass(
  db: Db,
  actorUserId: number,
  body: { academicYear?: string | undefined; level: number; letter: string; shift: 1 | 2; classTeacherUserId: number | null },
): Promise<number> {
  const academicYear = body.academicYear ?? academicYearOf(localDate());
  return db.transaction(async (trx) => {
    if (await findClassByName(trx, academicYear, body.level, body.letter)) {
      throw invalid('letter', 'Литера', `Класс ${body.level}${body.letter} в ${academicYear} уже есть`);
    }
    await requireClassTeacher(trx, body.classTeacherUserId);
    // The class belongs to a year that exists, with its calendar (created with defaults if needed).
    await ensureYear(trx, Number(academicYear.slice(0, 4)), actorUserId);
    const id = await insertClass(trx, { academicYear, level: body.level, letter: body.letter, shift: body.shift, classTeacherUserId: body.classTeacherUserId });
    await recordAudit(trx, { actorUserId, action: 'class.create', entity: 'class', entityId: id, newValue: { ...body, academicYear } });
    return id;
  });
}

export async function changeClass(
  db: Db,
  actorUserId: number,
  classId: number,
  body: { letter?: string | undefined; shift?: 1 | 2 | undefined; classTeacherUserId?: number | null | undefined },
): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await classOrNotFound(trx, classId);
    if (body.letter && body.letter !== before.letter && (await findClassByName(trx, before.academic_year, before.level, body.letter))) {
      throw invalid('letter', 'Литера', `Класс ${before.level}${body.letter} уже есть`);
    }
    if (body.classTeacherUserId !== undefined) await requireClassTeacher(trx, body.classTeacherUserId);
    await updateClass(trx, classId, {
      ...(body.letter !== undefined ? { letter: body.letter } : {}),
      ...(body.shift !== undefined ? { shift: body.shift } : {}),
      ...(body.classTeacherUserId !== undefined ? { class_teacher_user_id: body.classTeacherUserId } : {}),
    });
    await recordAudit(trx, { actorUserId, action: 'class.update', entity: 'class', entityId: classId, oldValue: before, newValue: await classRow(trx, classId) });
  });
}

export interface NewStudent {
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string | null;
}

/** Adds a pupil to a class from a date (a new pupil card, unless the same person exists). */
export async function admitStudent(db: Db, actorUserId: number, classId: number, student: NewStudent, fromDate: string): Promise<number> {
  return db.transaction(async (trx) => {
    const cls = await classOrNotFound(trx, classId);
    requireDateInYear(fromDate, cls.academic_year, 'fromDate');
    if (await findStudentByNameAndBirth(trx, student.lastName, student.firstName, student.birthDate)) {
      throw conflict(`Обучающийся ${student.lastName} ${student.firstName}${student.birthDate ? `, ${student.birthDate}` : ''} уже есть в журнале: переведите его, а не добавляйте заново.`);
    }
    const studentId = await insertStudent(trx, student);
    const enrolmentId = await insertEnrolment(trx, studentId, classId, fromDate);
    await recordAudit(trx, { actorUserId, action: 'student.admit', entity: 'student', entityId: studentId, newValue: { ...student, classId, fromDate, enrolmentId } });
    return studentId;
  });
}

/**
 * The enrolment open on `onDate`, refusing when history after that date exists: a move or a
 * discharge dated before a later move (or a scheduled discharge) would leave overlapping
 * enrolments, so later records must be undone first.
 */
async function enrolmentToEnd(db: Db, studentId: number, onDate: string) {
  const enrolments = await enrolmentsOfStudent(db, studentId);
  const current = enrolments.find((e) => e.from_date <= onDate && (e.to_date === null || e.to_date > onDate));
  if (!current) throw invalid('studentId', 'Обучающийся', `На ${onDate} обучающийся не зачислен ни в один класс`);
  const later = enrolments.find((e) => e.from_date > onDate);
  if (later) throw conflict(`У обучающегося есть более поздняя запись: с ${later.from_date} в другом классе. Оформите изменения в порядке дат.`);
  if (current.to_date !== null) throw conflict(`Выбытие обучающегося уже оформлено с ${current.to_date}.`);
  return current;
}

/** Moves a pupil to another class of the same year from `date` (their old class's pages keep them before it). */
export async function moveStudent(db: Db, actorUserId: number, studentId: number, toClassId: number, date: string): Promise<void> {
  await db.transaction(async (trx) => {
    const current = await enrolmentToEnd(trx, studentId, date);
    if (current.class_id === toClassId) throw invalid('toClassId', 'Класс', 'Обучающийся уже в этом классе');
    if (current.from_date === date) throw invalid('date', 'Дата', 'Перевод в день зачисления: исправьте дату зачисления вместо перевода');
    const target = await classOrNotFound(trx, toClassId);
    requireDateInYear(date, target.academic_year, 'date');
    await closeEnrolment(trx, current.id, date);
    await closeGroupMemberships(trx, studentId, current.class_id, date);
    const enrolmentId = await insertEnrolment(trx, studentId, toClassId, date);
    await recordAudit(trx, { actorUserId, action: 'student.move', entity: 'student', entityId: studentId, oldValue: { classId: current.class_id }, newValue: { classId: toClassId, date, enrolmentId } });
  });
}

/** A pupil leaves the school on `date` (the first day they are no longer a pupil). */
export async function dischargeStudent(db: Db, actorUserId: number, studentId: number, date: string, reason: string): Promise<void> {
  await db.transaction(async (trx) => {
    const current = await enrolmentToEnd(trx, studentId, date);
    if (current.from_date > date) throw invalid('date', 'Дата', 'Дата выбытия не может быть раньше даты зачисления');
    await closeEnrolment(trx, current.id, date);
    await closeGroupMemberships(trx, studentId, current.class_id, date);
    await recordAudit(trx, { actorUserId, action: 'student.discharge', entity: 'student', entityId: studentId, oldValue: { classId: current.class_id }, newValue: { date }, reason });
  });
}

/** The class teacher's start-of-year check of the class list (3.3), recorded. */
export async function confirmClassList(db: Db, actorUserId: number, classId: number, expectedCount: number, comment: string | null) {
  return db.transaction(async (trx) => {
    const cls = await classOrNotFound(trx, classId);
    const students = await listStudentsOfClass(trx, classId, referenceDateIn(cls.academic_year));
    if (students.length !== expectedCount) {
      throw conflict(`В списке ${students.length} обучающихся, а подтверждается ${expectedCount}: список изменился, обновите страницу.`);
    }
    const at = new Date().toISOString();
    await insertListCheck(trx, classId, actorUserId, at, students.length, comment);
    await recordAudit(trx, { actorUserId, action: 'class.list-checked', entity: 'class', entityId: classId, newValue: { count: students.length, comment } });
    return { checkedAt: at, studentCount: students.length };
  });
}

export async function classOverview(db: Db, classId: number) {
  const cls = await classOrNotFound(db, classId);
  const onDate = referenceDateIn(cls.academic_year);
  const groups = await groupsOfClass(db, classId);
  const members = await membersOfGroups(db, groups.map((g) => g.id), onDate);
  const check = await lastListCheck(db, classId);
  return {
    id: cls.id,
    name: `${cls.level}${cls.letter}`,
    level: cls.level,
    letter: cls.letter,
    shift: cls.shift as 1 | 2,
    academicYear: cls.academic_year,
    classTeacherUserId: cls.class_teacher_user_id,
    lastListCheck: check ? { checkedAt: check.checked_at, studentCount: check.student_count, checkedBy: check.checked_by, comment: check.comment } : null,
    groups: groups.map((g) => ({
      id: g.id,
      subjectId: g.subject_id,
      name: g.name,
      teacherUserId: g.teacher_user_id,
      studentIds: members.filter((m) => m.group_id === g.id).map((m) => m.student_id),
    })),
  };
}

export async function createGroup(
  db: Db,
  actorUserId: number,
  classId: number,
  body: { subjectId: number; name: string; teacherUserId: number | null; studentIds: number[] },
): Promise<number> {
  return db.transaction(async (trx) => {
    const cls = await classOrNotFound(trx, classId);
    if (!(await findSubject(trx, body.subjectId))) throw invalid('subjectId', 'Предмет', 'Нет такого предмета');
    await requireTeacher(trx, body.teacherUserId, 'teacherUserId', 'Учитель группы');
    const onDate = referenceDateIn(cls.academic_year);
    const enrolled = new Set((await listStudentsOfClass(trx, classId, onDate)).map((s) => s.id));
    const strangers = body.studentIds.filter((id) => !enrolled.has(id));
    if (strangers.length > 0) throw invalid('studentIds', 'Состав группы', `Обучающиеся №${strangers.join(', №')} не из этого класса`);
    if ((await groupsOfClass(trx, classId)).some((g) => g.subject_id === body.subjectId && g.name.toLowerCase() === body.name.toLowerCase())) {
      throw invalid('name', 'Название группы', `Группа «${body.name}» по этому предмету уже есть`);
    }
    const id = await insertGroup(trx, { classId, subjectId: body.subjectId, name: body.name, teacherUserId: body.teacherUserId });
    await replaceGroupMembers(trx, id, body.studentIds, onDate);
    await recordAudit(trx, { actorUserId, action: 'group.create', entity: 'group', entityId: id, newValue: { classId, ...body } });
    return id;
  });
}

export async function setGroupMembers(db: Db, actorUserId: number, groupId: number, studentIds: number[], fromDate: string): Promise<void> {
  await db.transaction(async (trx) => {
    const group = await groupRow(trx, groupId);
    if (!group) throw notFound('Группа');
    const cls = (await classRow(trx, group.class_id))!;
    requireDateInYear(fromDate, cls.academic_year, 'fromDate');
    const enrolled = new Set((await listStudentsOfClass(trx, group.class_id, fromDate)).map((s) => s.id));
    const strangers = studentIds.filter((id) => !enrolled.has(id));
    if (strangers.length > 0) throw new AppError(400, 'validation', `Обучающиеся №${strangers.join(', №')} не зачислены в класс на ${fromDate}`);
    const before = (await membersOfGroups(trx, [groupId], fromDate)).map((m) => m.student_id);
    await replaceGroupMembers(trx, groupId, studentIds, fromDate);
    await recordAudit(trx, { actorUserId, action: 'group.members', entity: 'group', entityId: groupId, oldValue: before, newValue: { studentIds, fromDate } });
  });
}
