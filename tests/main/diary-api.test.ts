// The diary through the API: a parent sees their child's week (topic, homework, files, marks, attendance) and the
// marks by subject with the average explained; another family's child, and files of another class, stay closed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJournalFixture, type JournalFixture } from './helpers/journal-fixture';
import type { Client } from './helpers/test-server';

interface Week {
  student: { id: number };
  weekStart: string;
  days: Array<{ date: string; isToday: boolean; lessons: Array<{ subjectId: number; lessonNumber: number; topic: string | null; homework: string | null; marks: Array<{ value: string; weight: number; workType: string }>; attendance: string | null; attachments: Array<{ id: number }> }> }>;
}

let f: JournalFixture;
let teacher: Client;
let parent: Client;
let childId: number;
let today: string;
let lessonNumber: number;
let attachmentId: number;

beforeAll(async () => {
  f = await startJournalFixture(600);
  today = f.lessonDates[14]!;
  f.setToday(today);
  lessonNumber = f.lessonNumbers.get(today)![0]!;
  teacher = await f.signIn(f.teacherUserId);
  const db = f.t.server.db;
  const guardian = (await db('guardianships as g')
    .join('class_enrolments as e', 'e.student_id', 'g.student_id')
    .where('e.class_id', f.classId)
    .first('g.guardian_user_id', 'g.student_id')) as { guardian_user_id: number; student_id: number };
  childId = guardian.student_id;
  parent = await f.signIn(guardian.guardian_user_id);
  const base = f.base;
  const at = { date: today, lessonNumber };
  expect((await teacher.post(`${base}/cells`, { edits: [{ kind: 'mark', ...at, columnId: null, studentId: childId, value: '5', version: 0 }] })).status).toBe(200);
  const page = await teacher.get<{ lessons: Array<{ date: string; lessonNumber: number; version: number }> }>(base);
  const lesson = page.body.lessons.find((l) => l.date === today && l.lessonNumber === lessonNumber)!;
  expect((await teacher.patch(`${base}/lesson`, { ...at, topic: 'Дроби', homework: '§ 5, № 1–3', version: lesson.version })).status).toBe(200);
  const file = await teacher.post<{ lesson: { attachments: Array<{ id: number }> } }>(`${base}/attachments`, { ...at, fileName: 'Задание.txt', contentBase64: Buffer.from('Решить задачи').toString('base64') });
  attachmentId = file.body.lesson.attachments[0]!.id;
}, 120_000);
afterAll(async () => f.t.close());

describe('the diary week', () => {
  it('shows the child\'s lesson with topic, homework, file and mark; today is highlighted', async () => {
    const reply = await parent.get<Week>(`/api/v1/students/${childId}/diary`);
    expect(reply.status).toBe(200);
    const day = reply.body.days.find((d) => d.date === today)!;
    expect(day.isToday).toBe(true);
    const lesson = day.lessons.find((l) => l.subjectId === f.subjectId && l.lessonNumber === lessonNumber)!;
    expect(lesson).toMatchObject({ topic: 'Дроби', homework: '§ 5, № 1–3' });
    expect(lesson.marks).toEqual([{ value: '5', weight: 1, workType: 'Ответ на уроке', comment: null }]);
    expect(lesson.attachments.map((a) => a.id)).toEqual([attachmentId]);
    const download = await fetch(`${f.t.server.url}/api/v1/students/${childId}/attachments/${attachmentId}`, { headers: { cookie: parent.cookie! } });
    expect(await download.text()).toBe('Решить задачи');
  });

  it('moves by weeks', async () => {
    const next = await parent.get<Week>(`/api/v1/students/${childId}/diary?date=2026-09-01`);
    expect(next.status).toBe(200);
    expect(next.body.weekStart <= '2026-09-01').toBe(true);
  });

  it('another family\'s child is closed, and their files cannot be reached through one\'s own child', async () => {
    const db = f.t.server.db;
    const other = (await db('class_enrolments').whereNot({ class_id: f.classId }).first('student_id')) as { student_id: number };
    expect((await parent.get(`/api/v1/students/${other.student_id}/diary`)).status).toBe(403);
    expect((await parent.get(`/api/v1/students/${other.student_id}/marks`)).status).toBe(403);
    // A file of a lesson of another class, asked for through the parent's own child: not found.
    const otherLesson = (await db('journal_lessons').insert({ class_id: (await db('class_enrolments').where({ student_id: other.student_id }).first('class_id')).class_id, subject_id: f.subjectId, group_key: 0, date: today, lesson_number: 9, created_at: 'x', updated_at: 'x' }).returning('id')) as Array<{ id: number }>;
    const [foreignFile] = (await db('lesson_attachments').insert({ lesson_id: otherLesson[0]!.id, file_name: 'чужой.txt', content_type: 'text/plain', size: 1, sha256: 'a'.repeat(64), uploaded_by_user_id: f.teacherUserId, uploaded_at: 'x' }).returning('id')) as Array<{ id: number }>;
    expect((await parent.get(`/api/v1/students/${childId}/attachments/${foreignFile!.id}`)).status).toBe(404);
    expect((await parent.get(`/api/v1/attachments/${attachmentId}`)).status).toBe(403);
  });
});

