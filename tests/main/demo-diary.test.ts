// The demo school's diary: acknowledgements, absence notices, conversations, news and notifications written by the
// school's own people (guardians of pupils in classes, teachers of those classes, class teachers), consistent with
// the demo journal, with links that lead somewhere, a valid audit chain, and pages that open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, schoolDaysOf } from '../../src/shared/domain/calendar';
import type { SchoolYearCalendar } from '../../src/shared/domain/school-year-types';
import { verifyAuditChain } from '../../src/main/audit/audit-service';
import { openDatabase } from '../../src/main/db/connection';
import { loadCalendar, type AcademicYearRow } from '../../src/main/db/repositories/calendar-repo';
import { unreadCounts, visibleMessages } from '../../src/main/db/repositories/messages-repo';
import { createDemoSchool, type DemoResult } from '../../src/main/demo/demo-school';
import { logIn, startTestServer, tempDir, type TestServer } from './helpers/test-server';

let t: TestServer & { demo: DemoResult };
let calendar: SchoolYearCalendar;
const db = () => t.server.db;
const today = () => t.demo.journal!.until;

beforeAll(async () => {
  const dataDir = tempDir('diary-demo-');
  const database = await openDatabase({ dataDir });
  const demo = await createDemoSchool(database, { students: 120, journal: true });
  await database.destroy();
  t = { ...(await startTestServer(dataDir)), demo };
  calendar = await loadCalendar(db(), (await db()('academic_years').orderBy('id').first()) as AcademicYearRow);
}, 120_000);
afterAll(async () => t.close());

interface Facts {
  classOf: Map<number, number>;
  guardiansOf: Map<number, Set<number>>;
  classTeacherOf: Map<number, number | null>;
  teachersOf: Map<number, Set<number>>;
}

async function facts(): Promise<Facts> {
  const enrolments = (await db()('class_enrolments').whereNull('to_date').select('student_id', 'class_id')) as Array<{ student_id: number; class_id: number }>;
  const guardianships = (await db()('guardianships').select('guardian_user_id', 'student_id')) as Array<{ guardian_user_id: number; student_id: number }>;
  const classes = (await db()('classes').select('id', 'class_teacher_user_id')) as Array<{ id: number; class_teacher_user_id: number | null }>;
  const teaching = (await db()('teaching_assignments').select('teacher_user_id', 'class_id')) as Array<{ teacher_user_id: number; class_id: number }>;
  const guardiansOf = new Map<number, Set<number>>();
  for (const g of guardianships) guardiansOf.set(g.student_id, (guardiansOf.get(g.student_id) ?? new Set()).add(g.guardian_user_id));
  const teachersOf = new Map<number, Set<number>>();
  for (const a of teaching) teachersOf.set(a.class_id, (teachersOf.get(a.class_id) ?? new Set()).add(a.teacher_user_id));
  return {
    classOf: new Map(enrolments.map((e) => [e.student_id, e.class_id])),
    guardiansOf,
    classTeacherOf: new Map(classes.map((c) => [c.id, c.class_teacher_user_id])),
    teachersOf,
  };
}

const count = async (table: string) => Number(((await db()(table).count({ n: '*' }).first()) as { n: number }).n);

