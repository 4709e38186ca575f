// History and integrity of the school structure: enrolment changes in date order only, a former
// class teacher loses the card, rollover carries the right pupils, a timetable change mid-year
// leaves past lessons as they were, and impossible input is refused in Russian.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../../src/shared/domain/calendar';
import { localDate } from '../../src/main/common/dates';
import type { DemoResult } from '../../src/main/demo/demo-school';
import { startDemoServer } from './helpers/demo-server';
import { logIn, type Client, type TestServer } from './helpers/test-server';

let t: TestServer & { demo: DemoResult };
let admin: Client;
let startYear: number;
let yearId: number;
type Problem = { detail: string };

const classId = async (level: number, letter = 'А') =>
  ((await t.server.db('classes').where({ level, letter, academic_year: `${startYear}/${startYear + 1}` }).first('id')) as { id: number }).id;
const pupilsOf = async (id: number) => (await admin.get<{ students: Array<{ id: number }> }>(`/api/v1/classes/${id}/students`)).body.students.map((s) => s.id);

beforeAll(async () => {
  t = await startDemoServer(300);
  const account = t.demo.accounts.find((a) => a.role === 'admin')!;
  admin = await logIn(t.server.url, account.login, account.password);
  const years = await admin.get<{ years: Array<{ id: number; name: string; isCurrent: boolean }> }>('/api/v1/years');
  const current = years.body.years.find((y) => y.isCurrent)!;
  yearId = current.id;
  startYear = Number(current.name.slice(0, 4));
});
afterAll(async () => t.close());

describe('enrolment history', () => {
  it('refuses a move or discharge dated before a later move', async () => {
    const [from, to, other] = [await classId(3), await classId(4), await classId(5)];
    const pupil = (await pupilsOf(from))[0]!;
    expect((await admin.post(`/api/v1/students/${pupil}/move`, { toClassId: to, date: `${startYear}-11-10` })).status).toBe(200);
    const backdated = await admin.post<Problem>(`/api/v1/students/${pupil}/move`, { toClassId: other, date: `${startYear}-10-10` });
    expect(backdated.status).toBe(409);
    expect(backdated.body.detail).toContain('в порядке дат');
    const earlierDischarge = await admin.post<Problem>(`/api/v1/students/${pupil}/discharge`, { date: `${startYear}-10-01`, reason: 'Переезд' });
    expect(earlierDischarge.status).toBe(409);
    const open = (await t.server.db('class_enrolments').where({ student_id: pupil }).whereNull('to_date')) as unknown[];
    expect(open).toHaveLength(1);
  });

  it('refuses impossible dates and a calendar without a level', async () => {
    const bad = await admin.post<Problem>(`/api/v1/classes/${await classId(2)}/students`, { lastName: 'Новиков', firstName: 'Илья', middleName: null, birthDate: '2015-02-31', fromDate: `${startYear}-13-01` });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('Такой даты нет');
    const calendar = await admin.get<{ version: number; calendar: { levels: Array<{ level: number }> }; bells: unknown[] }>(`/api/v1/years/${yearId}/calendar`);
    const withoutFive = { ...calendar.body.calendar, levels: calendar.body.calendar.levels.filter((l) => l.level !== 5) };
    const reply = await admin.put<Problem>(`/api/v1/years/${yearId}/calendar`, { version: calendar.body.version, calendar: withoutFive, bells: calendar.body.bells });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toContain('Нет настроек для параллелей: 5');
    const duplicate = await admin.post<Problem>('/api/v1/work-types', { name: 'контрольная работа', shortName: 'К/р', defaultWeight: 3, isWritten: true });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.detail).toContain('уже есть');
  });
});

describe('the card follows the pupil', () => {
  it('the former class teacher can no longer change the card after a move', async () => {
    const ct = t.demo.accounts.find((a) => a.role === 'class_teacher')!;
    const ctClient = await logIn(t.server.url, ct.login, ct.password);
    const ctId = ((await t.server.db('users').where({ login: ct.login }).first('id')) as { id: number }).id;
    const own = ((await t.server.db('classes').where({ class_teacher_user_id: ctId }).first('id', 'level')) as { id: number; level: number });
    const pupil = (await pupilsOf(own.id))[1]!;
    const consent = { kind: 'photo', givenBy: 'Мать', givenOn: `${startYear}-09-01`, document: null };
    expect((await ctClient.post(`/api/v1/students/${pupil}/consents`, consent)).status).toBe(200);
    const target = (await t.server.db('classes').whereNot({ id: own.id }).where({ academic_year: `${startYear}/${startYear + 1}` }).first('id')) as { id: number };
    const moveDate = addDays(localDate(), -1) < `${startYear}-09-02` ? localDate() : addDays(localDate(), -1);
    expect((await admin.post(`/api/v1/students/${pupil}/move`, { toClassId: target.id, date: moveDate })).status).toBe(200);
    const after = await ctClient.post<Problem>(`/api/v1/students/${pupil}/consents`, consent);
    expect(after.status).toBe(403);
  });
});

