// What each import reads: the columns of a class-list file and of a staff file, with the
// Russian headers that templates carry and that people type.

import { ROLE_LABELS, type Role } from '../../shared/domain/roles';
import { date, defineColumns, optionalText, text, type CellParser } from './columns';

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

export const IMPORT_KINDS = {
  students: { title: 'Списки классов', columns: STUDENT_COLUMNS },
  staff: { title: 'Сотрудники', columns: STAFF_COLUMNS },
} as const;

export type ImportKind = keyof typeof IMPORT_KINDS;

/** Rows above this are refused whole with a message (a school has a few thousand pupils). */
export const MAX_IMPORT_ROWS = 10_000;
