// The administrator's setup of a school year through the real API (clause 3.2): calendar,
// classes and pupils with dated enrolment, groups, curriculum and load, timetable with clash
// checks, dated changes, and the derived lessons of a week. Bad input is refused in Russian
// and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../../src/shared/domain/calendar';
import type { SchoolYearCalendar } from '../../src/shared/domain/school-year-types';
import { Client, logIn, setUpSchool, startTestServer, type TestServer } from './helpers/test-server';

let t: TestServer;
let admin: Client;
let yearId: number;
let startYear: number;
type Problem = { detail: string; code: string };
type CalendarReply = { yearId: number; version: number; calendar: SchoolYearCalendar; bells: unknown[] };

/** The first Monday on or after `date`. */
function mondayFrom(date: string): string {
  let d = date;
  while (isoWeekday(d) !== 1) d = addDays(d, 1);
  return d;
}

async function createTeacher(lastName: string, roles: string[] = ['teacher']): Promise<{ id: number; login: string; password: string }> {
  const reply = await admin.post<{ user: { id: number; login: string }; initialPassword: string }>('/api/v1/users', { lastName, firstName: 'Тест', middleName: null, roles });
  return { id: reply.body.user.id, login: reply.body.user.login, password: reply.body.initialPassword };
}

beforeAll(async () => {
  t = await startTestServer();
  admin = await setUpSchool(t.server.url);
  const years = await admin.get<{ years: Array<{ id: number; name: string; isCurrent: boolean }> }>('/api/v1/years');
  const current = years.body.years.find((y) => y.isCurrent)!;
  yearId = current.id;
  startYear = Number(current.name.slice(0, 4));
});
afterAll(async () => t.close());

describe('first run gives a usable school year', () => {
  it('has the current year with a valid default calendar, bells and Russian directories', async () => {
    const calendar = await admin.get<CalendarReply>(`/api/v1/years/${yearId}/calendar`);
    expect(calendar.body.calendar.name).toBe(`${startYear}/${startYear + 1}`);
    expect(calendar.body.calendar.levels).toHaveLength(11);
    expect(calendar.body.calendar.periods.filter((p) => p.scheme === 'quarters')).toHaveLength(4);
    expect(calendar.body.bells.length).toBeGreaterThan(5);
    const directories = await admin.get<{ subjects: Array<{ name: string }>; workTypes: Array<{ name: string; defaultWeight: number }> }>('/api/v1/directories');
    expect(directories.body.subjects.map((s) => s.name)).toContain('Русский язык');
    expect(directories.body.workTypes.find((w) => w.name === 'Контрольная работа')?.defaultWeight).toBe(3);
  });
});

describe('calendar', () => {
  it('refuses overlapping periods with the reason, and writes nothing', async () => {
    const before = await admin.get<CalendarReply>(`/api/v1/years/${yearId}/calendar`);
    const calendar = structuredClone(before.body.calendar);
    const q2 = calendar.periods.find((p) => p.scheme === 'quarters' && p.number === 2)!;
    const q1 = calendar.periods.find((p) => p.scheme === 'quarters' && p.number === 1)!;
    q2.startDate = addDays(q1.endDate, -3);
    const reply = await admin.put<Problem>(`/api/v1/years/${yearId}/calendar`, { version: before.body.version, calendar, bells: before.body.bells });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toMatch(/пересека|наклады/i);
    expect((await admin.get<CalendarReply>(`/api/v1/years/${yearId}/calendar`)).body).toEqual(before.body);
  });

  it('refuses a holiday outside the year and a stale version; saves a valid change', async () => {
    const before = await admin.get<CalendarReply>(`/api/v1/years/${yearId}/calendar`);
    const outside = structuredClone(before.body.calendar);
    outside.holidays = [...outside.holidays, { kind: 'public_holiday', name: 'Летний праздник', startDate: `${startYear + 1}-07-01`, endDate: `${startYear + 1}-07-01`, levels: null }];
    expect((await admin.put<Problem>(`/api/v1/years/${yearId}/calendar`, { version: before.body.version, calendar: outside, bells: before.body.bells })).status).toBe(400);

    const changed = structuredClone(before.body.calendar);
    changed.levels = changed.levels.map((l) => (l.level === 11 ? { ...l, daysPerWeek: 6 } : l));
    const saved = await admin.put<CalendarReply>(`/api/v1/years/${yearId}/calendar`, { version: before.body.version, calendar: changed, bells: before.body.bells });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(before.body.version + 1);
    const stale = await admin.put<Problem>(`/api/v1/years/${yearId}/calendar`, { version: before.body.version, calendar: changed, bells: before.body.bells });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('другой администратор');
  });
});

