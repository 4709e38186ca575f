// A realistic demo school, generated deterministically from a seed: the same size gives
// the same people, classes and assignments every time (passwords excepted: those are random
// and printed once, since there are no default passwords anywhere).

import type { Role } from '../../shared/domain/roles';
import { suggestLogin } from '../../shared/domain/logins';
import { hashPassword, generateInitialPassword } from '../accounts/password-hashing';
import { recordAudit } from '../audit/audit-service';
import { ensureYear } from '../calendar/calendar-service';
import { ensureDefaultDirectories } from '../directories/directories-service';
import { academicYearOf, localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { insertDemoSchool, insertDemoTeaching, isDatabaseEmpty, type DemoSchoolRows } from '../db/repositories/demo-repo';
import { buildDemoTimetable, DEMO_CURRICULUM, PRIMARY_CLASS_TEACHER_SUBJECTS } from './demo-curriculum';
import { createDemoDiary, type DemoDiaryCounts } from './demo-diary';
import { createDemoJournal, type DemoJournalCounts } from './demo-journal';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES, patronymic, surnameFor } from './russian-names';

export interface DemoOptions {
  students: number;
  seed?: number;
  schoolName?: string;
  today?: string;
  /** Writes a school year of journal entries up to today (lessons, marks, attendance...); default true. */
  journal?: boolean;
}

export interface DemoAccount {
  role: Role;
  login: string;
  password: string;
  name: string;
}

export interface DemoResult {
  accounts: DemoAccount[];
  counts: { students: number; classes: number; teachers: number; parents: number; users: number; timetableSlots: number; unplacedLessons: number };
  /** What the demo journal holds; null when it was not written (`journal: false`). */
  journal: DemoJournalCounts | null;
  /** What the demo diary holds (acknowledgements, notices, messages, news, notifications); null without the journal. */
  diary: DemoDiaryCounts | null;
}

