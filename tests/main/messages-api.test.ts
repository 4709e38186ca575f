// Messages through the API (issue 5, item 7): a parent writes to their child's teacher and gets a reply; the policy
// refuses other parents and other teachers in Russian; conversations of others do not exist for a caller (404, files
// too); a class teacher's letter to the parents keeps each parent's reply private; read receipts and unread
// counters; text comes back verbatim; refused files write nothing; recipients are notified.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../src/shared/api/messages-schemas';
import { startJournalFixture, type JournalFixture } from './helpers/journal-fixture';
import type { Client } from './helpers/test-server';

interface Family {
  parentUserId: number;
  studentId: number;
}

let f: JournalFixture;
let teacher: Client;
let classTeacher: Client;
let parent: Client;
let parent2: Client;
let outsider: Client;
let family: Family;
let family2: Family;
let outsiderFamily: Family;
let otherTeacherUserId: number;
let directorUserId: number;
let directConversationId: number;

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const b64 = (text: string) => Buffer.from(text).toString('base64');

async function count(table: string): Promise<number> {
  const row = (await f.t.server.db(table).count({ n: '*' }).first()) as { n: number };
  return Number(row.n);
}

beforeAll(async () => {
  f = await startJournalFixture(600);
  const db = f.t.server.db;
  const on = today();
  const current = (q: ReturnType<typeof db>) => q.where('e.from_date', '<=', on).andWhere((w) => w.whereNull('e.to_date').orWhere('e.to_date', '>', on));
  // Two families of the class (different parents), and one of another class whose parent has no tie to the class.
  const families = (await current(db('guardianships as g').join('class_enrolments as e', 'e.student_id', 'g.student_id'))
    .where('e.class_id', f.classId)
    .orderBy('g.student_id')
    .select('g.guardian_user_id as parentUserId', 'g.student_id as studentId')) as Family[];
  family = families[0]!;
  // A parent of another child only (not also a parent of family's child).
  const parentsOfFirst = new Set(families.filter((x) => x.studentId === family.studentId).map((x) => x.parentUserId));
  family2 = families.find((x) => x.studentId !== family.studentId && !parentsOfFirst.has(x.parentUserId))!;
  const parentsInClass = new Set(families.map((x) => x.parentUserId));
  const others = (await current(db('guardianships as g').join('class_enrolments as e', 'e.student_id', 'g.student_id'))
    .whereNot('e.class_id', f.classId)
    .select('g.guardian_user_id as parentUserId', 'g.student_id as studentId')) as Family[];
  outsiderFamily = others.find((x) => !parentsInClass.has(x.parentUserId))!;
  // A teacher with no lessons in the class and no leadership role.
  const inClass = (await db('teaching_assignments').where({ class_id: f.classId }).select('teacher_user_id')) as Array<{ teacher_user_id: number }>;
  const groupTeachers = (await db('study_groups').where({ class_id: f.classId }).whereNotNull('teacher_user_id').select('teacher_user_id')) as Array<{ teacher_user_id: number }>;
  const excluded = new Set([...inClass, ...groupTeachers].map((r) => r.teacher_user_id).concat(f.classTeacherUserId));
  const teachers = (await db('user_roles').where({ role: 'teacher' }).select('user_id')) as Array<{ user_id: number }>;
  const leaders = new Set(((await db('user_roles').whereIn('role', ['admin', 'director', 'deputy']).select('user_id')) as Array<{ user_id: number }>).map((r) => r.user_id));
  otherTeacherUserId = teachers.map((r) => r.user_id).find((id) => !excluded.has(id) && !leaders.has(id))!;
  directorUserId = ((await db('user_roles').where({ role: 'director' }).first('user_id')) as { user_id: number }).user_id;

  teacher = await f.signIn(f.teacherUserId);
  classTeacher = await f.signIn(f.classTeacherUserId);
  parent = await f.signIn(family.parentUserId);
  parent2 = await f.signIn(family2.parentUserId);
  outsider = await f.signIn(outsiderFamily.parentUserId);
}, 180_000);
afterAll(async () => f.t.close());

