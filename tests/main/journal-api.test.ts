// The class journal through its HTTP API on a real server and a real SQLite file: the rules of DOMAIN.md
// enforced on the server, conflicts, locks and unlocks, absence reasons, period marks, homework files,
// control, and live updates. Each refusal also checks that nothing was written.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/shared/domain/calendar';
import { startJournalFixture, type JournalFixture } from './helpers/journal-fixture';
import type { Client } from './helpers/test-server';

interface Page {
  students: Array<{ id: number; lastName: string }>;
  lessons: Array<{ date: string; lessonNumber: number; lessonId: number | null; topic: string | null; homework: string | null; version: number; isEditable: boolean; columns: Array<{ id: number | null }>; attachments: Array<{ id: number }> }>;
  marks: Array<{ studentId: number; value: string; version: number; columnId: number; isLate: boolean }>;
  attendance: Array<{ studentId: number; lessonId: number; code: string; version: number }>;
  periodMarks: Array<{ studentId: number; kind: string; periodNumber: number; value: string; version: number }>;
  period: { id: number; number: number; startDate: string; endDate: string };
  canEdit: boolean;
  revision: number;
}

let f: JournalFixture;
let teacher: Client;
let today: string;
let lessonNumber: number;
let studentIds: number[];

beforeAll(async () => {
  f = await startJournalFixture(600);
  // A school day well into the first period, so that lessons older than the editing window exist.
  today = f.lessonDates[14]!;
  f.setToday(today);
  lessonNumber = f.lessonNumbers.get(today)![0]!;
  teacher = await f.signIn(f.teacherUserId);
  const page = await teacher.get<Page>(f.base);
  expect(page.status).toBe(200);
  studentIds = page.body.students.map((s) => s.id);
}, 120_000);
afterAll(async () => f.t.close());

const mark = (studentId: number, value: string | null, version = 0, extra: Record<string, unknown> = {}) => ({
  kind: 'mark',
  date: today,
  lessonNumber,
  columnId: null,
  studentId,
  value,
  version,
  ...extra,
});

async function countRows(table: string): Promise<number> {
  const row = (await f.t.server.db(table).count({ n: '*' }).first()) as { n: number };
  return Number(row.n);
}

describe('the journal page', () => {
  it('shows the class, its lessons of the period and the teacher may edit', async () => {
    const page = await teacher.get<Page>(f.base);
    expect(page.body.canEdit).toBe(true);
    expect(page.body.students.length).toBeGreaterThan(5);
    const lesson = page.body.lessons.find((l) => l.date === today && l.lessonNumber === lessonNumber)!;
    expect(lesson.isEditable).toBe(true);
    expect(lesson.lessonId).toBeNull();
    // A lesson after today takes no entries yet.
    expect(page.body.lessons.find((l) => l.date > today)!.isEditable).toBe(false);
  });

  it('is refused to a parent and to a teacher of another subject', async () => {
    expect((await (await f.account('parent')).get(f.base)).status).toBe(403);
    const other = (await f.t.server.db('teaching_assignments').where({ class_id: f.classId }).whereNot({ subject_id: f.subjectId }).whereNot({ teacher_user_id: f.teacherUserId }).first('teacher_user_id')) as { teacher_user_id: number };
    const otherTeacher = await f.signIn(other.teacher_user_id);
    const assigned = await f.t.server.db('teaching_assignments').where({ teacher_user_id: other.teacher_user_id, class_id: f.classId, subject_id: f.subjectId }).first();
    if (!assigned) {
      expect((await otherTeacher.post(`${f.base}/cells`, { edits: [mark(studentIds[0]!, '5')] })).status).toBe(403);
      expect((await otherTeacher.get(f.base)).status).toBe(403);
    }
  });
});

