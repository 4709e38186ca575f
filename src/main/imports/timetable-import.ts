// Import of the weekly timetable template (3.2). The file is the whole timetable of whole-class
// lessons, so a commit replaces the current year's template as one save through saveTimetable:
// the same rules as saving it on its page (classes of the year, subjects, teachers, five-day
// weeks, clashes) and the same version bump, so that an administrator with the timetable page
// open cannot overwrite the import unknowingly. Here the same rules become row problems first.

import type { TimetableSlot } from '../../shared/domain/school-year-types';
import { findClashes, type ClashKind } from '../../shared/domain/timetable-rules';
import { referenceDateIn } from '../common/dates';
import type { Db } from '../db/connection';
import { loadCalendar } from '../db/repositories/calendar-repo';
import { listSubjects } from '../db/repositories/directories-repo';
import { countChangesOfSlots } from '../db/repositories/import-repo';
import { listClassesOfYearRaw } from '../db/repositories/people-repo';
import { groupsOfYear } from '../db/repositories/teaching-repo';
import { findUserByLogin, listUsers, type UserRecord } from '../db/repositories/users-repo';
import { saveTimetable, timetable, type SlotInput } from '../timetable/timetable-service';
import { mapRows, type RowProblem } from './columns';
import { subjectFinder } from './curriculum-import';
import { byRow, classKey, classKeyOf, currentYear, fullName, nameKey, plural, previewOrCommit, russianDate, type ImportReport } from './import-common';
import { TIMETABLE_COLUMNS } from './import-kinds';
import type { RawTable } from './read-table';

interface Plan {
  yearId: number;
  slots: SlotInput[];
}

export async function importTimetable(db: Db, actorUserId: number, table: RawTable, commit: boolean): Promise<ImportReport> {
  return previewOrCommit(db, commit, (source) => analyse(source, table), (trx, plan) => write(trx, actorUserId, plan));
}

/** Users who may be given lessons: saving the timetable accepts teachers and class teachers. */
export async function listTeachers(db: Db): Promise<UserRecord[]> {
  const byId = new Map<number, UserRecord>();
  for (const role of ['teacher', 'class_teacher'] as const) for (const user of await listUsers(db, { role })) byId.set(user.id, user);
  return [...byId.values()];
}

/** A teacher by login, or by «Фамилия Имя Отчество» («Фамилия Имя» when that is enough). */
export function teacherFinder(db: Db, teachers: readonly UserRecord[]): (text: string) => Promise<{ teacherUserId: number } | { message: string }> {
  const byLogin = new Map(teachers.map((t) => [t.login, t]));
  const group = (key: (t: UserRecord) => string) => {
    const map = new Map<string, UserRecord[]>();
    for (const t of teachers) map.set(key(t), [...(map.get(key(t)) ?? []), t]);
    return map;
  };
  const byFullName = group((t) => nameKey(fullName(t)));
  const byShortName = group((t) => nameKey(`${t.last_name} ${t.first_name}`));
  return async (text) => {
    const login = text.trim().toLowerCase();
    const teacher = byLogin.get(login);
    if (teacher) return { teacherUserId: teacher.id };
    const named = byFullName.get(nameKey(text)) ?? byShortName.get(nameKey(text)) ?? [];
    const [only] = named;
    if (only && named.length === 1) return { teacherUserId: only.id };
    if (named.length > 1) return { message: `Учителей «${text}» несколько: укажите логин (${named.map((t) => t.login).join(', ')})` };
    if (await findUserByLogin(db, login)) return { message: `Пользователь «${login}» не учитель: добавьте ему роль «Учитель» в разделе «Пользователи»` };
    return { message: `Нет учителя «${text}»: укажите логин или ФИО как в разделе «Пользователи» (нужна роль «Учитель»)` };
  };
}

const CLASH_COLUMN: Record<ClashKind, string> = { teacher: 'Учитель', room: 'Кабинет', class: 'Урок', student: 'Урок', 'group-vs-class': 'Урок' };

/** Lessons that stay exactly as they are keep their ids, so their dated changes (substitutions) stay too. */
const placeKey = (s: Omit<TimetableSlot, 'id'>) => [s.classId, s.groupId, s.weekday, s.lessonNumber, s.subjectId, s.teacherUserId].join(':');