describe('a parent and their child\'s teacher', () => {
  it('the parent writes with a file, the teacher is notified, reads and replies; receipts and unread counters follow', async () => {
    const started = await parent.post<ConversationView>('/api/v1/conversations', {
      recipientUserId: f.teacherUserId,
      subject: 'Домашнее задание',
      body: 'Здравствуйте!\nПодскажите, что задано на завтра?',
      studentId: family.studentId,
      attachments: [{ fileName: 'Тетрадь.txt', contentBase64: b64('Страница 12') }],
    });
    expect(started.status).toBe(200);
    directConversationId = started.body.conversation.id;
    expect(started.body.conversation).toMatchObject({ kind: 'direct', subject: 'Домашнее задание', studentId: family.studentId, unread: 0 });
    expect(started.body.messages).toHaveLength(1);
    expect(started.body.messages[0]).toMatchObject({ isMine: true, body: 'Здравствуйте!\nПодскажите, что задано на завтра?', receipt: { read: 0, of: 1 } });
    const fileId = started.body.messages[0]!.attachments[0]!.id;

    // The teacher gets a 'message' notification with a link to the conversation, once per message.
    const notes = (await f.t.server.db('notifications').where({ user_id: f.teacherUserId, kind: 'message' })) as Array<{ link: string; dedup_key: string }>;
    expect(notes.map((n) => n.link)).toContain(`/messages/${directConversationId}`);
    expect(notes.filter((n) => n.dedup_key === `message:${started.body.messages[0]!.id}`)).toHaveLength(1);

    const list = await teacher.get<{ conversations: Array<{ id: number; unread: number; lastMessage: { preview: string }; members: Array<{ userId: number; name: string }> }>; unreadTotal: number }>('/api/v1/conversations');
    const row = list.body.conversations.find((c) => c.id === directConversationId)!;
    expect(row.unread).toBe(1);
    expect(row.lastMessage.preview).toBe('Здравствуйте! Подскажите, что задано на завтра?');
    expect(row.members.map((m) => m.userId)).toEqual([family.parentUserId]);
    expect((await teacher.get<{ unread: number }>('/api/v1/messages/unread')).body.unread).toBeGreaterThanOrEqual(1);

    const file = await teacher.get<string>(`/api/v1/conversations/${directConversationId}/attachments/${fileId}`);
    expect(file.status).toBe(200);
    expect(file.body).toBe('Страница 12');

    const read = await teacher.post<{ unreadTotal: number; lastReadMessageId: number }>(`/api/v1/conversations/${directConversationId}/read`, {});
    expect(read.status).toBe(200);
    expect(read.body.lastReadMessageId).toBe(started.body.messages[0]!.id);
    const afterRead = await teacher.get<{ conversations: Array<{ id: number; unread: number }> }>('/api/v1/conversations');
    expect(afterRead.body.conversations.find((c) => c.id === directConversationId)!.unread).toBe(0);
    // The message notification is read with the conversation.
    const unreadNotes = (await f.t.server.db('notifications').where({ user_id: f.teacherUserId, link: `/messages/${directConversationId}` }).whereNull('read_at')) as unknown[];
    expect(unreadNotes).toEqual([]);

    // The parent sees «прочитано» on their message.
    const seen = await parent.get<ConversationView>(`/api/v1/conversations/${directConversationId}`);
    expect(seen.body.messages[0]!.receipt).toEqual({ read: 1, of: 1 });

    const reply = await teacher.post<ConversationView>(`/api/v1/conversations/${directConversationId}/messages`, { body: '§ 5, № 1–3' });
    expect(reply.status).toBe(200);
    expect(reply.body.messages.map((m) => m.body)).toEqual(['Здравствуйте!\nПодскажите, что задано на завтра?', '§ 5, № 1–3']);
    expect(reply.body.messages[1]!.receipt).toEqual({ read: 0, of: 1 });

    const parentView = await parent.get<ConversationView>(`/api/v1/conversations/${directConversationId}`);
    expect(parentView.body.conversation.unread).toBe(1);
    expect(parentView.body.messages[1]).toMatchObject({ isMine: false, body: '§ 5, № 1–3', receipt: null });
    expect((await parent.get<{ unread: number; conversations: number }>('/api/v1/messages/unread')).body).toEqual({ unread: 1, conversations: 1 });
    await parent.post(`/api/v1/conversations/${directConversationId}/read`, {});
    expect((await parent.get<{ unread: number }>('/api/v1/messages/unread')).body.unread).toBe(0);
    const teacherView = await teacher.get<ConversationView>(`/api/v1/conversations/${directConversationId}`);
    expect(teacherView.body.messages[1]!.receipt).toEqual({ read: 1, of: 1 });
  });

  it('a message with markup comes back verbatim, as text', async () => {
    const body = '<script>alert(1)</script> <b>жирный</b> & "кавычки"';
    const reply = await parent.post<ConversationView>(`/api/v1/conversations/${directConversationId}/messages`, { body });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/application\/json/);
    expect(reply.body.messages.at(-1)!.body).toBe(body);
    const seen = await teacher.get<ConversationView>(`/api/v1/conversations/${directConversationId}`);
    expect(seen.body.messages.at(-1)!.body).toBe(body);
  });

  it('the parent may write to the class teacher and the director', async () => {
    for (const recipientUserId of [f.classTeacherUserId, directorUserId]) {
      const reply = await parent.post('/api/v1/conversations', { recipientUserId, subject: 'Вопрос', body: 'Добрый день' });
      expect(reply.status, String(recipientUserId)).toBe(200);
    }
  });
});