describe('marks by subject', () => {
  it('lists the period\'s marks with the weighted average and what is needed for a 5', async () => {
    const reply = await parent.get<{ subjects: Array<{ subjectId: number; marks: Array<{ value: string }>; average: number | null; suggested: string | null; neededFor5: number | null }> }>(`/api/v1/students/${childId}/marks`);
    expect(reply.status).toBe(200);
    const subject = reply.body.subjects.find((s) => s.subjectId === f.subjectId)!;
    expect(subject.marks.map((m) => m.value)).toEqual(['5']);
    expect(subject.average).toBe(5);
    // One mark, minimum three: н/а now, two more fives make a 5.
    expect(subject.suggested).toBe('н/а');
    expect(subject.neededFor5).toBe(2);
  });
});

interface Feed {
  unread: number;
  notifications: Array<{ id: number; kind: string; title: string; link: string | null }>;
}

describe('rapid response and planned-absence notices (section 2, 3.7)', () => {
  it('an unannounced Н alerts the class teacher and the parents the same day, once', async () => {
    const classTeacher = await f.signIn(f.classTeacherUserId);
    const page = await teacher.get<{ attendance: Array<{ studentId: number; version: number }> }>(f.base);
    expect(page.body.attendance.find((a) => a.studentId === childId)).toBeUndefined();
    const absent = { kind: 'attendance', date: today, lessonNumber, studentId: childId, code: 'Н', version: 0 };
    const marked = await teacher.post<{ results: Array<{ attendance: { version: number } }> }>(`${f.base}/cells`, { edits: [absent] });
    expect(marked.status).toBe(200);
    const parentFeed = await parent.get<Feed>('/api/v1/my/notifications');
    const alert = parentFeed.body.notifications.find((n) => n.kind === 'absence')!;
    expect(alert.title).toContain('отсутствует');
    expect(alert.link).toBe(`/diary/${childId}`);
    expect(parentFeed.body.unread).toBeGreaterThanOrEqual(1);
    const teacherFeed = await classTeacher.get<Feed>('/api/v1/my/notifications');
    expect(teacherFeed.body.notifications.filter((n) => n.kind === 'absence' && n.title.includes('отсутствует'))).toHaveLength(1);
    // Cleared and marked again: still one alert for this lesson.
    expect((await teacher.post(`${f.base}/cells`, { edits: [{ ...absent, code: null, version: marked.body.results[0]!.attendance.version }] })).status).toBe(200);
    expect((await teacher.post(`${f.base}/cells`, { edits: [absent] })).status).toBe(200);
    expect((await parent.get<Feed>('/api/v1/my/notifications')).body.notifications.filter((n) => n.kind === 'absence')).toHaveLength(1);
    const read = await parent.post<Feed>('/api/v1/my/notifications/read', { ids: 'all' });
    expect(read.body.unread).toBe(0);
  });

  it('a confirmed notice turns the Н into a reason, now and on lessons marked later, without an alarm', async () => {
    const classTeacher = await f.signIn(f.classTeacherUserId);
    const nextDay = f.lessonDates[15]!;
    const created = await parent.post<{ notice: { id: number; version: number; status: string } }>(`/api/v1/students/${childId}/notices`, {
      fromDate: today,
      toDate: nextDay,
      reasonCategory: 'illness',
      comment: 'Температура',
    });
    expect(created.status).toBe(200);
    expect(created.body.notice.status).toBe('pending');
    expect((await classTeacher.get<Feed>('/api/v1/my/notifications')).body.notifications.some((n) => n.kind === 'notice')).toBe(true);
    const list = await classTeacher.get<{ notices: Array<{ id: number; studentName: string }> }>(`/api/v1/classes/${f.classId}/notices?from=${today}&to=${nextDay}`);
    expect(list.body.notices.map((n) => n.id)).toContain(created.body.notice.id);
    // Not someone else's to decide or to cancel.
    expect((await teacher.post(`/api/v1/classes/${f.classId}/notices/${created.body.notice.id}/decision`, { decision: 'confirmed', version: 1 })).status).toBe(403);
    const decided = await classTeacher.post<{ notice: { status: string }; reasonsSet: number }>(`/api/v1/classes/${f.classId}/notices/${created.body.notice.id}/decision`, { decision: 'confirmed', version: 1 });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ notice: { status: 'confirmed' }, reasonsSet: 1 });
    expect((await parent.post(`/api/v1/students/${childId}/notices/${created.body.notice.id}/cancel`, { version: 2 })).status).toBe(409);

    f.setToday(nextDay);
    const before = (await parent.get<Feed>('/api/v1/my/notifications')).body.notifications.length;
    const next = { kind: 'attendance', date: nextDay, lessonNumber: f.lessonNumbers.get(nextDay)![0]!, studentId: childId, code: 'Н', version: 0 };
    const marked = await teacher.post<{ results: Array<{ attendance: { code: string } }> }>(`${f.base}/cells`, { edits: [next] });
    expect(marked.body.results[0]!.attendance.code).toBe('Б');
    expect((await parent.get<Feed>('/api/v1/my/notifications')).body.notifications.length).toBe(before);
    f.setToday(today);
  });

  it('refuses a notice for a long-past date, and to anyone but the child\'s parent', async () => {
    const old = await parent.post<{ detail: string }>(`/api/v1/students/${childId}/notices`, { fromDate: f.lessonDates[0]!, toDate: f.lessonDates[0]!, reasonCategory: 'family' });
    expect(old.status).toBe(400);
    expect(old.body.detail).toContain('не позже');
    expect((await teacher.post(`/api/v1/students/${childId}/notices`, { fromDate: today, toDate: today, reasonCategory: 'family' })).status).toBe(403);
    expect((await teacher.post(`/api/v1/students/${childId}/acknowledge`, {})).status).toBe(403);
  });
});

