// A demo school on a real server whose journal clock the test sets: the class of the showcase class teacher,
// one of its whole-class subjects, that subject's teacher signed in, and a school day with a lesson of it.

import { hashPassword } from '../../../src/main/accounts/password-hashing';
import type { DemoResult } from '../../../src/main/demo/demo-school';
import type { JournalServerOptions } from '../../../src/main/server/journal-server';
import { startDemoServer } from './demo-server';
import { logIn, type Client, type TestServer } from './test-server';

export const KNOWN_PASSWORD = 'ЖурналТест2026';

export interface JournalFixture {
  t: TestServer & { demo: DemoResult };
  /** Moves the journal's clock (today) to this local date, at noon. */
  setToday(date: string): void;
  classId: number;
  subjectId: number;
  teacherUserId: number;
  classTeacherUserId: number;
  /** The page's lesson dates of the year, in order (from the timetable). */
  lessonDates: string[];
  lessonNumbers: Map<string, number[]>;
  base: string;
  signIn(userId: number): Promise<Client>;
  account(role: string): Promise<Client>;
}

export async function startJournalFixture(students = 60, options: { drives?: JournalServerOptions['drives'] } = {}): Promise<JournalFixture> {
  let now = new Date();
  const t = await startDemoServer(students, { journalClock: () => now, ...(options.drives ? { drives: options.drives } : {}) });
  const db = t.server.db;
  const userIdOf = async (login: string) => ((await db('users').where({ login }).first('id')) as { id: number }).id;
  void userIdOf;
  // A middle-school class: marked (not the markless 1st grade) and without exam columns.
  const cls = (await db('classes').whereBetween('level', [5, 8]).whereNotNull('class_teacher_user_id').orderBy('id').first('id', 'level', 'class_teacher_user_id')) as {
    id: number;
    level: number;
    class_teacher_user_id: number;
  };
  const classTeacherUserId = cls.class_teacher_user_id;
  // A numeric-marked subject taught to the whole class by someone who is not the class teacher.
  const assignment = (await db('teaching_assignments as t')
    .join('subjects as s', 's.id', 't.subject_id')
    .where({ 't.class_id': cls.id })
    .whereNull('t.group_id')
    .whereNot('t.teacher_user_id', classTeacherUserId)
    .orderBy('t.hours_per_week', 'desc')
    .first('t.subject_id', 't.teacher_user_id')) as { subject_id: number; teacher_user_id: number };

  const signIn = async (userId: number): Promise<Client> => {
    await db('users').where({ id: userId }).update({ password_hash: await hashPassword(KNOWN_PASSWORD), must_change_password: 0, is_blocked: 0 });
    const { login } = (await db('users').where({ id: userId }).first('login')) as { login: string };
    return logIn(t.server.url, login, KNOWN_PASSWORD);
  };
  const account = async (role: string): Promise<Client> => {
    const a = t.demo.accounts.find((x) => x.role === role)!;
    return logIn(t.server.url, a.login, a.password);
  };

  const admin = await account('admin');
  const year = (await db('academic_years').orderBy('id').first('start_date', 'end_date')) as { start_date: string; end_date: string };
  const lessons = await admin.get<{ lessons: Array<{ date: string; lessonNumber: number; subjectId: number; groupId: number | null }> }>(
    `/api/v1/classes/${cls.id}/lessons?from=${year.start_date}&to=${year.end_date}`,
  );
  const own = lessons.body.lessons.filter((l) => l.subjectId === assignment.subject_id && l.groupId === null);
  const lessonNumbers = new Map<string, number[]>();
  for (const l of own) lessonNumbers.set(l.date, [...(lessonNumbers.get(l.date) ?? []), l.lessonNumber]);
  return {
    t,
    setToday: (date) => {
      now = new Date(`${date}T12:00:00`);
    },
    classId: cls.id,
    subjectId: assignment.subject_id,
    teacherUserId: assignment.teacher_user_id,
    classTeacherUserId,
    lessonDates: [...lessonNumbers.keys()],
    lessonNumbers,
    base: `/api/v1/journals/${cls.id}/${assignment.subject_id}/0`,
    signIn,
    account,
  };
}
