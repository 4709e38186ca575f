// Work programs and thematic plans (3.4) on the demo school through the real server: a teacher
// keeps the program of what they teach (versioned, audited), nobody else writes it, and a file
// of topics is previewed with Russian row problems before an all-or-nothing commit.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programTopics } from '../../src/main/db/repositories/work-program-repo';
import { checkedTopics } from '../../src/main/work-programs/work-program-service';
import type { DemoResult } from '../../src/main/demo/demo-school';
import { startDemoServer } from './helpers/demo-server';
import { logIn, type Client, type TestServer } from './helpers/test-server';

type Topic = { position: number; title: string; hours: number; plannedAssessment: string | null };
type Program = {
  yearId: number;
  subjectId: number;
  subjectName: string;
  level: number;
  version: number;
  authorName: string | null;
  canEdit: boolean;
  topics: Topic[];
  detail?: string;
};
type Report = {
  totalRows: number;
  validRows: number;
  problems: Array<{ rowNumber: number; column: string; message: string }>;
  notes: string[];
  topics: Topic[];
  isCommitted: boolean;
  program: Program | null;
  detail?: string;
};
type Scope = { subjectId: number; level: number };

let t: TestServer & { demo: DemoResult };
let teacher: Client;
let teacherId: number;
let yearId: number;
/** A subject and level the demo teacher teaches this year, and one they do not. */
let own: Scope;
let foreign: Scope;

const account = (role: string) => t.demo.accounts.find((a) => a.role === role)!;
const signIn = (role: string) => logIn(t.server.url, account(role).login, account(role).password);
const path = (scope: Scope, suffix = '') => `/api/v1/work-programs/${yearId}/${scope.subjectId}/${scope.level}${suffix}`;
const upload = (client: Client, scope: Scope, fileName: string, bytes: Buffer, commit: boolean, version: number) =>
  client.post<Report>(path(scope, '/import'), { fileName, contentBase64: bytes.toString('base64'), commit, version });
const savedTopics = (scope: Scope) => programTopics(t.server.db, yearId, scope.subjectId, scope.level);

beforeAll(async () => {
  t = await startDemoServer(120);
  const db = t.server.db;
  teacher = await signIn('teacher');
  teacherId = (
    (await db('users')
      .where({ login: account('teacher').login })
      .first('id')) as { id: number }
  ).id;
  const years = await teacher.get<{ years: Array<{ id: number; name: string; isCurrent: boolean }> }>('/api/v1/years');
  const year = years.body.years.find((y) => y.isCurrent)!;
  yearId = year.id;
  const taught = (await db('teaching_assignments as a')
    .join('classes as c', 'c.id', 'a.class_id')
    .where({ 'a.teacher_user_id': teacherId, 'c.academic_year': year.name })
    .select('a.subject_id', 'c.level')) as Array<{ subject_id: number; level: number }>;
  expect(taught.length).toBeGreaterThan(0);
  own = { subjectId: taught[0]!.subject_id, level: taught[0]!.level };
  const isTaught = (s: number, l: number) => taught.some((x) => x.subject_id === s && x.level === l);
  const level = [...Array(11).keys()].map((i) => i + 1).find((l) => !isTaught(own.subjectId, l))!;
  foreign = { subjectId: own.subjectId, level };
}, 120_000);
afterAll(async () => t.close());

