// Imports of class lists, staff, parents, the curriculum and the timetable (clause 3.2: "вносит в
// электронный журнал списки классов"): a preview shows every row's problems in Russian before
// anything is written; the commit is all-or-nothing in one transaction, and each change is audited.

import { LOGIN_PATTERN, suggestLogin } from '../../shared/domain/logins';
import { ROLE_LABELS, STAFF_ROLES } from '../../shared/domain/roles';
import { recordAudit } from '../audit/audit-service';
import { academicYearOf, localDate, referenceDateIn } from '../common/dates';
import type { Db } from '../db/connection';
import { findStudentByNameAndBirth, insertEnrolment, insertStudent, listClassesOfYearRaw } from '../db/repositories/people-repo';
import { insertUser, loginExists } from '../db/repositories/users-repo';
import { listStudentsOfClass } from '../db/repositories/structure-repo';
import { mapRows, templateColumns, type RowProblem } from './columns';
import { importCurriculum } from './curriculum-import';
import { importGuardians } from './guardian-import';
import type { ImportReport, ImportRunner } from './import-common';
import { IMPORT_KINDS, MAX_IMPORT_ROWS, STAFF_COLUMNS, STUDENT_COLUMNS, type ImportKind } from './import-kinds';
import { readTable } from './read-table';
import { importTimetable } from './timetable-import';
import { writeXlsx, type SheetCellValue } from './write-table';

export type { ImportReport } from './import-common';

const CLASS_NAME = /^(\d{1,2})\s*-?\s*([А-ЯЁA-Z])$/iu;

const RUNNERS: Record<ImportKind, ImportRunner> = {
  students: importStudents,
  staff: importStaff,
  guardians: importGuardians,
  curriculum: importCurriculum,
  timetable: importTimetable,
};

export async function importFile(db: Db, actorUserId: number, kind: ImportKind, file: { name: string; bytes: Buffer }, commit: boolean): Promise<ImportReport> {
  const table = await readTable(file, { maxRows: MAX_IMPORT_ROWS });
  return RUNNERS[kind](db, actorUserId, table, commit);
}