describe('classes, pupils, groups', () => {
  let classA: number;
  let classB: number;
  let classTeacher: { id: number; login: string; password: string };
  const start = () => `${startYear}-09-01`;

  it('creates classes and refuses a duplicate', async () => {
    classTeacher = await createTeacher('Классова', ['teacher', 'class_teacher']);
    classA = (await admin.post<{ id: number }>('/api/v1/classes', { level: 5, letter: 'А', shift: 1, classTeacherUserId: classTeacher.id })).body.id;
    classB = (await admin.post<{ id: number }>('/api/v1/classes', { level: 5, letter: 'Б', shift: 1, classTeacherUserId: null })).body.id;
    const duplicate = await admin.post<Problem>('/api/v1/classes', { level: 5, letter: 'А', shift: 1, classTeacherUserId: null });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.detail).toContain('5А');
  });

  it('admits pupils, refuses the same person twice, moves one with history kept', async () => {
    const names = ['Алексеев', 'Борисова', 'Васильев', 'Григорьева'];
    const ids: number[] = [];
    for (const [i, lastName] of names.entries()) {
      const reply = await admin.post<{ id: number }>(`/api/v1/classes/${classA}/students`, { lastName, firstName: 'Ученик', middleName: null, birthDate: `${startYear - 11}-0${i + 1}-15`, fromDate: start() });
      expect(reply.status).toBe(200);
      ids.push(reply.body.id);
    }
    const again = await admin.post<Problem>(`/api/v1/classes/${classA}/students`, { lastName: 'Алексеев', firstName: 'Ученик', middleName: null, birthDate: `${startYear - 11}-01-15`, fromDate: start() });
    expect(again.status).toBe(409);
    const wrongYear = await admin.post<Problem>(`/api/v1/classes/${classA}/students`, { lastName: 'Новый', firstName: 'Ученик', middleName: null, birthDate: null, fromDate: `${startYear - 1}-10-01` });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.detail).toContain('учебному году');

    const moveDate = `${startYear}-10-01`;
    expect((await admin.post(`/api/v1/students/${ids[3]}/move`, { toClassId: classB, date: moveDate })).status).toBe(200);
    const enrolments = (await t.server.db('class_enrolments').where({ student_id: ids[3] }).orderBy('from_date')) as Array<{ class_id: number; from_date: string; to_date: string | null }>;
    expect(enrolments).toEqual([
      expect.objectContaining({ class_id: classA, from_date: start(), to_date: moveDate }),
      expect.objectContaining({ class_id: classB, from_date: moveDate, to_date: null }),
    ]);
  });

  it('lets the class teacher, and no other teacher, confirm the class list; a wrong count is refused', async () => {
    const list = await admin.get<{ students: unknown[] }>(`/api/v1/classes/${classA}/students`);
    const count = list.body.students.length;
    const ct = await logIn(t.server.url, classTeacher.login, classTeacher.password);
    await ct.post('/api/v1/auth/password', { currentPassword: classTeacher.password, newPassword: 'Классная2026рук' });
    const wrong = await ct.post<Problem>(`/api/v1/classes/${classA}/list-check`, { studentCount: count + 1, comment: null });
    expect(wrong.status).toBe(409);
    const right = await ct.post<{ studentCount: number }>(`/api/v1/classes/${classA}/list-check`, { studentCount: count, comment: 'Состав проверен' });
    expect(right.status).toBe(200);
    const overview = await ct.get<{ lastListCheck: { studentCount: number; checkedBy: string } }>(`/api/v1/classes/${classA}`);
    expect(overview.body.lastListCheck).toMatchObject({ studentCount: count, checkedBy: 'Классова Тест' });
    expect((await ct.post(`/api/v1/classes/${classB}/list-check`, { studentCount: 1, comment: null })).status).toBe(403);
  });

  it('refuses a group with a pupil of another class', async () => {
    const subjects = (await admin.get<{ subjects: Array<{ id: number; name: string }> }>('/api/v1/directories')).body.subjects;
    const english = subjects.find((s) => s.name === 'Английский язык')!.id;
    const pupilsB = (await admin.get<{ students: Array<{ id: number }> }>(`/api/v1/classes/${classB}/students`)).body.students.map((s) => s.id);
    const reply = await admin.post<Problem>(`/api/v1/classes/${classA}/groups`, { subjectId: english, name: '1 группа', teacherUserId: null, studentIds: pupilsB });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toContain('не из этого класса');
  });
});