describe('marks', () => {
  it('saves a mark, audits it and shows it on the page', async () => {
    const reply = await teacher.post<{ results: Array<{ mark: { value: string; version: number } }>; revision: number }>(`${f.base}/cells`, { edits: [mark(studentIds[0]!, '5')] });
    expect(reply.status).toBe(200);
    expect(reply.body.results[0]!.mark.value).toBe('5');
    const page = await teacher.get<Page>(f.base);
    expect(page.body.marks.filter((m) => m.studentId === studentIds[0]).map((m) => m.value)).toEqual(['5']);
    const audit = (await f.t.server.db('audit_log').where({ action: 'mark.create' }).orderBy('id', 'desc').first('new_value', 'actor_user_id')) as { new_value: string; actor_user_id: number };
    expect(JSON.parse(audit.new_value)).toMatchObject({ value: '5', studentId: studentIds[0], date: today });
    expect(audit.actor_user_id).toBe(f.teacherUserId);
  });

  it.each([
    ['a mark outside the scale', () => mark(studentIds[1]!, '7'), 400, 'вне шкалы'],
    ['an unknown code', () => mark(studentIds[1]!, 'отл'), 400, 'Неизвестная отметка'],
    ['a lesson in the future', () => ({ ...mark(studentIds[1]!, '5'), date: f.lessonDates[15]!, lessonNumber: f.lessonNumbers.get(f.lessonDates[15]!)![0]! }), 400, 'будущую'],
    ['a date without this lesson', () => ({ ...mark(studentIds[1]!, '5'), date: addDays(today, 1) === f.lessonDates[15] ? addDays(today, -1) : addDays(today, 1), lessonNumber: 9 }), 404, 'нет в расписании'],
    ['a pupil of another class', () => mark(999_999, '5'), 400, 'не числится'],
  ])('refuses %s with a clear reason and writes nothing', async (_name, edit, status, text) => {
    const before = [await countRows('marks'), await countRows('journal_lessons'), await countRows('audit_log')];
    const reply = await teacher.post<{ detail: string }>(`${f.base}/cells`, { edits: [edit()] });
    expect(reply.status).toBe(status);
    expect(reply.body.detail).toContain(text);
    expect([await countRows('marks'), await countRows('journal_lessons'), await countRows('audit_log')]).toEqual(before);
  });

  it('a batch is all or nothing', async () => {
    const before = await countRows('marks');
    const reply = await teacher.post(`${f.base}/cells`, { edits: [mark(studentIds[2]!, '4'), mark(studentIds[3]!, '9')] });
    expect(reply.status).toBe(400);
    expect(await countRows('marks')).toBe(before);
  });

  it('a class teacher reads the page but cannot change a mark', async () => {
    const classTeacher = await f.signIn(f.classTeacherUserId);
    const page = await classTeacher.get<Page>(f.base);
    expect(page.status).toBe(200);
    expect(page.body.canEdit).toBe(false);
    const reply = await classTeacher.post<{ detail: string }>(`${f.base}/cells`, { edits: [mark(studentIds[0]!, '2', 1)] });
    expect(reply.status).toBe(403);
    expect(reply.body.detail).toContain('другой учитель');
  });

  it('two editors of one cell: the later write is refused until it is made knowingly', async () => {
    const second = await f.signIn(f.teacherUserId);
    const first = await teacher.post<{ results: Array<{ mark: { version: number } }> }>(`${f.base}/cells`, { edits: [mark(studentIds[4]!, '4')] });
    expect(first.status).toBe(200);
    const late = await second.post<{ detail: string; code: string }>(`${f.base}/cells`, { edits: [mark(studentIds[4]!, '3')] });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('«4»');
    const page = await second.get<Page>(f.base);
    const current = page.body.marks.find((m) => m.studentId === studentIds[4])!;
    expect(current.value).toBe('4');
    const knowingly = await second.post(`${f.base}/cells`, { edits: [mark(studentIds[4]!, '3', current.version)] });
    expect(knowingly.status).toBe(200);
  });

  it('refuses a 2 for an absent pupil, and an absence over a 2', async () => {
    const absent = await teacher.post(`${f.base}/cells`, { edits: [{ kind: 'attendance', date: today, lessonNumber, studentId: studentIds[5]!, code: 'Н', version: 0 }] });
    expect(absent.status).toBe(200);
    const two = await teacher.post<{ detail: string }>(`${f.base}/cells`, { edits: [mark(studentIds[5]!, '2')] });
    expect(two.status).toBe(400);
    expect(two.body.detail).toContain('за отсутствие');
    expect((await teacher.post(`${f.base}/cells`, { edits: [mark(studentIds[6]!, '2')] })).status).toBe(200);
    const overTwo = await teacher.post<{ detail: string }>(`${f.base}/cells`, { edits: [{ kind: 'attendance', date: today, lessonNumber, studentId: studentIds[6]!, code: 'Н', version: 0 }] });
    expect(overTwo.status).toBe(400);
    expect(overTwo.body.detail).toContain('«2»');
  });

  it('an old lesson needs a deputy unlock with a reason', async () => {
    const old = f.lessonDates[2]!;
    const edit = { ...mark(studentIds[7]!, '5'), date: old, lessonNumber: f.lessonNumbers.get(old)![0]! };
    const refused = await teacher.post<{ detail: string }>(`${f.base}/cells`, { edits: [edit] });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('разблокировка');
    expect((await teacher.post(`${f.base}/unlocks`, { fromDate: old, toDate: old, reason: 'Болел учитель' })).status).toBe(403);
    const deputy = await f.account('deputy');
    expect((await deputy.post(`${f.base}/unlocks`, { fromDate: old, toDate: old, reason: 'x' })).status).toBe(400);
    const unlock = await deputy.post(`${f.base}/unlocks`, { fromDate: old, toDate: old, reason: 'Учитель был на курсах повышения квалификации' });
    expect(unlock.status).toBe(200);
    const accepted = await teacher.post<{ results: Array<{ mark: { isLate: boolean } }> }>(`${f.base}/cells`, { edits: [edit] });
    expect(accepted.status).toBe(200);
    // Oral work marked after the lesson day is late (3.4), counted by control.
    expect(accepted.body.results[0]!.mark.isLate).toBe(true);
    const audit = (await f.t.server.db('audit_log').where({ action: 'journal.unlock' }).first('reason')) as { reason: string };
    expect(audit.reason).toContain('курсах');
  });

  it('a cell cleared and written again has a new version: an editor holding the old one gets a conflict', async () => {
    const a = await teacher.post<{ results: Array<{ mark: { version: number } }> }>(`${f.base}/cells`, { edits: [mark(studentIds[12]!, '5')] });
    const stale = a.body.results[0]!.mark.version;
    expect((await teacher.post(`${f.base}/cells`, { edits: [mark(studentIds[12]!, null, stale)] })).status).toBe(200);
    const b = await teacher.post<{ results: Array<{ mark: { version: number } }> }>(`${f.base}/cells`, { edits: [mark(studentIds[12]!, '3')] });
    expect(b.body.results[0]!.mark.version).not.toBe(stale);
    expect((await teacher.post(`${f.base}/cells`, { edits: [mark(studentIds[12]!, '4', stale)] })).status).toBe(409);
  });

  it('clearing a mark keeps its old value in the audit log', async () => {
    const page = await teacher.get<Page>(f.base);
    const current = page.body.marks.find((m) => m.studentId === studentIds[0])!;
    const reply = await teacher.post(`${f.base}/cells`, { edits: [mark(studentIds[0]!, null, current.version)] });
    expect(reply.status).toBe(200);
    const audit = (await f.t.server.db('audit_log').where({ action: 'mark.delete' }).orderBy('id', 'desc').first('old_value')) as { old_value: string };
    expect(JSON.parse(audit.old_value)).toMatchObject({ value: '5', studentId: studentIds[0] });
  });
});

