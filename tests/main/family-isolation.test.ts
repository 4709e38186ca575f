// Issue 5, «Done when»: two families with children in the same class; route by route, neither can read or do
// anything about the other's child. Every route of the contract that names a pupil, a class, a journal page, a
// file, a notice or a conversation is called by parent A with family B's ids, so a route added later is covered
// without editing this test. The attempts are logged as access-denied.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type EndpointName } from '../../src/shared/api/contract';
import { startJournalFixture, type JournalFixture } from './helpers/journal-fixture';
import type { Client } from './helpers/test-server';

interface Family {
  parentUserId: number;
  childId: number;
  client: Client;
}

let f: JournalFixture;
let a: Family;
let b: Family;
const ids: Record<string, number> = {};

beforeAll(async () => {
  f = await startJournalFixture(600);
  const today = f.lessonDates[14]!;
  f.setToday(today);
  const db = f.t.server.db;
  // Two children of the class whose guardians have no other child in it.
  const rows = (await db('guardianships as g')
    .join('class_enrolments as e', 'e.student_id', 'g.student_id')
    .where('e.class_id', f.classId)
    .select('g.guardian_user_id', 'g.student_id')) as Array<{ guardian_user_id: number; student_id: number }>;
  const byParent = new Map<number, number[]>();
  for (const r of rows) byParent.set(r.guardian_user_id, [...(byParent.get(r.guardian_user_id) ?? []), r.student_id]);
  const single = [...byParent.entries()].filter(([, kids]) => kids.length === 1);
  // Two different children (a child's mother and father are one family).
  const [parentA, kidsA] = single[0]!;
  const [parentB, kidsB] = single.find(([, kids]) => kids[0] !== kidsA[0])!;
  a = { parentUserId: parentA, childId: kidsA[0]!, client: await f.signIn(parentA) };
  b = { parentUserId: parentB, childId: kidsB[0]!, client: await f.signIn(parentB) };
  expect(a.childId).not.toBe(b.childId);

  // Family B's child gets journal entries, a homework file, a notice and an alert.
  const teacher = await f.signIn(f.teacherUserId);
  const lessonNumber = f.lessonNumbers.get(today)![0]!;
  await teacher.post(`${f.base}/cells`, { edits: [{ kind: 'mark', date: today, lessonNumber, columnId: null, studentId: b.childId, value: '5', version: 0 }, { kind: 'attendance', date: today, lessonNumber, studentId: a.childId, code: 'Н', version: 0 }] });
  const file = await teacher.post<{ lesson: { attachments: Array<{ id: number }> } }>(`${f.base}/attachments`, { date: today, lessonNumber, fileName: 'Задание.txt', contentBase64: Buffer.from('Задание').toString('base64') });
  ids.attachmentId = file.body.lesson.attachments[0]!.id;
  const notice = await b.client.post<{ notice: { id: number } }>(`/api/v1/students/${b.childId}/notices`, { fromDate: today, toDate: today, reasonCategory: 'family' });
  ids.noticeId = notice.body.notice.id;
  await teacher.post(`${f.base}/cells`, { edits: [{ kind: 'attendance', date: today, lessonNumber, studentId: b.childId, code: 'Н', version: 0 }] });
  ids.studentId = b.childId;
  ids.classId = f.classId;
  ids.subjectId = f.subjectId;
  ids.groupKey = 0;
  // Another family's conversation, where the messages feature exists.
  const conversationTable = await db.schema.hasTable('conversations');
  if (conversationTable) {
    const [conversation] = (await db('conversations').insert({ kind: 'direct', subject: 'Семья Б', class_id: f.classId, student_id: b.childId, created_by_user_id: b.parentUserId, created_at: new Date().toISOString(), last_message_at: new Date().toISOString() }).returning('id')) as Array<{ id: number }>;
    await db('conversation_members').insert([
      { conversation_id: conversation!.id, user_id: b.parentUserId, last_read_message_id: 0 },
      { conversation_id: conversation!.id, user_id: f.teacherUserId, last_read_message_id: 0 },
    ]);
    const [message] = (await db('messages').insert({ conversation_id: conversation!.id, author_user_id: b.parentUserId, body: 'Личное', created_at: new Date().toISOString() }).returning('id')) as Array<{ id: number }>;
    ids.conversationId = conversation!.id;
    ids.messageId = message!.id;
  }
}, 180_000);
afterAll(async () => f.t.close());