/** Small, fast, deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Person {
  lastName: string;
  firstName: string;
  middleName: string;
  isFemale: boolean;
}

const LETTERS = ['А', 'Б', 'В', 'Г', 'Д', 'Е'];
const MAX_DEMO_TEACHER_HOURS = 26;

export function planDemoSchool(options: DemoOptions): DemoSchoolRows {
  const rnd = random(options.seed ?? 20260901);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const today = options.today ?? localDate();
  const academicYear = academicYearOf(today);
  const yearStart = `${academicYear.slice(0, 4)}-09-01`;
  const person = (isFemale: boolean, surname = pick(SURNAMES)): Person => ({
    lastName: surnameFor(surname, isFemale),
    firstName: pick(isFemale ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
    middleName: patronymic(pick(MALE_FIRST_NAMES), isFemale),
    isFemale,
  });

  const usedLogins = new Set<string>();
  const users: DemoSchoolRows['users'] = [];
  const addUser = (p: Person, roles: Role[]): number => {
    const base = suggestLogin(p.lastName, p.firstName, p.middleName);
    let login = base;
    for (let n = 2; usedLogins.has(login); n++) login = `${base}${n}`;
    usedLogins.add(login);
    users.push({ id: users.length + 1, login, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, roles });
    return users.length;
  };

  addUser(person(true), ['admin']);
  addUser(person(false), ['director']);
  addUser(person(true), ['deputy']);
  addUser(person(true), ['deputy', 'teacher']);

  const classesPerLevel = Math.max(1, Math.round(options.students / 11 / 26));
  const classes: DemoSchoolRows['classes'] = [];
  for (let level = 1; level <= 11; level++) {
    // Fewer classes stay on after 9th grade, as in real schools.
    const count = level >= 10 ? Math.max(1, Math.floor(classesPerLevel / 2)) : classesPerLevel;
    for (let i = 0; i < count; i++) classes.push({ id: classes.length + 1, level, letter: LETTERS[i % LETTERS.length]!, classTeacherUserId: null });
  }

  const subjects = DEMO_CURRICULUM.map(([name, shortName], index) => ({ id: index + 1, name, shortName }));
  // About one teacher per 15 pupils; every class gets a class teacher from among them.
  const weeklyHours = classes.reduce((sum, c) => sum + DEMO_CURRICULUM.reduce((h, [, , hours]) => h + (hours[c.level - 1] ?? 0), 0), 0);
  const teacherCount = Math.max(Math.ceil(classes.length * 1.6), Math.round(options.students / 15), Math.ceil(weeklyHours / 22));
  const teacherIds: number[] = [];
  for (let i = 0; i < teacherCount; i++) teacherIds.push(addUser(person(rnd() < 0.8), ['teacher']));
  classes.forEach((c, index) => {
    const teacherId = teacherIds[index % teacherIds.length]!;
    c.classTeacherUserId = teacherId;
    const roles = users[teacherId - 1]!.roles;
    if (!roles.includes('class_teacher')) roles.push('class_teacher');
  });

  // Subject teachers: each subject has its share of the staff; a class gets the least loaded.
  const subjectTeachers = new Map<number, number[]>();
  subjects.forEach((s, index) => {
    const share = teacherIds.filter((_, t) => t % subjects.length === index);
    subjectTeachers.set(s.id, share.length > 0 ? share : [teacherIds[index % teacherIds.length]!]);
  });
  const hoursOf = new Map<number, number>();
  const assignments: DemoSchoolRows['assignments'] = [];
  const curriculum: DemoSchoolRows['curriculum'] = [];
  DEMO_CURRICULUM.forEach(([name, , hours, assessment], index) => {
    hours.forEach((h, levelIndex) => {
      if (h > 0) curriculum.push({ level: levelIndex + 1, subjectId: index + 1, hoursPerWeek: h, assessmentForm: assessment });
    });
    for (const c of classes) {
      const h = hours[c.level - 1] ?? 0;
      if (h === 0) continue;
      const leastLoaded = (ids: readonly number[]) => [...ids].sort((a, b) => (hoursOf.get(a) ?? 0) - (hoursOf.get(b) ?? 0) || a - b)[0]!;
      let teacherUserId: number;
      if (c.level <= 4 && PRIMARY_CLASS_TEACHER_SUBJECTS.has(name)) teacherUserId = c.classTeacherUserId!;
      else {
        teacherUserId = leastLoaded(subjectTeachers.get(index + 1)!);
        // A full-time load is about 18-26 hours; beyond that the subject goes to a colleague
        // with a lighter load as a second subject, as schools do.
        if ((hoursOf.get(teacherUserId) ?? 0) + h > MAX_DEMO_TEACHER_HOURS) teacherUserId = leastLoaded(teacherIds);
      }
      hoursOf.set(teacherUserId, (hoursOf.get(teacherUserId) ?? 0) + h);
      assignments.push({ teacherUserId, classId: c.id, subjectId: index + 1, hoursPerWeek: h });
    }
  });
  const weeklyLessons = assignments.flatMap((a) => Array.from({ length: a.hoursPerWeek }, () => ({ classId: a.classId, subjectId: a.subjectId, teacherUserId: a.teacherUserId })));
  const { slots, unplaced } = buildDemoTimetable(classes, weeklyLessons, (classId) => String(100 + classId));

  const students: DemoSchoolRows['students'] = [];
  const enrolments: DemoSchoolRows['enrolments'] = [];
  const guardianships: DemoSchoolRows['guardianships'] = [];
  let previousFamily: { surname: string; guardianIds: number[] } | null = null;
  for (let i = 0; i < options.students; i++) {
    const c = classes[i % classes.length]!;
    const isFemale = rnd() < 0.5;
    // About one pupil in eight has a brother or sister in the school: the same parents.
    const isSibling = previousFamily !== null && rnd() < 0.12;
    const surname: string = isSibling && previousFamily ? previousFamily.surname : pick(SURNAMES);
    const child = person(isFemale, surname);
    const birthYear = Number(academicYear.slice(0, 4)) - 6 - c.level;
    const birthDate = `${birthYear}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    // Pupils from 5th grade have accounts of their own (3.7).
    const studentUserId = c.level >= 5 ? addUser(child, ['student']) : null;
    const studentId = students.length + 1;
    students.push({ id: studentId, lastName: child.lastName, firstName: child.firstName, middleName: child.middleName, birthDate, userId: studentUserId });
    enrolments.push({ studentId, classId: c.id, fromDate: yearStart });
    let guardianIds: number[];
    if (isSibling && previousFamily) {
      guardianIds = previousFamily.guardianIds;
    } else {
      guardianIds = [addUser(person(true, surname), ['parent'])];
      if (rnd() < 0.55) guardianIds.push(addUser(person(false, surname), ['parent']));
    }
    guardianIds.forEach((guardianId, g) => guardianships.push({ guardianUserId: guardianId, studentId, relation: g === 0 ? 'мать' : 'отец' }));
    previousFamily = { surname, guardianIds };
  }

  return {
    schoolName: options.schoolName ?? 'МАОУ «Сергинская СОШ» (демонстрационная)',
    academicYear,
    users,
    classes,
    subjects,
    assignments,
    curriculum,
    slots,
    unplacedLessons: unplaced.length,
    students,
    enrolments,
    guardianships,
  };
}

/** People whose demo passwords are issued and printed: one of each role. */
function showcaseUsers(rows: DemoSchoolRows): Array<{ role: Role; userId: number }> {
  const first = (role: Role, extra: (id: number) => boolean = () => true) =>
    rows.users.find((u) => u.roles.includes(role) && extra(u.id))?.id;
  const parentsWithTwo = new Map<number, number>();
  for (const g of rows.guardianships) parentsWithTwo.set(g.guardianUserId, (parentsWithTwo.get(g.guardianUserId) ?? 0) + 1);
  const parentOfTwo = [...parentsWithTwo.entries()].find(([, n]) => n >= 2)?.[0];
  const chosen: Array<[Role, number | undefined]> = [
    ['admin', first('admin')],
    ['director', first('director')],
    ['deputy', first('deputy')],
    ['class_teacher', first('class_teacher')],
    ['teacher', first('teacher', (id) => rows.users[id - 1]!.roles.length === 1)],
    ['parent', parentOfTwo ?? first('parent')],
    ['student', first('student')],
  ];
  return chosen.filter((c): c is [Role, number] => c[1] !== undefined).map(([role, userId]) => ({ role, userId }));
}