describe('whom one may not write to', () => {
  it('a parent cannot write to another parent or to a teacher who does not teach their child (403, in Russian)', async () => {
    const before = await count('conversations');
    const toParent = await parent.post<{ detail: string }>('/api/v1/conversations', { recipientUserId: family2.parentUserId, subject: 'Привет', body: 'Здравствуйте' });
    expect(toParent.status).toBe(403);
    expect(toParent.body.detail).toMatch(/Родители не могут писать другим родителям/);
    const toOtherTeacher = await parent.post<{ detail: string }>('/api/v1/conversations', { recipientUserId: otherTeacherUserId, subject: 'Вопрос', body: 'Здравствуйте' });
    expect(toOtherTeacher.status).toBe(403);
    expect(toOtherTeacher.body.detail).toMatch(/не ведёт уроки у вашего ребёнка/);
    // Writing "about" another family's child does not open their teacher either.
    const aboutOther = await outsider.post<{ detail: string }>('/api/v1/conversations', { recipientUserId: f.teacherUserId, subject: 'Вопрос', body: 'Здравствуйте', studentId: family.studentId });
    expect(aboutOther.status).toBe(403);
    expect(await count('conversations')).toBe(before);
  });

  it('only the class teacher writes to the parents of the class', async () => {
    const reply = await teacher.post(`/api/v1/classes/${f.classId}/conversations`, { subject: 'Собрание', body: 'Текст' });
    expect(reply.status).toBe(403);
  });

  it('the list of recipients follows the same rule', async () => {
    type Groups = { groups: Array<{ key: string; label: string; recipients: Array<{ userId: number; studentId: number | null; note: string | null }> }> };
    const mine = await parent.get<Groups>('/api/v1/messages/recipients');
    expect(mine.status).toBe(200);
    const all = mine.body.groups.flatMap((g) => g.recipients);
    expect(all.some((r) => r.userId === f.teacherUserId && r.studentId === family.studentId)).toBe(true);
    expect(all.some((r) => r.userId === f.classTeacherUserId)).toBe(true);
    expect(all.some((r) => r.userId === directorUserId)).toBe(true);
    expect(all.some((r) => r.userId === family2.parentUserId)).toBe(false);
    expect(all.some((r) => r.userId === otherTeacherUserId)).toBe(false);
    const theirs = await teacher.get<Groups>('/api/v1/messages/recipients');
    const parents = theirs.body.groups.find((g) => g.key === `parents-${f.classId}`)!;
    expect(parents.recipients.some((r) => r.userId === family.parentUserId && r.studentId === family.studentId)).toBe(true);
    expect(theirs.body.groups.find((g) => g.key === 'staff')!.recipients.some((r) => r.userId === otherTeacherUserId)).toBe(true);
  });
});