async function analyse(db: Db, table: RawTable): Promise<{ report: ImportReport; plan: Plan }> {
  const year = await currentYear(db);
  const mapped = mapRows(table, TIMETABLE_COLUMNS);
  const problems: RowProblem[] = [...mapped.problems];
  const classes = new Map((await listClassesOfYearRaw(db, year.name)).map((c) => [classKeyOf(c), c]));
  const daysPerWeek = new Map((await loadCalendar(db, year)).levels.map((l) => [l.level, l.daysPerWeek]));
  const findSubject = subjectFinder(await listSubjects(db));
  const findTeacher = teacherFinder(db, await listTeachers(db));
  const teacherOf = new Map<string, Awaited<ReturnType<typeof findTeacher>>>();

  // The row number is the slot's id for the clash check: unique, and it names the row in messages.
  const slots: TimetableSlot[] = [];
  for (const { rowNumber, value } of mapped.rows) {
    const rowProblems: RowProblem[] = [];
    const key = classKey(value.className);
    const cls = key === null ? undefined : classes.get(key);
    if (key === null) rowProblems.push({ rowNumber, column: 'Класс', message: `«${value.className}» не похоже на класс: пишите, например, 5А` });
    else if (!cls) rowProblems.push({ rowNumber, column: 'Класс', message: `Класса ${value.className} нет в ${year.name} учебном году` });
    else if (value.weekday === 6 && daysPerWeek.get(cls.level) !== 6) {
      rowProblems.push({ rowNumber, column: 'День недели', message: `У ${cls.level}-х классов пятидневная неделя: уроков в субботу нет` });
    }
    const subject = findSubject(value.subject);
    if ('message' in subject) rowProblems.push({ rowNumber, column: 'Предмет', message: subject.message });
    let teacher = teacherOf.get(nameKey(value.teacher));
    if (!teacher) {
      teacher = await findTeacher(value.teacher);
      teacherOf.set(nameKey(value.teacher), teacher);
    }
    if ('message' in teacher) rowProblems.push({ rowNumber, column: 'Учитель', message: teacher.message });
    problems.push(...rowProblems);
    if (rowProblems.length > 0 || !cls || 'message' in subject || 'message' in teacher) continue;
    slots.push({
      id: rowNumber,
      weekday: value.weekday,
      lessonNumber: value.lessonNumber,
      classId: cls.id,
      groupId: null,
      subjectId: subject.subject.id,
      teacherUserId: teacher.teacherUserId,
      room: value.room,
      validFrom: null,
      validTo: null,
    });
  }

  // Clashes among the rows as they will be: the file replaces the whole template.
  const groups = await groupsOfYear(db, year.name, referenceDateIn(year.name));
  const clashing = new Set<number>();
  for (const clash of findClashes(slots, groups)) {
    const [first, second] = clash.slotIds;
    const what = clash.message.charAt(0).toLowerCase() + clash.message.slice(1);
    const column = CLASH_COLUMN[clash.kind];
    if (first === second) problems.push({ rowNumber: first, column, message: clash.message });
    else {
      problems.push({ rowNumber: first, column, message: `Накладка со строкой ${second}: ${what}` });
      problems.push({ rowNumber: second, column, message: `Накладка со строкой ${first}: ${what}` });
    }
    clashing.add(first).add(second);
  }
  const valid = slots.filter((slot) => !clashing.has(slot.id));

  const current = (await timetable(db, year.id)).slots;
  const unused = new Map<string, number[]>();
  for (const slot of current) unused.set(placeKey(slot), [...(unused.get(placeKey(slot)) ?? []), slot.id]);
  const planned: SlotInput[] = valid.map((slot) => ({ ...slot, id: unused.get(placeKey(slot))?.shift() ?? null }));
  const kept = new Set(planned.map((s) => s.id));
  const dropped = current.filter((s) => !kept.has(s.id));

  const from = referenceDateIn(year.name);
  const notes: string[] = [];
  if (current.length > 0) {
    notes.push(
      `Расписание ${year.name} учебного года (${plural(current.length, 'урок', 'урока', 'уроков')} в неделю) будет заменено этим файлом целиком с ${russianDate(from)}; прошедшие уроки остаются в журнале как были.`,
    );
  }
  const groupLessons = current.filter((s) => s.groupId !== null).length;
  if (groupLessons > 0) {
    notes.push(
      `${plural(groupLessons, 'урок группы уйдёт', 'урока групп уйдут', 'уроков групп уйдут')} из расписания: из файла загружаются только уроки всего класса. Уроки групп добавьте потом на странице «Расписание».`,
    );
  }
  const changes = await countChangesOfSlots(db, dropped.map((s) => s.id), from);
  if (changes > 0) {
    notes.push(`${plural(changes, 'изменение', 'изменения', 'изменений')} расписания (замены, отмены) с ${russianDate(from)} у уроков, которых в файле нет, будут удалены.`);
  }
  return {
    report: { kind: 'timetable', totalRows: table.rows.length, validRows: valid.length, problems: byRow(problems), ignoredColumns: mapped.ignoredColumns, notes, isCommitted: false, created: 0 },
    plan: { yearId: year.id, slots: planned },
  };
}

async function write(trx: Db, actorUserId: number, plan: Plan): Promise<number> {
  // The version is read inside the writing transaction and saveTimetable bumps it: a timetable
  // page opened before the import then fails to save with a conflict instead of overwriting it.
  const { version } = await timetable(trx, plan.yearId);
  await saveTimetable(trx, actorUserId, plan.yearId, version, plan.slots);
  return plan.slots.length;
}