describe('timetable history', () => {
  it('a teacher changed mid-year keeps past lessons as they were', async () => {
    const id = await classId(7);
    const today = localDate();
    const current = await admin.get<{ version: number; slots: Array<{ id: number; classId: number; weekday: number; lessonNumber: number; teacherUserId: number; subjectId: number; groupId: null; room: string | null; validFrom: string | null; validTo: string | null }> }>(
      `/api/v1/years/${yearId}/timetable`,
    );
    const slot = current.body.slots.find((s) => s.classId === id)!;
    // A teacher who is free at that hour, so the change is not refused as a clash.
    const busy = new Set(current.body.slots.filter((s) => s.weekday === slot.weekday && s.lessonNumber === slot.lessonNumber).map((s) => s.teacherUserId));
    const teachers = ((await t.server.db('user_roles').where({ role: 'teacher' }).select('user_id')) as Array<{ user_id: number }>).map((r) => r.user_id);
    const otherTeacher = teachers.find((id) => !busy.has(id))!;
    // The same weekday two weeks ago (a past lesson, unless that was a holiday).
    let past = addDays(today, -14);
    while (isoWeekday(past) !== slot.weekday) past = addDays(past, -1);
    const lessonsBefore = await admin.get<{ lessons: Array<{ lessonNumber: number; teacherUserId: number }> }>(`/api/v1/classes/${id}/lessons?from=${past}&to=${past}`);

    const slots = current.body.slots.map((s) => (s.id === slot.id ? { ...s, teacherUserId: otherTeacher } : s));
    const saved = await admin.put<Problem>(`/api/v1/years/${yearId}/timetable`, { version: current.body.version, slots });
    expect(saved.status, saved.body.detail).toBe(200);
    const lessonsAfter = await admin.get<{ lessons: Array<{ lessonNumber: number; teacherUserId: number }> }>(`/api/v1/classes/${id}/lessons?from=${past}&to=${past}`);
    expect(lessonsAfter.body.lessons).toEqual(lessonsBefore.body.lessons);
    let future = addDays(today, 7);
    while (isoWeekday(future) !== slot.weekday) future = addDays(future, 1);
    const upcoming = await admin.get<{ lessons: Array<{ lessonNumber: number; teacherUserId: number }> }>(`/api/v1/classes/${id}/lessons?from=${future}&to=${future}`);
    const lesson = upcoming.body.lessons.find((l) => l.lessonNumber === slot.lessonNumber);
    // (No lesson only when that day is a holiday.)
    if (lesson) expect(lesson.teacherUserId).toBe(otherTeacher);
    expect(lessonsBefore.body.lessons.length + upcoming.body.lessons.length).toBeGreaterThan(0);
    const stored = (await t.server.db('timetable_slots').where({ id: slot.id }).first('valid_to')) as { valid_to: string | null };
    expect(stored.valid_to).toBe(addDays(today, -1));
  });
});

describe('rollover carries who is enrolled on the last summer day', () => {
  it('a pupil discharged in June is not re-enrolled', async () => {
    const from = await classId(6);
    const pupils = await pupilsOf(from);
    const leaver = pupils[pupils.length - 1]!;
    expect((await admin.post(`/api/v1/students/${leaver}/discharge`, { date: `${startYear + 1}-06-15`, reason: 'Переезд в другой город' })).status).toBe(200);
    const done = await admin.post<{ newYearId: number }>(`/api/v1/years/${yearId}/rollover`, { promoteNinthGrade: true });
    expect(done.status).toBe(200);
    const nextEnrolments = (await t.server.db('class_enrolments').where({ student_id: leaver }).where('from_date', '>=', `${startYear + 1}-09-01`)) as unknown[];
    expect(nextEnrolments).toEqual([]);
    const calendarNext = await admin.get<{ calendar: { levels: Array<{ level: number; daysPerWeek: number }> } }>(`/api/v1/years/${done.body.newYearId}/calendar`);
    expect(calendarNext.body.calendar.levels).toHaveLength(11);
  });
});