describe('conversations of others do not exist for a caller', () => {
  it('guessing ids gives 404, the files too, and the attempt is logged', async () => {
    const view = await parent.get<ConversationView>(`/api/v1/conversations/${directConversationId}`);
    const fileId = view.body.messages[0]!.attachments[0]!.id;
    const missing = await outsider.get(`/api/v1/conversations/999999`);
    const foreign = await outsider.get<{ detail: string }>(`/api/v1/conversations/${directConversationId}`);
    expect(missing.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.body.detail).toBe((missing.body as { detail: string }).detail);
    expect((await outsider.get(`/api/v1/conversations/${directConversationId}/attachments/${fileId}`)).status).toBe(404);
    expect((await outsider.post(`/api/v1/conversations/${directConversationId}/messages`, { body: 'Я тоже тут' })).status).toBe(404);
    expect((await outsider.post(`/api/v1/conversations/${directConversationId}/read`, {})).status).toBe(404);
    // Another conversation's file through one's own conversation: not found either.
    const own = await outsider.post<ConversationView>('/api/v1/conversations', { recipientUserId: directorUserId, subject: 'Вопрос', body: 'Здравствуйте' });
    expect(own.status).toBe(200);
    expect((await outsider.get(`/api/v1/conversations/${own.body.conversation.id}/attachments/${fileId}`)).status).toBe(404);
    const events = (await f.t.server.db('security_events').where({ kind: 'access-denied', user_id: outsiderFamily.parentUserId })) as Array<{ detail: string }>;
    expect(events.some((e) => e.detail.includes(`/conversations/${directConversationId}`))).toBe(true);
    const list = await outsider.get<{ conversations: Array<{ id: number }> }>('/api/v1/conversations');
    expect(list.body.conversations.map((c) => c.id)).not.toContain(directConversationId);
  });
});

describe('a class teacher\'s letter to the parents of the class', () => {
  it('reaches every parent; each parent sees the letter and their own reply only', async () => {
    const sent = await classTeacher.post<ConversationView>(`/api/v1/classes/${f.classId}/conversations`, { subject: 'Родительское собрание', body: 'Собрание в четверг в 18:00.' });
    expect(sent.status).toBe(200);
    const id = sent.body.conversation.id;
    expect(sent.body.conversation.kind).toBe('class');
    expect(sent.body.canReplyPrivately).toBe(true);
    const memberIds = sent.body.conversation.members.map((m) => m.userId);
    expect(memberIds).toEqual(expect.arrayContaining([family.parentUserId, family2.parentUserId]));
    expect(memberIds).not.toContain(outsiderFamily.parentUserId);
    const letterId = sent.body.messages[0]!.id;
    const parentCount = sent.body.conversation.memberCount - 1;
    expect(sent.body.messages[0]!.receipt).toEqual({ read: 0, of: parentCount });
    const notified = (await f.t.server.db('notifications').where({ kind: 'message', dedup_key: `message:${letterId}` }).select('user_id')) as Array<{ user_id: number }>;
    expect(notified.map((n) => n.user_id)).toEqual(expect.arrayContaining([family.parentUserId, family2.parentUserId]));
    expect(notified).toHaveLength(parentCount);

    const first = await parent.post<ConversationView>(`/api/v1/conversations/${id}/messages`, { body: 'Придём вдвоём.' });
    expect(first.status).toBe(200);
    expect(first.body.messages.at(-1)!.privateToUserId).toBe(f.classTeacherUserId);
    const second = await parent2.post<ConversationView>(`/api/v1/conversations/${id}/messages`, { body: 'Не сможем, простите.' });
    expect(second.status).toBe(200);

    const seenBy1 = await parent.get<ConversationView>(`/api/v1/conversations/${id}`);
    expect(seenBy1.body.messages.map((m) => m.body)).toEqual(['Собрание в четверг в 18:00.', 'Придём вдвоём.']);
    expect(seenBy1.body.conversation.members.map((m) => m.userId)).toEqual([f.classTeacherUserId]);
    expect(seenBy1.body.replyTo).toMatch(/только классному руководителю/);
    const seenBy2 = await parent2.get<ConversationView>(`/api/v1/conversations/${id}`);
    expect(seenBy2.body.messages.map((m) => m.body)).toEqual(['Собрание в четверг в 18:00.', 'Не сможем, простите.']);
    // Only the class teacher is told about a parent's reply.
    const replyNotes = (await f.t.server.db('notifications').where({ kind: 'message', dedup_key: `message:${seenBy2.body.messages[1]!.id}` }).select('user_id')) as Array<{ user_id: number }>;
    expect(replyNotes.map((n) => n.user_id)).toEqual([f.classTeacherUserId]);

    const teacherView = await classTeacher.get<ConversationView>(`/api/v1/conversations/${id}`);
    expect(teacherView.body.messages.map((m) => m.body)).toEqual(['Собрание в четверг в 18:00.', 'Придём вдвоём.', 'Не сможем, простите.']);
    expect(teacherView.body.conversation.unread).toBe(2);
    // «прочитали N из M»: both parents who replied had read the letter.
    expect(teacherView.body.messages[0]!.receipt).toEqual({ read: 2, of: parentCount });

    // A private answer of the class teacher to one parent.
    const privately = await classTeacher.post<ConversationView>(`/api/v1/conversations/${id}/messages`, { body: 'Хорошо, жду.', privateToUserId: family.parentUserId });
    expect(privately.status).toBe(200);
    expect(privately.body.messages.at(-1)!.receipt).toEqual({ read: 0, of: 1 });
    expect((await parent.get<ConversationView>(`/api/v1/conversations/${id}`)).body.messages.map((m) => m.body)).toContain('Хорошо, жду.');
    expect((await parent2.get<ConversationView>(`/api/v1/conversations/${id}`)).body.messages.map((m) => m.body)).not.toContain('Хорошо, жду.');
    // A parent cannot address another parent inside it.
    expect((await parent.post(`/api/v1/conversations/${id}/messages`, { body: 'Привет', privateToUserId: family2.parentUserId })).status).toBe(400);
    // The list shows a parent the class teacher only.
    const list = await parent2.get<{ conversations: Array<{ id: number; members: Array<{ userId: number }>; lastMessage: { preview: string } }> }>('/api/v1/conversations');
    const row = list.body.conversations.find((c) => c.id === id)!;
    expect(row.members.map((m) => m.userId)).toEqual([f.classTeacherUserId]);
    expect(row.lastMessage.preview).toBe('Не сможем, простите.');
  });
});