describe('demo diary', () => {
  it('reports what it wrote', async () => {
    const d = t.demo.diary!;
    expect(d).not.toBeNull();
    expect(await count('diary_acknowledgements')).toBe(d.acknowledgements);
    expect(await count('absence_notices')).toBe(d.notices);
    expect(await count('conversations')).toBe(d.conversations);
    expect(await count('messages')).toBe(d.messages);
    expect(await count('news')).toBe(d.news);
    expect(await count('notifications')).toBe(d.notifications);
    expect(d.confirmedNotices + d.pendingNotices).toBe(d.notices);
  });

  it('has most parents acknowledged within two weeks and about a fifth overdue', async () => {
    const f = await facts();
    const acks = (await db()('diary_acknowledgements').select('guardian_user_id', 'student_id', 'acknowledged_at')) as Array<{ guardian_user_id: number; student_id: number; acknowledged_at: string }>;
    const last = new Map<string, string>();
    for (const a of acks) {
      expect(f.classOf.has(a.student_id)).toBe(true);
      expect(f.guardiansOf.get(a.student_id)?.has(a.guardian_user_id), `ack of ${a.guardian_user_id} for ${a.student_id}`).toBe(true);
      expect(a.acknowledged_at <= new Date().toISOString()).toBe(true);
      const key = `${a.guardian_user_id}:${a.student_id}`;
      if ((last.get(key) ?? '') < a.acknowledged_at) last.set(key, a.acknowledged_at);
    }
    const pairs = [...f.guardiansOf].filter(([s]) => f.classOf.has(s)).reduce((n, [, g]) => n + g.size, 0);
    expect(pairs).toBe(t.demo.diary!.guardianPairs);
    const fresh = [...last.values()].filter((at) => at.slice(0, 10) >= addDays(today(), -14)).length;
    // Pairs counted fresh by the generator (acknowledged 1-13 days ago) are fresh by the date as well.
    expect(fresh).toBeGreaterThanOrEqual(pairs - t.demo.diary!.overdueAcknowledgements);
    // In the first weeks of the year nobody can have acknowledged 15+ days ago: the shares hold from then on.
    if (today() >= addDays(calendar.startDate, 45)) {
      const overdueShare = t.demo.diary!.overdueAcknowledgements / pairs;
      expect(overdueShare).toBeGreaterThan(0.08);
      expect(overdueShare).toBeLessThan(0.4);
    }
  });

  it('writes notices by a guardian of a pupil in a class, illnesses over Б days, pending ones ahead', async () => {
    const f = await facts();
    const notices = (await db()('absence_notices').select('*')) as Array<{
      id: number;
      student_id: number;
      from_date: string;
      to_date: string;
      reason_category: string;
      created_by_user_id: number;
      created_at: string;
      status: string;
      decided_by_user_id: number | null;
      decided_at: string | null;
      version: number;
    }>;
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) {
      const classId = f.classOf.get(n.student_id);
      expect(classId, `notice ${n.id}`).toBeDefined();
      expect(f.guardiansOf.get(n.student_id)?.has(n.created_by_user_id), `notice ${n.id} creator`).toBe(true);
      expect(n.from_date <= n.to_date).toBe(true);
      if (n.status === 'confirmed') {
        expect(n.decided_by_user_id).toBe(f.classTeacherOf.get(classId!));
        expect(n.decided_at! >= n.created_at).toBe(true);
        expect(n.created_at.slice(0, 10) <= n.from_date).toBe(true);
        expect(n.version).toBe(2);
        // The journal has the reason of the category on the covered days, and never an unexcused Н.
        const codes = (await db()('attendance as a')
          .join('journal_lessons as l', 'l.id', 'a.lesson_id')
          .where('a.student_id', n.student_id)
          .whereBetween('l.date', [n.from_date, n.to_date])
          .distinct('a.code')) as Array<{ code: string }>;
        expect(codes.map((c) => c.code)).toEqual([n.reason_category === 'illness' ? 'Б' : 'УП']);
      } else {
        expect(n.status).toBe('pending');
        expect(n.from_date > today()).toBe(true);
        expect(n.decided_by_user_id).toBeNull();
      }
    }
    const pending = notices.filter((n) => n.status === 'pending').length;
    // Pending notices are for the school days of the next two weeks (none at the end of the year).
    if (schoolDaysOf(calendar, 5, addDays(today(), 1), addDays(today(), 14)).length > 0) {
      expect(pending).toBeGreaterThanOrEqual(Math.floor(0.03 * 120));
      expect(pending).toBeLessThanOrEqual(Math.ceil(0.05 * 120));
    }
    if (today() >= addDays(calendar.startDate, 30)) expect(notices.some((n) => n.reason_category === 'illness' && n.status === 'confirmed')).toBe(true);
  });

  it('has direct conversations between a parent of the child and a teacher of the class, taking turns', async () => {
    const f = await facts();
    const conversations = (await db()('conversations').where({ kind: 'direct' }).select('*')) as Array<{ id: number; class_id: number | null; student_id: number; created_by_user_id: number; last_message_at: string }>;
    const classes = await count('classes');
    expect(conversations.length).toBeGreaterThanOrEqual(classes * 2);
    let unread = 0;
    for (const c of conversations) {
      const classId = f.classOf.get(c.student_id)!;
      expect(classId).toBeDefined();
      const members = (await db()('conversation_members').where({ conversation_id: c.id }).select('user_id', 'last_read_message_id')) as Array<{ user_id: number; last_read_message_id: number }>;
      expect(members).toHaveLength(2);
      const parent = members.find((m) => f.guardiansOf.get(c.student_id)!.has(m.user_id));
      const teacher = members.find((m) => f.teachersOf.get(classId)!.has(m.user_id));
      expect(parent, `conversation ${c.id}: a parent of the child`).toBeDefined();
      expect(teacher, `conversation ${c.id}: a teacher of the class`).toBeDefined();
      expect(parent!.user_id).not.toBe(teacher!.user_id);
      const messages = (await db()('messages').where({ conversation_id: c.id }).orderBy('id').select('*')) as Array<{ id: number; author_user_id: number; private_to_user_id: number | null; created_at: string }>;
      expect(messages.length).toBeGreaterThanOrEqual(2);
      expect(messages.length).toBeLessThanOrEqual(4);
      expect(messages[0]!.author_user_id).toBe(c.created_by_user_id);
      messages.forEach((m, i) => {
        expect(m.private_to_user_id).toBeNull();
        if (i > 0) {
          expect(m.author_user_id).not.toBe(messages[i - 1]!.author_user_id);
          expect(m.created_at >= messages[i - 1]!.created_at).toBe(true);
        }
      });
      expect(c.last_message_at).toBe(messages[messages.length - 1]!.created_at);
      for (const m of members) {
        // Everyone has read at least their own messages.
        const own = messages.filter((x) => x.author_user_id === m.user_id).map((x) => x.id);
        expect(m.last_read_message_id).toBeGreaterThanOrEqual(own.length > 0 ? Math.max(...own) : 0);
        unread += (await unreadCounts(db(), m.user_id, c.id)).get(c.id) ?? 0;
      }
    }
    expect(unread).toBeGreaterThan(0);
  });

  it('has a class letter per class: members are its class teacher and its parents, who see the letter and their own reply only', async () => {
    const f = await facts();
    const conversations = (await db()('conversations').where({ kind: 'class' }).select('*')) as Array<{ id: number; class_id: number; created_by_user_id: number; student_id: number | null }>;
    expect(conversations.length).toBe(await count('classes'));
    for (const c of conversations) {
      expect(c.student_id).toBeNull();
      const classTeacher = f.classTeacherOf.get(c.class_id);
      expect(c.created_by_user_id).toBe(classTeacher);
      const parents = new Set([...f.classOf].filter(([, classId]) => classId === c.class_id).flatMap(([s]) => [...(f.guardiansOf.get(s) ?? [])]));
      const members = ((await db()('conversation_members').where({ conversation_id: c.id }).select('user_id')) as Array<{ user_id: number }>).map((m) => m.user_id);
      expect(new Set(members)).toEqual(new Set([classTeacher, ...parents]));
      const messages = (await db()('messages').where({ conversation_id: c.id }).orderBy('id').select('*')) as Array<{ id: number; author_user_id: number; private_to_user_id: number | null }>;
      expect(messages[0]).toMatchObject({ author_user_id: classTeacher, private_to_user_id: null });
      const replies = messages.slice(1);
      expect(replies.length).toBeGreaterThanOrEqual(1);
      expect(replies.length).toBeLessThanOrEqual(2);
      for (const r of replies) {
        expect(parents.has(r.author_user_id)).toBe(true);
        expect(r.private_to_user_id).toBe(classTeacher);
      }
      for (const parent of parents) {
        const seen = await visibleMessages(db(), c.id, parent);
        expect(seen.every((m) => m.private_to_user_id === null || m.author_user_id === parent || m.private_to_user_id === parent)).toBe(true);
        expect(seen.map((m) => m.id)).toEqual(messages.filter((m) => m.private_to_user_id === null || m.author_user_id === parent).map((m) => m.id));
      }
      expect((await visibleMessages(db(), c.id, classTeacher!)).length).toBe(messages.length);
    }
  });

  it('has school news and events, and news of a few levels, by the director or a deputy', async () => {
    const news = (await db()('news').select('*')) as Array<{ scope: string; level: number | null; event_date: string | null; published_by_user_id: number; published_at: string }>;
    const school = news.filter((n) => n.scope === 'school');
    expect(school.length).toBeGreaterThanOrEqual(4);
    expect(school.length).toBeLessThanOrEqual(6);
    expect(news.filter((n) => n.scope === 'level').length).toBeGreaterThanOrEqual(1);
    expect(news.some((n) => n.event_date !== null && n.event_date > today())).toBe(true);
    const leadership = new Set(((await db()('user_roles').whereIn('role', ['director', 'deputy']).select('user_id')) as Array<{ user_id: number }>).map((r) => r.user_id));
    for (const n of news) {
      expect(leadership.has(n.published_by_user_id)).toBe(true);
      expect(n.published_at <= new Date().toISOString()).toBe(true);
    }
  });

  it('gives parents notifications whose links point to what exists and concerns them', async () => {
    const f = await facts();
    const notifications = (await db()('notifications').select('*')) as Array<{ user_id: number; kind: string; link: string; student_id: number | null; dedup_key: string; read_at: string | null }>;
    const news = new Set(((await db()('news').select('id')) as Array<{ id: number }>).map((n) => n.id));
    const members = new Set(((await db()('conversation_members').select('conversation_id', 'user_id')) as Array<{ conversation_id: number; user_id: number }>).map((m) => `${m.conversation_id}:${m.user_id}`));
    const parents = new Set([...f.guardiansOf.values()].flatMap((g) => [...g]));
    const withNotifications = new Set<number>();
    for (const n of notifications) {
      let match: RegExpMatchArray | null;
      if ((match = /^\/diary\/(\d+)$/.exec(n.link))) {
        expect(f.guardiansOf.get(Number(match[1]))?.has(n.user_id), n.link).toBe(true);
        expect(n.student_id).toBe(Number(match[1]));
      } else if (n.link === '/news') {
        expect(news.has(Number(/^news:(\d+)$/.exec(n.dedup_key)?.[1]))).toBe(true);
      } else if ((match = /^\/messages\/(\d+)$/.exec(n.link))) {
        expect(members.has(`${match[1]}:${n.user_id}`), n.link).toBe(true);
        const id = Number(/^message:(\d+)$/.exec(n.dedup_key)?.[1]);
        const message = (await db()('messages').where({ id }).first('conversation_id')) as { conversation_id: number } | undefined;
        expect(message?.conversation_id).toBe(Number(match[1]));
      } else if ((match = /^\/classes\/(\d+)\/absences$/.exec(n.link))) {
        expect(f.classTeacherOf.get(Number(match[1]))).toBe(n.user_id);
      } else {
        throw new Error(`unexpected link ${n.link}`);
      }
      if (n.kind === 'absence') {
        // An alert of a recent Н that no notice covers.
        const [, lessonId, studentId] = n.dedup_key.split(':').map(Number) as [number, number, number];
        const row = (await db()('attendance as a').join('journal_lessons as l', 'l.id', 'a.lesson_id').where({ 'a.lesson_id': lessonId, 'a.student_id': studentId }).first('a.code', 'l.date')) as
          | { code: string; date: string }
          | undefined;
        expect(row?.code).toBe('Н');
        expect(row!.date >= addDays(today(), -7)).toBe(true);
        const notices = (await db()('absence_notices').where({ student_id: studentId }).where('from_date', '<=', row!.date).where('to_date', '>=', row!.date).count({ n: '*' }).first()) as { n: number };
        expect(notices.n).toBe(0);
      }
      if (parents.has(n.user_id)) withNotifications.add(n.user_id);
    }
    expect(withNotifications.size).toBe(parents.size);
    expect(notifications.some((n) => n.read_at === null)).toBe(true);
    expect(notifications.some((n) => n.read_at !== null)).toBe(true);
    // Alerts of absences only when the last days had lessons with an unexcused Н (not in the holidays).
    const kinds = new Set(notifications.map((n) => n.kind));
    expect([...kinds].every((k) => ['absence', 'news', 'message', 'notice'].includes(k))).toBe(true);
    expect(kinds.has('news') && kinds.has('message')).toBe(true);
  });

  it('opens a parent’s conversations, notifications and news, and the class teacher’s acknowledgements', async () => {
    const parentAccount = t.demo.accounts.find((a) => a.role === 'parent')!;
    const parent = await logIn(t.server.url, parentAccount.login, parentAccount.password);
    const list = await parent.get<{ conversations: Array<{ id: number }>; unreadTotal: number }>('/api/v1/conversations');
    expect(list.status).toBe(200);
    for (const c of list.body.conversations) expect((await parent.get(`/api/v1/conversations/${c.id}`)).status).toBe(200);
    const feed = await parent.get<{ notifications: unknown[] }>('/api/v1/my/notifications');
    expect(feed.status).toBe(200);
    expect(feed.body.notifications.length).toBeGreaterThan(0);
    const newsFeed = await parent.get<{ news: unknown[] }>('/api/v1/news');
    expect(newsFeed.status).toBe(200);
    expect(newsFeed.body.news.length).toBeGreaterThanOrEqual(4);

    const leadAccount = t.demo.accounts.find((a) => a.role === 'class_teacher')!;
    const lead = await logIn(t.server.url, leadAccount.login, leadAccount.password);
    const cls = (await db()('classes as c').join('users as u', 'u.id', 'c.class_teacher_user_id').where('u.login', leadAccount.login).first('c.id')) as { id: number };
    const acks = await lead.get<{ rows: Array<{ isOverdue: boolean }> }>(`/api/v1/classes/${cls.id}/acknowledgements`);
    expect(acks.status).toBe(200);
    expect(acks.body.rows.some((r) => !r.isOverdue)).toBe(true);
    const letters = await lead.get<{ conversations: Array<{ kind: string }> }>('/api/v1/conversations');
    expect(letters.body.conversations.some((c) => c.kind === 'class')).toBe(true);
  });

  it('keeps the audit chain valid with one summary entry', async () => {
    expect((await verifyAuditChain(db())).isIntact).toBe(true);
    const entries = (await db()('audit_log').where({ action: 'school.demo-diary' }).select('new_value')) as Array<{ new_value: string }>;
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.new_value)).toEqual(t.demo.diary);
  });

  it('is the same every time for the same seed and day, and left out without the journal', async () => {
    const dump = async (journal: boolean) => {
      const database = await openDatabase({ dataDir: tempDir() });
      try {
        const result = await createDemoSchool(database, { students: 40, today: '2026-10-16', journal });
        const tables = ['diary_acknowledgements', 'absence_notices', 'conversations', 'conversation_members', 'messages', 'news', 'notifications'];
        const rows = await Promise.all(tables.map(async (table) => (await database(table).select('*')) as unknown[]));
        return { counts: result.diary, rows };
      } finally {
        await database.destroy();
      }
    };
    const a = await dump(true);
    expect(a.counts!.messages).toBeGreaterThan(0);
    expect(await dump(true)).toEqual(a);
    const without = await dump(false);
    expect(without.counts).toBeNull();
    expect(without.rows.every((r) => r.length === 0)).toBe(true);
  }, 60_000);
});