describe('absence reasons (class teacher)', () => {
  it('the class teacher sets a reason for an Н; the subject teacher may not', async () => {
    const classTeacher = await f.signIn(f.classTeacherUserId);
    const list = await classTeacher.get<{ absences: Array<{ lessonId: number; studentId: number; code: string; version: number }> }>(
      `/api/v1/classes/${f.classId}/absences?from=${today}&to=${today}`,
    );
    const absence = list.body.absences.find((a) => a.studentId === studentIds[5])!;
    expect(absence.code).toBe('Н');
    expect((await teacher.put(`/api/v1/classes/${f.classId}/absences`, { lessonId: absence.lessonId, studentId: absence.studentId, code: 'Б', version: absence.version })).status).toBe(403);
    const set = await classTeacher.put<{ absence: { code: string } }>(`/api/v1/classes/${f.classId}/absences`, { lessonId: absence.lessonId, studentId: absence.studentId, code: 'Б', version: absence.version });
    expect(set.status).toBe(200);
    expect(set.body.absence.code).toBe('Б');
    // The subject teacher marking Н again does not wipe the reason.
    const page = await teacher.get<Page>(f.base);
    const row = page.body.attendance.find((a) => a.studentId === studentIds[5])!;
    await teacher.post(`${f.base}/cells`, { edits: [{ kind: 'attendance', date: today, lessonNumber, studentId: studentIds[5]!, code: 'Н', version: row.version }] });
    expect(((await f.t.server.db('attendance').where({ student_id: studentIds[5], lesson_id: absence.lessonId }).first('code')) as { code: string }).code).toBe('Б');
  });
});