export async function createDemoSchool(db: Db, options: DemoOptions): Promise<DemoResult> {
  if (!(await isDatabaseEmpty(db))) {
    throw new Error('В этой папке данных уже есть школа: демонстрационная школа создаётся только в пустой папке.');
  }
  const rows = planDemoSchool(options);
  const showcase = showcaseUsers(rows);
  const passwords = new Map<number, string>();
  for (const s of showcase) passwords.set(s.userId, generateInitialPassword());
  const hashes = new Map<number, string>();
  for (const [userId, password] of passwords) hashes.set(userId, await hashPassword(password));

  let journal: DemoJournalCounts | null = null;
  let diary: DemoDiaryCounts | null = null;
  await db.transaction(async (trx) => {
    await insertDemoSchool(trx, rows, hashes, new Date().toISOString());
    await ensureDefaultDirectories(trx);
    const year = await ensureYear(trx, Number(rows.academicYear.slice(0, 4)), null);
    await insertDemoTeaching(trx, year.id, rows);
    await recordAudit(trx, {
      actorUserId: null,
      action: 'school.demo-created',
      entity: 'school',
      entityId: 1,
      newValue: { students: rows.students.length, classes: rows.classes.length, users: rows.users.length },
    });
    if (options.journal !== false) {
      // A stream of its own, so that the school stays the same whether or not its journal is written.
      const today = options.today ?? localDate();
      const now = new Date();
      const rnd = random((options.seed ?? 20260901) + 1);
      journal = await createDemoJournal(trx, { yearId: year.id, rows, today, now, rnd });
      // The diary (acknowledgements, notices, messages, news, notifications) follows the journal, on a stream of its own.
      diary = await createDemoDiary(trx, { yearId: year.id, rows, today, now, rnd: random((options.seed ?? 20260901) + 2) });
    }
  });

  const accounts = showcase.map(({ role, userId }) => {
    const u = rows.users[userId - 1]!;
    return { role, login: u.login, password: passwords.get(userId)!, name: `${u.lastName} ${u.firstName} ${u.middleName}` };
  });
  return {
    accounts,
    counts: {
      students: rows.students.length,
      classes: rows.classes.length,
      teachers: rows.users.filter((u) => u.roles.includes('teacher')).length,
      parents: rows.users.filter((u) => u.roles.includes('parent')).length,
      users: rows.users.length,
      timetableSlots: rows.slots.length,
      unplacedLessons: rows.unplacedLessons,
    },
    journal,
    diary,
  };
}