describe('files', () => {
  it('a file too large or of a forbidden type is refused, and nothing is written', async () => {
    const tables = ['conversations', 'messages', 'message_attachments', 'notifications'];
    const before = await Promise.all(tables.map(count));
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61).toString('base64');
    const tooLarge = await parent.post<{ detail: string }>(`/api/v1/conversations/${directConversationId}/messages`, { body: 'Файл', attachments: [{ fileName: 'big.txt', contentBase64: big }] });
    expect(tooLarge.status).toBe(400);
    const exe = await parent.post<{ detail: string }>('/api/v1/conversations', {
      recipientUserId: f.teacherUserId,
      subject: 'Программа',
      body: 'Вот',
      attachments: [
        { fileName: 'ok.txt', contentBase64: b64('хорошо') },
        { fileName: 'virus.exe', contentBase64: b64('MZ...') },
      ],
    });
    expect(exe.status).toBe(400);
    expect(exe.body.detail).toMatch(/не принимаются/);
    const renamed = await parent.post<{ detail: string }>(`/api/v1/conversations/${directConversationId}/messages`, { body: 'PDF', attachments: [{ fileName: 'doc.pdf', contentBase64: b64('not a pdf') }] });
    expect(renamed.status).toBe(400);
    expect(renamed.body.detail).toMatch(/не похоже на \.pdf/);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });
});

describe('a class letter after a pupil leaves the class', () => {
  it('the parent of a pupil who has left reads no more of the class\'s letters', async () => {
    const sent = await classTeacher.post<ConversationView>(`/api/v1/classes/${f.classId}/conversations`, { subject: 'Экскурсия', body: 'В пятницу едем в музей.' });
    const id = sent.body.conversation.id;
    expect((await parent2.get(`/api/v1/conversations/${id}`)).status).toBe(200);
    // The pupil leaves the class today: the enrolment ends (to_date is the first day away).
    await f.t.server.db('class_enrolments').where({ student_id: family2.studentId, class_id: f.classId }).whereNull('to_date').update({ to_date: today() });
    expect((await parent2.get(`/api/v1/conversations/${id}`)).status).toBe(404);
    expect((await parent.get(`/api/v1/conversations/${id}`)).status).toBe(200);
  });
});