describe('«Ознакомлен» (3.7)', () => {
  it('the class teacher sees who acknowledged and reminds the overdue parents', async () => {
    const classTeacher = await f.signIn(f.classTeacherUserId);
    const ack = await parent.post<{ acknowledgedAt: string }>(`/api/v1/students/${childId}/acknowledge`, {});
    expect(ack.status).toBe(200);
    expect((await parent.get<{ lastAcknowledgedAt: string | null }>(`/api/v1/students/${childId}/diary`)).body.lastAcknowledgedAt).toBe(ack.body.acknowledgedAt);
    const table = await classTeacher.get<{ overdueDays: number; rows: Array<{ guardianUserId: number; studentId: number; isOverdue: boolean; lastAcknowledgedAt: string | null }> }>(`/api/v1/classes/${f.classId}/acknowledgements`);
    expect(table.body.overdueDays).toBe(14);
    const own = table.body.rows.find((r) => r.studentId === childId && r.lastAcknowledgedAt !== null)!;
    expect(own.isOverdue).toBe(false);
    const overdue = table.body.rows.find((r) => r.isOverdue)!;
    const other = await f.signIn(overdue.guardianUserId);
    const remind = await classTeacher.post<{ reminded: number }>(`/api/v1/classes/${f.classId}/acknowledgements/remind`, { guardianUserIds: [overdue.guardianUserId] });
    expect(remind.body.reminded).toBe(1);
    expect((await other.get<Feed>('/api/v1/my/notifications')).body.notifications[0]!.kind).toBe('acknowledge-reminder');
    expect((await teacher.post(`/api/v1/classes/${f.classId}/acknowledgements/remind`, {})).status).toBe(403);
  });
});