describe('topic, homework and control', () => {
  it('the deputy sees a lesson complete once topic and homework are in', async () => {
    const deputy = await f.account('deputy');
    const before = await deputy.get<{ lessons: Array<{ date: string; lessonNumber: number; isComplete: boolean; missing: string[] }> }>(`${f.base}/control?from=${today}&to=${today}`);
    expect(before.body.lessons.find((l) => l.lessonNumber === lessonNumber)!.isComplete).toBe(false);
    const page = await teacher.get<Page>(f.base);
    const lesson = page.body.lessons.find((l) => l.date === today && l.lessonNumber === lessonNumber)!;
    const saved = await teacher.patch<{ lesson: { topic: string; homework: string } }>(`${f.base}/lesson`, {
      date: today,
      lessonNumber,
      topic: 'Сложение дробей',
      homework: '§ 12, № 3–5',
      version: lesson.version,
    });
    expect(saved.status).toBe(200);
    const stale = await teacher.patch(`${f.base}/lesson`, { date: today, lessonNumber, topic: 'Другая тема', version: lesson.version });
    expect(stale.status).toBe(409);
    const after = await deputy.get<{ lessons: Array<{ lessonNumber: number; isComplete: boolean }> }>(`${f.base}/control?from=${today}&to=${today}`);
    expect(after.body.lessons.find((l) => l.lessonNumber === lessonNumber)!.isComplete).toBe(true);

    const report = await deputy.get<{ rows: Array<{ teacherUserId: number; classId: number; subjectId: number; lessonsHeld: number; withoutTopic: number; marks: number; lateMarks: number; medianLagHours: number | null }> }>(
      `/api/v1/control?from=${f.lessonDates[0]}&to=${today}`,
    );
    const row = report.body.rows.find((r) => r.teacherUserId === f.teacherUserId && r.classId === f.classId && r.subjectId === f.subjectId)!;
    expect(row.lessonsHeld).toBeGreaterThanOrEqual(15);
    expect(row.withoutTopic).toBe(row.lessonsHeld - 1);
    expect(row.lateMarks).toBeGreaterThanOrEqual(1);
    expect(row.medianLagHours).not.toBeNull();
    expect((await teacher.get('/api/v1/control?from=2026-09-01&to=2026-09-30')).status).toBe(403);
  });

  it('a deputy leaves a control note; the teacher reads it', async () => {
    const deputy = await f.account('deputy');
    expect((await deputy.post('/api/v1/control/notes', { teacherUserId: f.teacherUserId, classId: f.classId, subjectId: f.subjectId, text: 'Заполните темы уроков' })).status).toBe(200);
    const mine = await teacher.get<{ notes: Array<{ id: number; text: string; readAt: string | null }> }>('/api/v1/my/control-notes');
    expect(mine.body.notes[0]!.text).toBe('Заполните темы уроков');
    expect((await teacher.post(`/api/v1/my/control-notes/${mine.body.notes[0]!.id}/read`, {})).status).toBe(200);
    expect((await teacher.post('/api/v1/control/notes', { teacherUserId: f.teacherUserId, text: 'x' })).status).toBe(403);
    const unknownClass = await deputy.post<{ detail: string }>('/api/v1/control/notes', { teacherUserId: f.teacherUserId, classId: 999_999, text: 'Заполните темы' });
    expect(unknownClass.status).toBe(400);
    expect(unknownClass.body.detail).toContain('Класс');
  });
});

