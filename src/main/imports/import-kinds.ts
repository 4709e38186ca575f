// What each import reads: the columns of class lists, staff, guardians, the curriculum and the
// timetable, with the Russian headers that templates carry and that people type.

import { ROLE_LABELS, type Role } from '../../shared/domain/roles';
import { date, decimal, defineColumns, email, integer, oneOf, optionalText, phone, text, type CellParser } from './columns';

/** «Учитель, Классный руководитель» -> ['teacher', 'class_teacher'] */
function roleList(): CellParser<Role[]> {
  const byLabel = new Map(Object.entries(ROLE_LABELS).map(([role, label]) => [label.toLowerCase(), role as Role]));
  return {
    kind: 'text',
    whenEmpty: null,
    parse(cell) {
      const roles: Role[] = [];
      for (const part of cell.split(/[,;]/).map((p) => p.trim().toLowerCase()).filter(Boolean)) {
        const role = byLabel.get(part);
        if (!role) return { ok: false, message: `Неизвестная роль «${part}». Возможные: ${Object.values(ROLE_LABELS).join(', ')}` };
        if (!roles.includes(role)) roles.push(role);
      }
      return roles.length > 0 ? { ok: true, value: roles } : { ok: false, message: 'Укажите хотя бы одну роль' };
    },
  };
}

export const STUDENT_COLUMNS = defineColumns({
  className: { header: ['Класс'], required: true, parse: text(6) },
  lastName: { header: ['Фамилия'], required: true, parse: text(60) },
  firstName: { header: ['Имя'], required: true, parse: text(60) },
  middleName: { header: ['Отчество'], required: false, parse: optionalText(60) },
  birthDate: { header: ['Дата рождения', 'ДР'], required: false, parse: date() },
  fromDate: { header: ['Дата зачисления', 'Зачислен'], required: false, parse: date() },
});

export const STAFF_COLUMNS = defineColumns({
  lastName: { header: ['Фамилия'], required: true, parse: text(60) },
  firstName: { header: ['Имя'], required: true, parse: text(60) },
  middleName: { header: ['Отчество'], required: false, parse: optionalText(60) },
  roles: { header: ['Роли', 'Роль', 'Должность'], required: true, parse: roleList() },
  login: { header: ['Логин'], required: false, parse: optionalText(40) },
});

/** An e-mail that fits the users.email column (100 characters), which is shorter than e-mail allows. */
function contactEmail(): CellParser<string> {
  const parser = email();
  const maxLength = 100;
  return {
    ...parser,
    parse(cell) {
      const result = parser.parse(cell);
      return result.ok && result.value.length > maxLength ? { ok: false, message: `Адрес почты не длиннее ${maxLength} символов` } : result;
    },
  };
}

export const GUARDIAN_COLUMNS = defineColumns({
  className: { header: ['Класс'], required: true, parse: text(6) },
  childLastName: { header: ['Фамилия ребёнка', 'Фамилия обучающегося', 'Фамилия ученика'], required: true, parse: text(60) },
  childFirstName: { header: ['Имя ребёнка', 'Имя обучающегося', 'Имя ученика'], required: true, parse: text(60) },
  childBirthDate: { header: ['Дата рождения ребёнка', 'Дата рождения обучающегося', 'Дата рождения ученика'], required: false, parse: date() },
  lastName: { header: ['Фамилия родителя'], required: true, parse: text(60) },
  firstName: { header: ['Имя родителя'], required: true, parse: text(60) },
  middleName: { header: ['Отчество родителя'], required: false, parse: optionalText(60) },
  relation: { header: ['Кем приходится', 'Степень родства'], required: false, parse: text(30) },
  phone: { header: ['Телефон', 'Телефон родителя'], required: false, parse: phone() },
  email: { header: ['Эл. почта', 'Электронная почта', 'E-mail', 'Email', 'Почта'], required: false, parse: contactEmail() },
});

export const CURRICULUM_COLUMNS = defineColumns({
  level: { header: ['Параллель'], required: true, parse: integer(1, 11) },
  subject: { header: ['Предмет'], required: true, parse: text(100) },
  hoursPerWeek: { header: ['Часов в неделю', 'Часы в неделю', 'Часов'], required: true, parse: decimal(0, 40) },
  assessmentForm: { header: ['Форма аттестации', 'Форма промежуточной аттестации'], required: false, parse: text(100) },
});

/** Names of the timetable's days as the export writes them; index + 1 is the weekday number. */
export const WEEKDAY_TITLES = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота'] as const;

/** «понедельник» .. «суббота» and «Пн» .. «Сб» (also with a dot: «Пн.») -> 1..6. Sunday has no timetable. */
function weekday(): CellParser<number> {
  const labels: Record<string, number> = {};
  WEEKDAY_TITLES.forEach((title, index) => (labels[title] = index + 1));
  ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'].forEach((short, index) => (labels[short] = index + 1));
  const parser = oneOf(labels);
  return {
    ...parser,
    parse(cell) {
      const result = parser.parse(cell.replace(/\.$/, ''));
      return result.ok ? result : { ok: false, message: 'День недели: от понедельника до субботы, полностью или кратко (Пн, Вт, Ср, Чт, Пт, Сб)' };
    },
  };
}

export const TIMETABLE_COLUMNS = defineColumns({
  className: { header: ['Класс'], required: true, parse: text(6) },
  weekday: { header: ['День недели', 'День'], required: true, parse: weekday() },
  lessonNumber: { header: ['Урок', 'Номер урока', '№ урока'], required: true, parse: integer(1, 10) },
  subject: { header: ['Предмет'], required: true, parse: text(100) },
  teacher: { header: ['Учитель'], required: true, parse: text(200) },
  room: { header: ['Кабинет'], required: false, parse: text(20) },
});

export const IMPORT_KINDS = {
  students: { title: 'Списки классов', columns: STUDENT_COLUMNS },
  staff: { title: 'Сотрудники', columns: STAFF_COLUMNS },
  guardians: { title: 'Родители', columns: GUARDIAN_COLUMNS },
  curriculum: { title: 'Учебный план', columns: CURRICULUM_COLUMNS },
  timetable: { title: 'Расписание', columns: TIMETABLE_COLUMNS },
} as const;

export type ImportKind = keyof typeof IMPORT_KINDS;

/** Rows above this are refused whole with a message (a school has a few thousand pupils). */
export const MAX_IMPORT_ROWS = 10_000;