describe('the family hears of new marks and homework (item 9)', () => {
  it('the parent\'s feed has the mark and the homework of the child\'s lesson', async () => {
    const feed = await parent.get<Feed>('/api/v1/my/notifications');
    const mark = feed.body.notifications.find((n) => n.kind === 'mark')!;
    expect(mark.title).toContain('«5»');
    expect(mark.link).toContain(`/diary/${childId}`);
    const homework = feed.body.notifications.find((n) => n.kind === 'homework')!;
    expect(homework.title).toContain('§ 5, № 1–3');
  });
});

describe('past and planned topics (section 2)', () => {
  it('the marks view lists the topics held and the program\'s topics to come', async () => {
    const db = f.t.server.db;
    const year = (await db('academic_years').orderBy('id').first('id')) as { id: number };
    const { level } = (await db('classes').where({ id: f.classId }).first('level')) as { level: number };
    const topics = Array.from({ length: 120 }, (_, i) => ({ title: `Тема ${i + 1}`, hours: 1, plannedAssessment: null }));
    expect((await teacher.put(`/api/v1/work-programs/${year.id}/${f.subjectId}/${level}`, { version: 0, topics })).status).toBe(200);
    const reply = await parent.get<{ subjects: Array<{ subjectId: number; topics: { past: Array<{ date: string; topic: string }>; planned: Array<{ date: string; topic: string }> } }> }>(`/api/v1/students/${childId}/marks`);
    const subject = reply.body.subjects.find((s) => s.subjectId === f.subjectId)!;
    expect(subject.topics.past).toContainEqual({ date: today, topic: 'Дроби' });
    // The next lesson of the page is the 16th of the year (one lesson on each listed date here): topic 16.
    const next = f.lessonDates[15]!;
    const ordinal = f.lessonDates.slice(0, 15).reduce((n, d) => n + f.lessonNumbers.get(d)!.length, 0);
    expect(subject.topics.planned[0]).toEqual({ date: next, topic: `Тема ${ordinal + 1}` });
  });
});

describe('the reminder period is a setting (3.7)', () => {
  it('the administrator changes it and the class teacher\'s overview follows', async () => {
    const admin = await f.account('admin');
    expect((await admin.put('/api/v1/settings/diary', { acknowledgeDays: 0 })).status).toBe(400);
    expect((await admin.put('/api/v1/settings/diary', { acknowledgeDays: 21 })).status).toBe(200);
    const classTeacher = await f.signIn(f.classTeacherUserId);
    expect((await classTeacher.get<{ overdueDays: number }>(`/api/v1/classes/${f.classId}/acknowledgements`)).body.overdueDays).toBe(21);
    expect((await classTeacher.put('/api/v1/settings/diary', { acknowledgeDays: 7 })).status).toBe(403);
  });
});