describe('curriculum, load and timetable', () => {
  it('shows over- and under-allocated hours', async () => {
    const subjects = (await admin.get<{ subjects: Array<{ id: number; name: string }> }>('/api/v1/directories')).body.subjects;
    const maths = subjects.find((s) => s.name === 'Математика')!.id;
    const russian = subjects.find((s) => s.name === 'Русский язык')!.id;
    const planVersion = (await admin.get<{ version: number }>(`/api/v1/years/${yearId}/curriculum`)).body.version;
    const plan = [
      { level: 5, subjectId: maths, hoursPerWeek: 5, assessmentForm: 'Контрольная работа' },
      { level: 5, subjectId: russian, hoursPerWeek: 5, assessmentForm: 'Диктант' },
    ];
    // Two administrators save the plan from the same page state: one wins, the other is told.
    const [first, second] = await Promise.all([
      admin.put(`/api/v1/years/${yearId}/curriculum`, { version: planVersion, items: plan }),
      admin.put<Problem>(`/api/v1/years/${yearId}/curriculum`, { version: planVersion, items: plan.slice(0, 1) }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const afterRace = await admin.get<{ version: number }>(`/api/v1/years/${yearId}/curriculum`);
    expect(afterRace.body.version).toBe(planVersion + 1);
    expect((await admin.put(`/api/v1/years/${yearId}/curriculum`, { version: afterRace.body.version, items: plan })).status).toBe(200);
    const teacher = await createTeacher('Математикова');
    const classA = ((await t.server.db('classes').where({ level: 5, letter: 'А' }).first('id')) as { id: number }).id;
    const loadVersion = (await admin.get<{ version: number }>(`/api/v1/years/${yearId}/load`)).body.version;
    const load = await admin.put<{ check: Array<{ subjectId: number; planned: number; assigned: number; difference: number }> }>(`/api/v1/years/${yearId}/load`, {
      version: loadVersion,
      items: [{ teacherUserId: teacher.id, classId: classA, groupId: null, subjectId: maths, hoursPerWeek: 6 }],
    });
    const stale = await admin.put<Problem>(`/api/v1/years/${yearId}/load`, { version: loadVersion, items: [] });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('другой администратор');
    expect(load.status).toBe(200);
    const rows = load.body.check.filter((r) => r.subjectId === maths || r.subjectId === russian);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subjectId: maths, planned: 5, assigned: 6, difference: 1 }),
        expect.objectContaining({ subjectId: russian, planned: 5, assigned: 0, difference: -5 }),
      ]),
    );
  });

  it('refuses a teacher in two places at once; detects two administrators saving at once; derives the lessons of a week', async () => {
    const subjects = (await admin.get<{ subjects: Array<{ id: number; name: string }> }>('/api/v1/directories')).body.subjects;
    const maths = subjects.find((s) => s.name === 'Математика')!.id;
    const russian = subjects.find((s) => s.name === 'Русский язык')!.id;
    const classes = (await t.server.db('classes').where({ level: 5 }).orderBy('letter').select('id')) as Array<{ id: number }>;
    const [classA, classB] = [classes[0]!.id, classes[1]!.id];
    const teacher = await createTeacher('Расписанова');
    const substitute = await createTeacher('Заменова');
    const slot = (classId: number, weekday: number, lessonNumber: number, subjectId: number) => ({
      id: null,
      weekday,
      lessonNumber,
      classId,
      groupId: null,
      subjectId,
      teacherUserId: teacher.id,
      room: '21',
      validFrom: null,
      validTo: null,
    });
    const current = await admin.get<{ version: number }>(`/api/v1/years/${yearId}/timetable`);
    const clash = await admin.put<Problem>(`/api/v1/years/${yearId}/timetable`, { version: current.body.version, slots: [slot(classA, 1, 1, maths), { ...slot(classB, 1, 1, russian), room: '22' }] });
    expect(clash.status).toBe(400);
    expect(clash.body.detail).toMatch(/понедельник/);
    expect((await admin.get<{ slots: unknown[] }>(`/api/v1/years/${yearId}/timetable`)).body.slots).toEqual([]);

    const week = [slot(classA, 1, 1, maths), slot(classA, 1, 2, russian), slot(classA, 2, 1, maths), slot(classA, 3, 1, maths)];
    const [first, second] = await Promise.all([
      admin.put<{ slots: Array<{ id: number; weekday: number; lessonNumber: number }> }>(`/api/v1/years/${yearId}/timetable`, { version: current.body.version, slots: week }),
      admin.put<{ slots: unknown[] }>(`/api/v1/years/${yearId}/timetable`, { version: current.body.version, slots: week.slice(0, 1) }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const raced = await admin.get<{ version: number; slots: Array<{ id: number; weekday: number; lessonNumber: number }> }>(`/api/v1/years/${yearId}/timetable`);
    expect(raced.body.slots).toHaveLength(first.status === 200 ? 4 : 1);
    // Whoever won, the full week is saved next on top of it, knowingly (the current version),
    // keeping the ids of lessons already there.
    const withIds = week.map((w) => ({ ...w, id: raced.body.slots.find((r) => r.weekday === w.weekday && r.lessonNumber === w.lessonNumber)?.id ?? null }));
    expect((await admin.put(`/api/v1/years/${yearId}/timetable`, { version: raced.body.version, slots: withIds })).status).toBe(200);
    const saved = await admin.get<{ slots: Array<{ id: number; weekday: number; lessonNumber: number }> }>(`/api/v1/years/${yearId}/timetable`);
    expect(saved.body.slots).toHaveLength(4);

    // A week in October: Monday 1st lesson cancelled, Tuesday substituted, an extra lesson on Wednesday.
    const monday = mondayFrom(`${startYear}-10-05`);
    const mondayFirst = saved.body.slots.find((s) => s.weekday === 1 && s.lessonNumber === 1)!;
    const tuesdayFirst = saved.body.slots.find((s) => s.weekday === 2)!;
    expect((await admin.post('/api/v1/timetable/changes', { kind: 'cancel', date: monday, slotId: mondayFirst.id, reason: 'Экскурсия' })).status).toBe(200);
    expect(
      (await admin.post('/api/v1/timetable/changes', { kind: 'substitute', date: addDays(monday, 1), slotId: tuesdayFirst.id, teacherUserId: substitute.id, room: null, reason: 'Болезнь учителя' })).status,
    ).toBe(200);
    expect(
      (
        await admin.post('/api/v1/timetable/changes', {
          kind: 'extra',
          date: addDays(monday, 2),
          lessonNumber: 5,
          classId: classA,
          groupId: null,
          subjectId: russian,
          teacherUserId: teacher.id,
          room: '21',
          reason: 'Консультация',
        })
      ).status,
    ).toBe(200);
    const lessons = await admin.get<{ lessons: Array<{ date: string; lessonNumber: number; subjectId: number; teacherUserId: number; replacedTeacherUserId: number | null }> }>(
      `/api/v1/classes/${classA}/lessons?from=${monday}&to=${addDays(monday, 6)}`,
    );
    expect(lessons.body.lessons.map((l) => [l.date, l.lessonNumber, l.subjectId, l.teacherUserId, l.replacedTeacherUserId])).toEqual([
      [monday, 2, russian, teacher.id, null],
      [addDays(monday, 1), 1, maths, substitute.id, teacher.id],
      [addDays(monday, 2), 1, maths, teacher.id, null],
      [addDays(monday, 2), 5, russian, teacher.id, null],
    ]);

    // No lessons in the winter holidays, and an extra lesson there is refused with the reason.
    const holiday = `${startYear + 1}-01-02`;
    expect((await admin.get<{ lessons: unknown[] }>(`/api/v1/classes/${classA}/lessons?from=${holiday}&to=${holiday}`)).body.lessons).toEqual([]);
    const onHoliday = await admin.post<Problem>('/api/v1/timetable/changes', {
      kind: 'extra',
      date: holiday,
      lessonNumber: 1,
      classId: classA,
      groupId: null,
      subjectId: maths,
      teacherUserId: teacher.id,
      room: null,
      reason: 'Пробуем',
    });
    expect(onHoliday.status).toBe(400);
    expect(onHoliday.body.detail).toContain('нет уроков');
  });
});

describe('unknown ids are refused in Russian, never a 500', () => {
  it('timetable, load and changes with a teacher, subject or group that does not exist', async () => {
    const current = await admin.get<{ version: number }>(`/api/v1/years/${yearId}/timetable`);
    const classId = ((await t.server.db('classes').where({ level: 5, letter: 'А' }).first('id')) as { id: number }).id;
    const slot = { id: null, weekday: 5, lessonNumber: 6, classId, groupId: null, subjectId: 1, teacherUserId: 999999, room: null, validFrom: null, validTo: null };
    const timetableReply = await admin.put<Problem>(`/api/v1/years/${yearId}/timetable`, { version: current.body.version, slots: [slot] });
    expect(timetableReply.status).toBe(400);
    expect(timetableReply.body.detail).toContain('не учитель');
    const subjectReply = await admin.put<Problem>(`/api/v1/years/${yearId}/timetable`, { version: current.body.version, slots: [{ ...slot, teacherUserId: 1, subjectId: 999999 }] });
    expect(subjectReply.status).toBe(400);
    const loadVersion = (await admin.get<{ version: number }>(`/api/v1/years/${yearId}/load`)).body.version;
    const loadReply = await admin.put<Problem>(`/api/v1/years/${yearId}/load`, { version: loadVersion, items: [{ teacherUserId: 1, classId, groupId: 999999, subjectId: 999999, hoursPerWeek: 1 }] });
    expect(loadReply.status).toBe(400);
    expect(loadReply.body.detail).toContain('нет предмета');
    const changeReply = await admin.post<Problem>('/api/v1/timetable/changes', {
      kind: 'extra',
      date: `${startYear}-10-07`,
      lessonNumber: 1,
      classId,
      groupId: null,
      subjectId: 999999,
      teacherUserId: 999999,
      room: null,
      reason: 'Проверка',
    });
    expect(changeReply.status).toBe(400);
  });
});