describe('period marks and closing a period', () => {
  it('a closed period locks its marks until a deputy unlocks it', async () => {
    const page = await teacher.get<Page>(f.base);
    const body = { studentId: studentIds[8]!, kind: 'period', periodNumber: page.body.period.number, value: '4', version: 0 };
    const first = await teacher.put<{ periodMark: { version: number } }>(`${f.base}/period-marks`, body);
    expect(first.status).toBe(200);
    const { version } = first.body.periodMark;
    const deputy = await f.account('deputy');
    expect((await teacher.post(`/api/v1/periods/${page.body.period.id}/close`, {})).status).toBe(403);
    expect((await deputy.post(`/api/v1/periods/${page.body.period.id}/close`, {})).status).toBe(200);
    const refused = await teacher.put<{ detail: string }>(`${f.base}/period-marks`, { ...body, value: '5', version });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('закрыт');
    const cell = await teacher.post<{ detail: string }>(`${f.base}/cells`, { edits: [mark(studentIds[9]!, '5')] });
    expect(cell.body.detail).toContain('Период закрыт');
    // Absence reasons and homework files of a closed period are locked too.
    const classTeacher = await f.signIn(f.classTeacherUserId);
    const absences = await classTeacher.get<{ absences: Array<{ lessonId: number; studentId: number; version: number; code: string }> }>(`/api/v1/classes/${f.classId}/absences?from=${today}&to=${today}`);
    const absence = absences.body.absences.find((x) => x.code !== 'ОП')!;
    const reason = await classTeacher.put<{ detail: string }>(`/api/v1/classes/${f.classId}/absences`, { lessonId: absence.lessonId, studentId: absence.studentId, code: 'НП', version: absence.version });
    expect(reason.status).toBe(400);
    expect(reason.body.detail).toContain('закрыт');
    const file = await teacher.post<{ detail: string }>(`${f.base}/attachments`, { date: today, lessonNumber, fileName: 'a.txt', contentBase64: Buffer.from('x').toString('base64') });
    expect(file.status).toBe(400);
    expect((await deputy.post(`/api/v1/periods/${page.body.period.id}/reopen`, {})).status).toBe(200);
    expect((await teacher.put(`${f.base}/period-marks`, { ...body, value: '5', version })).status).toBe(200);
    expect((await teacher.put(`${f.base}/period-marks`, { ...body, kind: 'exam', periodNumber: 0 })).status).toBe(400);
    // A pupil who is not on this page in the period (another class's) gets no period mark here.
    expect((await teacher.put(`${f.base}/period-marks`, { ...body, studentId: 999_999 })).status).toBe(400);
  });
});

describe('homework files', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  it('stores an allowed file and serves it to readers of the page', async () => {
    const reply = await teacher.post<{ lesson: { attachments: Array<{ id: number; fileName: string }> } }>(`${f.base}/attachments`, {
      date: today,
      lessonNumber,
      fileName: 'Задание.pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(reply.status).toBe(200);
    const attachment = reply.body.lesson.attachments[0]!;
    expect(attachment.fileName).toBe('Задание.pdf');
    const download = await fetch(`${f.t.server.url}/api/v1/attachments/${attachment.id}`, { headers: { cookie: teacher.cookie! } });
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    const parent = await f.account('parent');
    expect((await parent.get(`/api/v1/attachments/${attachment.id}`)).status).toBe(403);
  });

  it.each([
    ['a program renamed to .pdf', 'Задание.pdf', Buffer.from('MZ\x90\x00binary'), 'не похоже'],
    ['a forbidden type', 'virus.exe', Buffer.from('MZ'), 'не принимаются'],
    ['a file over 10 MB', 'big.txt', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), 'больше 10 МБ'],
  ])('refuses %s', async (_name, fileName, bytes, text) => {
    const before = await countRows('lesson_attachments');
    const reply = await teacher.post<{ detail: string }>(`${f.base}/attachments`, { date: today, lessonNumber, fileName, contentBase64: bytes.toString('base64') });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toContain(text);
    expect(await countRows('lesson_attachments')).toBe(before);
  });
});

describe('assessment schedule', () => {
  it('warns when a class gets a second assessment on a day', async () => {
    const date = f.lessonDates[20]!;
    const workType = (await f.t.server.db('work_types').where({ name: 'Контрольная работа' }).first('id')) as { id: number };
    const first = await teacher.post<{ warnings: string[] }>(`${f.base}/assessments`, { date, workTypeId: workType.id, title: 'Контрольная работа №1' });
    expect(first.status).toBe(200);
    expect(first.body.warnings).toEqual([]);
    const second = await teacher.post<{ warnings: string[] }>(`${f.base}/assessments`, { date, workTypeId: workType.id, title: 'Контрольная работа №2' });
    expect(second.body.warnings[0]).toContain('2 контрольные работы');
    const list = await (await f.account('deputy')).get<{ assessments: unknown[] }>(`/api/v1/classes/${f.classId}/assessments?from=${date}&to=${date}`);
    expect(list.body.assessments).toHaveLength(2);
  });
});