async function importStudents(db: Db, actorUserId: number, table: Awaited<ReturnType<typeof readTable>>, commit: boolean): Promise<ImportReport> {
  const mapped = mapRows(table, STUDENT_COLUMNS);
  const problems = [...mapped.problems];
  const academicYear = academicYearOf(localDate());
  const defaultFromDate = referenceDateIn(academicYear);
  const classIds = new Map((await listClassesOfYearRaw(db, academicYear)).map((c) => [`${c.level}${c.letter.toUpperCase()}`, c.id]));
  const seen = new Map<string, number>();
  const valid: Array<{ rowNumber: number; classId: number; lastName: string; firstName: string; middleName: string | null; birthDate: string | null; fromDate: string }> = [];
  for (const { rowNumber, value } of mapped.rows) {
    const match = CLASS_NAME.exec(value.className.replace(/\s+/g, ''));
    const classId = match ? classIds.get(`${Number(match[1])}${match[2]!.toUpperCase()}`) : undefined;
    const rowProblems: RowProblem[] = [];
    if (!match) rowProblems.push({ rowNumber, column: 'Класс', message: `«${value.className}» не похоже на класс: пишите, например, 5А` });
    else if (classId === undefined) rowProblems.push({ rowNumber, column: 'Класс', message: `Класса ${value.className} нет в ${academicYear} учебном году: сначала создайте его` });
    const fromDate = value.fromDate ?? defaultFromDate;
    if (academicYearOf(fromDate) !== academicYear) rowProblems.push({ rowNumber, column: 'Дата зачисления', message: `Дата не относится к ${academicYear} учебному году` });
    const key = `${value.lastName.toLowerCase()}|${value.firstName.toLowerCase()}|${value.birthDate ?? ''}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) rowProblems.push({ rowNumber, column: 'Фамилия', message: `Этот же обучающийся уже есть в строке ${earlier}` });
    else seen.set(key, rowNumber);
    if (await findStudentByNameAndBirth(db, value.lastName, value.firstName, value.birthDate)) {
      rowProblems.push({ rowNumber, column: 'Фамилия', message: `${value.lastName} ${value.firstName} уже есть в журнале: переводите его в разделе «Классы»` });
    }
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else valid.push({ rowNumber, classId: classId!, lastName: value.lastName, firstName: value.firstName, middleName: value.middleName, birthDate: value.birthDate, fromDate });
  }
  const report = { kind: 'students' as const, totalRows: table.rows.length, validRows: valid.length, problems, ignoredColumns: mapped.ignoredColumns, notes: [], isCommitted: false, created: 0 };
  if (!commit || problems.length > 0 || valid.length === 0) return report;
  await db.transaction(async (trx) => {
    for (const row of valid) {
      const studentId = await insertStudent(trx, row);
      await insertEnrolment(trx, studentId, row.classId, row.fromDate);
      await recordAudit(trx, { actorUserId, action: 'student.import', entity: 'student', entityId: studentId, newValue: { ...row } });
    }
  });
  return { ...report, isCommitted: true, created: valid.length };
}

async function importStaff(db: Db, actorUserId: number, table: Awaited<ReturnType<typeof readTable>>, commit: boolean): Promise<ImportReport> {
  const mapped = mapRows(table, STAFF_COLUMNS);
  const problems = [...mapped.problems];
  const taken = new Set<string>();
  const valid: Array<{ rowNumber: number; login: string; lastName: string; firstName: string; middleName: string | null; roles: typeof mapped.rows[number]['value']['roles'] }> = [];
  for (const { rowNumber, value } of mapped.rows) {
    let login = value.login?.toLowerCase() ?? null;
    if (login !== null && !LOGIN_PATTERN.test(login)) {
      problems.push({ rowNumber, column: 'Логин', message: 'Логин: 3-40 латинских букв, цифр, точек, дефисов' });
      continue;
    }
    if (login !== null && (taken.has(login) || (await loginExists(db, login)))) {
      problems.push({ rowNumber, column: 'Логин', message: `Логин «${login}» уже занят` });
      continue;
    }
    if (login === null) {
      const base = suggestLogin(value.lastName, value.firstName, value.middleName);
      login = base;
      for (let n = 2; taken.has(login) || (await loginExists(db, login)); n++) login = `${base}${n}`;
    }
    taken.add(login);
    valid.push({ rowNumber, login, lastName: value.lastName, firstName: value.firstName, middleName: value.middleName, roles: value.roles });
  }
  const report = { kind: 'staff' as const, totalRows: table.rows.length, validRows: valid.length, problems, ignoredColumns: mapped.ignoredColumns, notes: [], isCommitted: false, created: 0 };
  if (!commit || problems.length > 0 || valid.length === 0) return report;
  const now = new Date().toISOString();
  await db.transaction(async (trx) => {
    for (const row of valid) {
      // No password yet: the administrator hands out initial ones on a printed sheet.
      const id = await insertUser(trx, { login: row.login, lastName: row.lastName, firstName: row.firstName, middleName: row.middleName, passwordHash: null, mustChangePassword: true, now }, row.roles);
      await recordAudit(trx, { actorUserId, action: 'user.import', entity: 'user', entityId: id, newValue: { login: row.login, lastName: row.lastName, firstName: row.firstName, roles: row.roles } });
    }
  });
  return { ...report, isCommitted: true, created: valid.length };
}

/** A one-row example per kind: what a filled-in row looks like, to be replaced by the user's data. */
const EXAMPLES: Record<ImportKind, Record<string, SheetCellValue>> = {
  students: { className: '5А', lastName: 'Иванова', firstName: 'Анна', middleName: 'Петровна', birthDate: '2015-03-14', fromDate: null },
  staff: { lastName: 'Петрова', firstName: 'Мария', middleName: 'Ивановна', roles: 'Учитель, Классный руководитель', login: null },
  guardians: {
    className: '5А',
    childLastName: 'Иванова',
    childFirstName: 'Анна',
    childBirthDate: '2015-03-14',
    lastName: 'Иванов',
    firstName: 'Пётр',
    middleName: 'Сергеевич',
    relation: 'Отец',
    phone: '+79001234567',
    email: 'ivanov@example.ru',
  },
  curriculum: { level: 5, subject: 'Математика', hoursPerWeek: 5, assessmentForm: 'Контрольная работа' },
  timetable: { className: '5А', weekday: 'Понедельник', lessonNumber: 1, subject: 'Математика', teacher: 'Петрова Мария Ивановна', room: '12' },
};

/** What each kind's «Инструкция» sheet says besides the general rules. */
const KIND_NOTES: Record<ImportKind, string[]> = {
  students: ['Класс пишите как 5А. Классы должны быть уже созданы в текущем учебном году. Дата зачисления необязательна: без неё — начало учебного года.'],
  staff: [
    `Роли через запятую: ${STAFF_ROLES.map((role) => ROLE_LABELS[role]).join(', ')}. Логин необязателен: без него он составится из ФИО.`,
    'Учётные записи создаются без паролей: пароли выдаются на листе с данными для входа (раздел «Пользователи»).',
  ],
  guardians: [
    'Одна строка — один родитель одного ребёнка. Ребёнок ищется в указанном классе текущего учебного года по фамилии и имени; если в классе есть тёзки, укажите дату рождения ребёнка.',
    'Родитель нескольких детей: повторите его в строке каждого ребёнка с теми же ФИО и тем же телефоном или почтой — учётная запись будет одна на всех детей.',
    'Телефон: +7XXXXXXXXXX или 8XXXXXXXXXX. Учётные записи родителей создаются без паролей: пароли выдаются на листе с данными для входа.',
  ],
  curriculum: [
    'Загрузка ЗАМЕНЯЕТ учебный план текущего учебного года целиком: то, чего нет в файле, удалится.',
    'Параллель — число от 1 до 11. Предмет — название из справочника предметов. Часов в неделю — число от 0 до 40, можно дробное (1,5). Каждый предмет — один раз на параллель.',
  ],
  timetable: [
    'Загрузка ЗАМЕНЯЕТ расписание текущего учебного года целиком: то, чего нет в файле, удалится. Только уроки всего класса; уроки групп добавляются на странице «Расписание».',
    'День недели: понедельник … суббота или Пн … Сб. Урок — номер от 1 до 10. Учитель — логин или «Фамилия Имя Отчество» пользователя с ролью «Учитель».',
    'Накладки (учитель, кабинет или класс на двух уроках одновременно) показываются в обеих строках; пока они есть, ничего не записывается.',
  ],
};

export async function importTemplate(kind: ImportKind): Promise<Buffer> {
  const spec = IMPORT_KINDS[kind];
  return writeXlsx([{ name: spec.title, columns: templateColumns(spec.columns), rows: [EXAMPLES[kind]] }], {
    notes: [
      `Шаблон загрузки: ${spec.title}. Первая строка — заголовки, как в шаблоне; строку-пример замените своими данными.`,
      'Можно загрузить этот файл (XLSX) или CSV в кодировке UTF-8 или Windows-1251 с разделителем «;» или «,».',
      'Даты: ДД.ММ.ГГГГ. Сначала программа покажет ошибки по строкам; ничего не запишется, пока ошибки есть.',
      ...KIND_NOTES[kind],
    ],
  });
}

/** The current year's class lists as XLSX, one row per pupil, in the import's own columns. */
export async function exportStudents(db: Db): Promise<Buffer> {
  const academicYear = academicYearOf(localDate());
  const onDate = referenceDateIn(academicYear);
  const rows: Array<Record<string, string | null>> = [];
  for (const cls of await listClassesOfYearRaw(db, academicYear)) {
    for (const s of await listStudentsOfClass(db, cls.id, onDate)) {
      rows.push({ className: `${cls.level}${cls.letter}`, lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name, birthDate: s.birth_date, fromDate: null });
    }
  }
  return writeXlsx([{ name: `Списки классов ${academicYear.replace('/', '-')}`, columns: templateColumns(STUDENT_COLUMNS), rows }]);
}

