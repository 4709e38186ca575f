// Exports of staff, the curriculum and the timetable as XLSX in the columns of their imports, so
// that a file can be downloaded, edited in Excel and loaded back.

import { ROLE_LABELS, STAFF_ROLES } from '../../shared/domain/roles';
import type { Db } from '../db/connection';
import { listSubjects } from '../db/repositories/directories-repo';
import { listClassesOfYearRaw } from '../db/repositories/people-repo';
import { curriculumOfYear } from '../db/repositories/teaching-repo';
import { findUsersByIds, listUsers } from '../db/repositories/users-repo';
import { timetable } from '../timetable/timetable-service';
import { templateColumns } from './columns';
import { currentYear, fullName, nameKey } from './import-common';
import { CURRICULUM_COLUMNS, STAFF_COLUMNS, TIMETABLE_COLUMNS, WEEKDAY_TITLES } from './import-kinds';
import { listTeachers } from './timetable-import';
import { writeXlsx, type SheetCellValue } from './write-table';

type SheetRow = Record<string, SheetCellValue>;

const fileYear = (name: string) => name.replace('/', '-');

/** Everyone holding a staff role, with all their roles, in the staff import's columns. */
export async function exportStaff(db: Db): Promise<Buffer> {
  const rows: SheetRow[] = (await listUsers(db, {}))
    .filter((user) => user.roles.some((role) => STAFF_ROLES.includes(role)))
    .map((user) => ({
      lastName: user.last_name,
      firstName: user.first_name,
      middleName: user.middle_name,
      roles: user.roles.map((role) => ROLE_LABELS[role]).join(', '),
      login: user.login,
    }));
  return writeXlsx([{ name: 'Сотрудники', columns: templateColumns(STAFF_COLUMNS), rows }]);
}

export async function exportCurriculum(db: Db): Promise<Buffer> {
  const year = await currentYear(db);
  const subjectName = new Map((await listSubjects(db)).map((s) => [s.id, s.name]));
  const rows: SheetRow[] = (await curriculumOfYear(db, year.id)).map((item) => ({
    level: item.level,
    subject: subjectName.get(item.subject_id) ?? '',
    hoursPerWeek: item.hours_per_week,
    assessmentForm: item.assessment_form,
  }));
  return writeXlsx([{ name: `Учебный план ${fileYear(year.name)}`, columns: templateColumns(CURRICULUM_COLUMNS), rows }]);
}

/**
 * The current year's whole-class lessons in force (as the timetable page shows them). Teachers are written by full name, which reads well
 * and imports back; a name two teachers share is written as the login, which is unambiguous.
 */
export async function exportTimetable(db: Db): Promise<Buffer> {
  const year = await currentYear(db);
  const classes = await listClassesOfYearRaw(db, year.name);
  const classOrder = new Map(classes.map((c, index) => [c.id, index]));
  const className = new Map(classes.map((c) => [c.id, `${c.level}${c.letter}`]));
  const subjectName = new Map((await listSubjects(db)).map((s) => [s.id, s.name]));
  const slots = (await timetable(db, year.id)).slots
    .filter((s) => s.groupId === null)
    .sort((a, b) => (classOrder.get(a.classId) ?? 0) - (classOrder.get(b.classId) ?? 0) || a.weekday - b.weekday || a.lessonNumber - b.lessonNumber);

  const teachers = await listTeachers(db);
  const namesakes = new Map<string, number>();
  for (const t of teachers) namesakes.set(nameKey(fullName(t)), (namesakes.get(nameKey(fullName(t))) ?? 0) + 1);
  const teacherText = new Map(teachers.map((t) => [t.id, namesakes.get(nameKey(fullName(t))) === 1 ? fullName(t) : t.login]));
  // A teacher who has lost the role since still taught these lessons: the login names them.
  const others = await findUsersByIds(db, [...new Set(slots.map((s) => s.teacherUserId).filter((id) => !teacherText.has(id)))]);
  for (const user of others) teacherText.set(user.id, user.login);

  const rows: SheetRow[] = slots.map((slot) => ({
    className: className.get(slot.classId) ?? '',
    weekday: WEEKDAY_TITLES[slot.weekday - 1] ?? String(slot.weekday),
    lessonNumber: slot.lessonNumber,
    subject: subjectName.get(slot.subjectId) ?? '',
    teacher: teacherText.get(slot.teacherUserId) ?? '',
    room: slot.room,
  }));
  return writeXlsx([{ name: `Расписание ${fileYear(year.name)}`, columns: templateColumns(TIMETABLE_COLUMNS), rows }]);
}