describe('work program editor', () => {
  it('lets a teacher save the program of what they teach and read it back', async () => {
    const empty = await teacher.get<Program>(path(own));
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ version: 0, canEdit: true, topics: [] });

    const saved = await teacher.put<Program>(path(own), {
      version: 0,
      topics: [
        { title: '  Повторение изученного  ', hours: 2 },
        { title: 'Десятичные дроби' },
        { title: 'Десятичные дроби: обобщение', hours: 1, plannedAssessment: 'Контрольная работа' },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(saved.body.authorName).toBe(account('teacher').name);
    expect(saved.body.topics).toEqual([
      { position: 1, title: 'Повторение изученного', hours: 2, plannedAssessment: null },
      { position: 2, title: 'Десятичные дроби', hours: 1, plannedAssessment: null },
      { position: 3, title: 'Десятичные дроби: обобщение', hours: 1, plannedAssessment: 'Контрольная работа' },
    ]);

    const read = await teacher.get<Program>(path(own));
    expect(read.body).toEqual(saved.body);
    // What the journal reads: the same topics in order.
    expect(await savedTopics(own)).toEqual(saved.body.topics);

    const list = await teacher.get<{ programs: Array<Record<string, unknown>>; teaching: Scope[] }>(
      `/api/v1/work-programs?yearId=${yearId}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.programs).toContainEqual(
      expect.objectContaining({ ...own, topicCount: 3, totalHours: 4, version: 1, authorName: account('teacher').name }),
    );
    expect(list.body.teaching).toContainEqual(expect.objectContaining(own));
  });

  it('refuses a save from a stale version (409) and keeps the saved topics', async () => {
    const before = await savedTopics(own);
    const stale = await teacher.put<Program>(path(own), { version: 0, topics: [{ title: 'Чужая правка' }] });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/уже изменили.*Обновите страницу/);
    expect(await savedTopics(own)).toEqual(before);

    const next = await teacher.put<Program>(path(own), {
      version: 1,
      topics: [
        ...before.map(({ title, hours, plannedAssessment }) => ({ title, hours, plannedAssessment })),
        { title: 'Итоговое повторение', hours: 3 },
      ],
    });
    expect(next.status).toBe(200);
    expect(next.body.version).toBe(2);
    expect(next.body.topics).toHaveLength(4);
  });

  it('records each save in the audit log with the old and new topics', async () => {
    const rows = (await t.server
      .db('audit_log')
      .where({ action: 'work-program.save', actor_user_id: teacherId })
      .orderBy('id')) as Array<{ entity: string; old_value: string; new_value: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const last = rows[rows.length - 1]!;
    expect(last.entity).toBe('work_program');
    expect((JSON.parse(last.old_value) as Topic[]).map((topic) => topic.title)).toHaveLength(3);
    expect((JSON.parse(last.new_value) as Topic[]).map((topic) => topic.title)).toContain('Итоговое повторение');
  });

  it('refuses (403) a teacher who does not teach that subject at that level', async () => {
    const read = await teacher.get<Program>(path(foreign));
    expect(read.body.canEdit).toBe(false);
    const reply = await teacher.put<Program>(path(foreign), { version: 0, topics: [{ title: 'Не моя тема' }] });
    expect(reply.status).toBe(403);
    expect(reply.body.detail).toContain('У вас такой нагрузки нет');
    expect(await savedTopics(foreign)).toEqual([]);
  });

  it('refuses the deputy and parents (403); the deputy still reads', async () => {
    for (const role of ['deputy', 'parent', 'admin']) {
      const client = await signIn(role);
      const reply = await client.put<Program>(path(own), { version: 2, topics: [{ title: 'Правка' }] });
      expect(reply.status, role).toBe(403);
    }
    const deputy = await signIn('deputy');
    const read = await deputy.get<Program>(path(own));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ version: 2, canEdit: false });
    const parent = await signIn('parent');
    expect((await parent.get(path(own))).status).toBe(403);
    expect((await savedTopics(own)).map((topic) => topic.title)).not.toContain('Правка');
  });

  it('checks topics, levels, years and subjects with Russian messages', async () => {
    const zeroHours = await teacher.put<Program>(path(own), { version: 2, topics: [{ title: 'Тема', hours: 0 }] });
    expect(zeroHours.status).toBe(400);
    expect(zeroHours.body.detail).toContain('Часы');
    const emptyTitle = await teacher.put<Program>(path(own), { version: 2, topics: [{ title: '   ' }] });
    expect(emptyTitle.status).toBe(400);
    expect(emptyTitle.body.detail).toContain('Тема');
    const tooMany = await teacher.put<Program>(path(own), {
      version: 2,
      topics: Array.from({ length: 501 }, (_, i) => ({ title: `Тема ${i + 1}` })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.detail).toContain('Темы');
    expect((await teacher.get(`/api/v1/work-programs/${yearId}/${own.subjectId}/12`)).status).toBe(400);
    const noYear = await teacher.get<Program>(`/api/v1/work-programs/9999/${own.subjectId}/${own.level}`);
    expect(noYear.status).toBe(404);
    expect(noYear.body.detail).toContain('Учебный год');
    expect((await teacher.get(`/api/v1/work-programs/${yearId}/9999/${own.level}`)).status).toBe(404);
    expect((await savedTopics(own)).length).toBe(4);
  });
});

describe('topic rules outside the HTTP contract', () => {
  it('numbers topics from 1 and names the bad topic for callers that skip the contract', () => {
    expect(checkedTopics([{ title: ' Дроби ' }, { title: 'Проценты', hours: 2, plannedAssessment: '' }])).toEqual([
      { position: 1, title: 'Дроби', hours: 1, plannedAssessment: null },
      { position: 2, title: 'Проценты', hours: 2, plannedAssessment: null },
    ]);
    expect(() => checkedTopics([{ title: 'Дроби' }, { title: 'Проценты', hours: 0 }])).toThrow(/Тема №2, часы/);
  });
});

describe('work program import', () => {
  const badCsv = ['Тема;Часы;Контрольная работа', 'Введение;2;', ';1;', 'Дроби;abc;', 'Итоговая работа;;Контрольная работа'].join(
    '\r\n',
  );

  it('previews a UTF-8 CSV with Russian problems per row and commits nothing while they remain', async () => {
    const before = await savedTopics(own);
    for (const commit of [false, true]) {
      const reply = await upload(teacher, own, 'темы.csv', Buffer.from(badCsv, 'utf-8'), commit, 2);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ totalRows: 4, validRows: 2, isCommitted: false, program: null });
      expect(reply.body.problems).toEqual([
        { rowNumber: 3, column: 'Тема', message: 'Не заполнено' },
        { rowNumber: 4, column: 'Часы', message: 'Часы — целое число от 1 до 100 (сейчас «abc»)' },
      ]);
      expect(reply.body.notes[0]).toContain('4 темы');
    }
    expect(await savedTopics(own)).toEqual(before);
  });

  it('reads the same problems from a Windows-1251 CSV', async () => {
    const reply = await upload(teacher, own, 'темы.csv', iconv.encode(badCsv, 'win1251'), false, 2);
    expect(reply.status).toBe(200);
    expect(reply.body.problems.map((p) => p.rowNumber)).toEqual([3, 4]);
    expect(reply.body.topics.map((topic) => topic.title)).toEqual(['Введение', 'Итоговая работа']);
  });

  it('commits a good Windows-1251 file whole, replacing the list, with default hours', async () => {
    const csv = [
      '№;Тема;Часы;Контрольная работа',
      '1;Числа и вычисления;3;',
      '2;Уравнения;;',
      '3;Уравнения: обобщение;1;Контрольная работа',
    ].join('\r\n');
    const reply = await upload(teacher, own, 'темы.csv', iconv.encode(csv, 'win1251'), true, 2);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.isCommitted).toBe(true);
    expect(reply.body.program?.version).toBe(3);
    expect(await savedTopics(own)).toEqual([
      { position: 1, title: 'Числа и вычисления', hours: 3, plannedAssessment: null },
      { position: 2, title: 'Уравнения', hours: 1, plannedAssessment: null },
      { position: 3, title: 'Уравнения: обобщение', hours: 1, plannedAssessment: 'Контрольная работа' },
    ]);
    const audit = await t.server.db('audit_log').where({ action: 'work-program.save' }).orderBy('id', 'desc').first('new_value');
    expect(String((audit as { new_value: string }).new_value)).toContain('Уравнения: обобщение');

    const stale = await upload(teacher, own, 'темы.csv', iconv.encode(csv, 'win1251'), true, 2);
    expect(stale.status).toBe(409);
    expect((await savedTopics(own)).length).toBe(3);
  });

  it('offers an XLSX template that previews as it is', async () => {
    const response = await fetch(`${t.server.url}/api/v1/work-programs/template`, { headers: { cookie: teacher.cookie! } });
    expect(response.status).toBe(200);
    const template = Buffer.from(await response.arrayBuffer());
    expect(template.subarray(0, 2).toString()).toBe('PK');
    const preview = await upload(teacher, own, 'шаблон.xlsx', template, false, 3);
    expect(preview.body).toMatchObject({ totalRows: 3, validRows: 3, problems: [] });
    expect(preview.body.topics[2]).toMatchObject({ plannedAssessment: 'Контрольная работа' });
  });

  it('refuses a file of more than 500 topics, and a teacher of another subject or level', async () => {
    const long = ['Тема', ...Array.from({ length: 501 }, (_, i) => `Тема ${i + 1}`)].join('\n');
    const tooLong = await upload(teacher, own, 'темы.csv', Buffer.from(long), false, 3);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.detail).toBe(
      'В файле 501 строка: в тематическом планировании может быть не больше 500 тем. Объедините мелкие темы',
    );
    const notMine = await upload(teacher, foreign, 'темы.csv', Buffer.from('Тема\nЧто-то'), true, 0);
    expect(notMine.status).toBe(403);
    expect(await savedTopics(foreign)).toEqual([]);
  });
});