describe('live updates', () => {
  it('a change by the teacher reaches the deputy\'s open page within a second', async () => {
    const deputy = await f.account('deputy');
    const controller = new AbortController();
    const response = await fetch(`${f.t.server.url}${f.base}/events`, { headers: { cookie: deputy.cookie! }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const received = (async () => {
      let text = '';
      const giveUp = setTimeout(() => controller.abort(), 3000);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += decoder.decode(value);
        if (text.includes('data:')) {
          clearTimeout(giveUp);
          return text;
        }
      }
    })();
    const started = Date.now();
    await teacher.post(`${f.base}/cells`, { edits: [mark(studentIds[10]!, '5')] });
    const text = await received;
    expect(Date.now() - started).toBeLessThan(1000);
    const event = JSON.parse(text.split('data: ')[1]!.split('\n')[0]!) as { kind: string; byUserId: number };
    expect(event).toMatchObject({ kind: 'cells', byUserId: f.teacherUserId });
    controller.abort();
  });
});

describe('work program: default topics and plan vs fact', () => {
  it('a lesson recorded after the program is saved takes its topic by order; plan and fact show it', async () => {
    const db = f.t.server.db;
    const year = (await db('academic_years').orderBy('id').first('id')) as { id: number };
    const { level } = (await db('classes').where({ id: f.classId }).first('level')) as { level: number };
    const topics = Array.from({ length: 40 }, (_, i) => ({ title: `Тема ${i + 1}`, hours: 1, plannedAssessment: null }));
    const saved = await teacher.put(`/api/v1/work-programs/${year.id}/${f.subjectId}/${level}`, { version: 0, topics });
    expect(saved.status).toBe(200);
    const date = f.lessonDates[13]!;
    const reply = await teacher.post<{ lessons: Array<{ topic: string | null }> }>(`${f.base}/cells`, {
      edits: [{ ...mark(studentIds[11]!, '4'), date, lessonNumber: f.lessonNumbers.get(date)![0]! }],
    });
    expect(reply.status).toBe(200);
    // The 14th lesson of the year (one lesson per listed date here) gets the 14th topic.
    const ordinal = f.lessonDates.slice(0, 13).reduce((n, d) => n + f.lessonNumbers.get(d)!.length, 0);
    expect(reply.body.lessons[0]!.topic).toBe(`Тема ${ordinal + 1}`);
    const plan = await teacher.get<{ hasProgram: boolean; topics: Array<{ title: string; plannedDates: string[]; heldDates: string[] }>; lessonsHeld: number }>(`${f.base}/plan`);
    expect(plan.status).toBe(200);
    expect(plan.body.hasProgram).toBe(true);
    expect(plan.body.topics[0]!.plannedDates).toEqual([f.lessonDates[0]]);
    expect(plan.body.topics[ordinal]!.heldDates).toEqual([date]);
    expect(plan.body.lessonsHeld).toBeGreaterThanOrEqual(15);
  });
});

describe('the list of pages and who is recorded reading them', () => {
  it('a teacher gets their own pages, editable; the class teacher the class\'s pages, read-only', async () => {
    const list = await teacher.get<{ journals: Array<{ classId: number; subjectId: number; canEdit: boolean }> }>('/api/v1/journals');
    expect(list.body.journals.find((j) => j.classId === f.classId && j.subjectId === f.subjectId)?.canEdit).toBe(true);
    const classTeacher = await f.signIn(f.classTeacherUserId);
    const theirs = await classTeacher.get<{ journals: Array<{ classId: number; canEdit: boolean }> }>(`/api/v1/journals?classId=${f.classId}`);
    expect(theirs.body.journals.length).toBeGreaterThan(3);
    expect(theirs.body.journals.every((j) => j.classId === f.classId)).toBe(true);
  });

  it('a deputy reading a page is recorded; the teacher keeping it is not', async () => {
    const db = f.t.server.db;
    const deputyLogin = f.t.demo.accounts.find((a) => a.role === 'deputy')!.login;
    const deputyId = ((await db('users').where({ login: deputyLogin }).first('id')) as { id: number }).id;
    const count = async (userId: number) => Number(((await db('security_events').where({ kind: 'personal-data-read', user_id: userId }).count({ n: '*' }).first()) as { n: number }).n);
    const [teacherBefore, deputyBefore] = [await count(f.teacherUserId), await count(deputyId)];
    await teacher.get(f.base);
    await (await f.account('deputy')).get(f.base);
    expect(await count(f.teacherUserId)).toBe(teacherBefore);
    expect(await count(deputyId)).toBe(deputyBefore + 1);
  });
});