/** A path of the contract with family B's ids (or a never-issued one where B has none of that kind). */
function pathFor(name: EndpointName): string {
  return api[name].path.replace(/:([A-Za-z]+)/g, (_, param: string) => String(ids[param] ?? 999_999));
}

/**
 * Routes whose permission is only «signed in» check membership after reading the body: give them a well-formed
 * one, so that the refusal comes from the membership check and not from validation.
 */
const WELL_FORMED_BODIES: Partial<Record<EndpointName, unknown>> = {
  postMessage: { body: 'Здравствуйте' },
};

function bodyFor(name: EndpointName): unknown {
  return api[name].method === 'GET' ? undefined : (WELL_FORMED_BODIES[name] ?? {});
}

const PARAMS = /:(studentId|classId|subjectId|attachmentId|noticeId|conversationId|messageId|assessmentId|columnId|noteId|periodId|newsId)\b/;

describe('route by route, family A cannot reach family B', () => {
  const names = (Object.keys(api) as EndpointName[]).filter((n) => PARAMS.test(api[n].path) && !api[n].path.startsWith('/my/'));

  it('covers every route that names someone else\'s data', () => {
    expect(names.length).toBeGreaterThan(40);
  });

  it.each(names)('%s', async (name) => {
    const url = `/api/v1${pathFor(name)}${api[name].method === 'GET' ? '?from=2026-09-01&to=2027-05-31' : ''}`;
    const reply = api[name].path.endsWith('/events')
      ? { status: (await fetch(`${f.t.server.url}${url}`, { headers: { cookie: a.client.cookie! } })).status, body: {} }
      : await a.client.request(api[name].method, url, bodyFor(name));
    // 403 (no access) or 404 (not found among one's own); never data, never a validation hint about B's record.
    expect([403, 404], `${name}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`).toContain(reply.status);
  });

  it('the attempts are logged', async () => {
    const denied = await f.t.server.db('security_events').where({ kind: 'access-denied', user_id: a.parentUserId }).count({ n: '*' }).first();
    expect(Number((denied as { n: number }).n)).toBeGreaterThan(20);
  });
});

describe('what family A does see is only theirs', () => {
  it('their own feed mentions only their child', async () => {
    const nameOf = async (id: number) => ((await f.t.server.db('students').where({ id }).first('last_name')) as { last_name: string }).last_name;
    const feed = await a.client.get<{ notifications: Array<{ title: string; link: string | null }> }>('/api/v1/my/notifications');
    expect(feed.body.notifications.length).toBeGreaterThan(0);
    const otherName = await nameOf(b.childId);
    for (const n of feed.body.notifications) {
      expect(n.title).not.toContain(otherName);
      expect(n.link ?? '').not.toContain(`/diary/${b.childId}`);
    }
    const children = await a.client.get<{ children: Array<{ id: number }> }>('/api/v1/me/children');
    expect(children.body.children.map((c) => c.id)).toEqual([a.childId]);
  });

  it('the class\'s file is reached through their own child only', async () => {
    expect((await a.client.get(`/api/v1/students/${a.childId}/attachments/${ids.attachmentId}`)).status).toBe(200);
    expect((await a.client.get(`/api/v1/students/${b.childId}/attachments/${ids.attachmentId}`)).status).toBe(403);
    expect((await a.client.get(`/api/v1/attachments/${ids.attachmentId}`)).status).toBe(403);
  });

  it('the week of their own child shows no other pupil\'s marks', async () => {
    const week = await a.client.get<{ student: { id: number }; days: Array<{ lessons: Array<{ marks: unknown[] }> }> }>(`/api/v1/students/${a.childId}/diary`);
    expect(week.body.student.id).toBe(a.childId);
    // B got the only mark of that lesson; A's view of the same lesson has none.
    expect(week.body.days.flatMap((d) => d.lessons.flatMap((l) => l.marks))).toEqual([]);
  });
});
