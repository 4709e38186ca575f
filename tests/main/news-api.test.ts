// School news and events through the API (issue 5, item 8): the leadership publishes for the school, a level or a
// class; each family sees only the news of their children's scope, everyone in scope is notified once, the text is
// returned verbatim (the UI shows it as text), and teachers, parents and pupils cannot publish.

import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_BATCH } from '../../src/main/news/news-service';
import { startJournalFixture, type JournalFixture } from './helpers/journal-fixture';
import type { Client } from './helpers/test-server';

interface NewsItem {
  id: number;
  title: string;
  body: string;
  scope: string;
  level: number | null;
  classId: number | null;
  className: string | null;
  eventDate: string | null;
  publishedByName: string;
}
interface Feed {
  notifications: Array<{ kind: string; title: string; link: string | null }>;
}

let f: JournalFixture;
let director: Client;
let teacher: Client;
/** Parent of a pupil of the fixture's class; another of a class of the same level; a third of another level. */
let parentHere: Client;
let parentSameLevel: Client;
let parentOtherLevel: Client;
let parentHereUserId: number;
let level: number;

async function parentOf(where: (q: Knex.QueryBuilder) => void): Promise<number> {
  const db = f.t.server.db;
  const q = db('guardianships as g').join('class_enrolments as e', 'e.student_id', 'g.student_id').join('classes as c', 'c.id', 'e.class_id').whereNull('e.to_date');
  where(q);
  // A parent whose children are all in the chosen class (a family with children in two classes would see both).
  const rows = (await q.select('g.guardian_user_id', 'c.id as class_id')) as Array<{ guardian_user_id: number; class_id: number }>;
  for (const row of rows) {
    const classes = (await db('guardianships as g')
      .join('class_enrolments as e', 'e.student_id', 'g.student_id')
      .where('g.guardian_user_id', row.guardian_user_id)
      .whereNull('e.to_date')
      .distinct('e.class_id')) as Array<{ class_id: number }>;
    if (classes.length === 1 && classes[0]!.class_id === row.class_id) return row.guardian_user_id;
  }
  throw new Error('no such parent in the demo school');
}

beforeAll(async () => {
  f = await startJournalFixture(600);
  const db = f.t.server.db;
  level = ((await db('classes').where({ id: f.classId }).first('level')) as { level: number }).level;
  director = await f.account('director');
  teacher = await f.signIn(f.teacherUserId);
  parentHereUserId = await parentOf((q) => void q.where('c.id', f.classId));
  parentHere = await f.signIn(parentHereUserId);
  parentSameLevel = await f.signIn(await parentOf((q) => void q.where('c.level', level).whereNot('c.id', f.classId)));
  parentOtherLevel = await f.signIn(await parentOf((q) => void q.whereNot('c.level', level)));
}, 120_000);
afterAll(async () => f.t.close());

const feedOf = async (client: Client) => (await client.get<{ news: NewsItem[] }>('/api/v1/news')).body.news;
const newsNotices = async (client: Client) => (await client.get<Feed>('/api/v1/my/notifications')).body.notifications.filter((n) => n.kind === 'news');

describe('publishing', () => {
  it('is refused to teachers, parents and pupils (403) before the body is read', async () => {
    const body = { title: 'Собрание', body: 'Текст', scope: 'school' };
    expect((await teacher.post('/api/v1/news', body)).status).toBe(403);
    expect((await parentHere.post('/api/v1/news', body)).status).toBe(403);
    expect((await (await f.account('student')).post('/api/v1/news', body)).status).toBe(403);
    expect((await teacher.post('/api/v1/news', {})).status).toBe(403);
  });

  it('validates the scope fields', async () => {
    const missingClass = await director.post<{ errors: Array<{ field: string }> }>('/api/v1/news', { title: 'А', body: 'Б', scope: 'class' });
    expect(missingClass.status).toBe(400);
    expect(missingClass.body.errors[0]!.field).toBe('classId');
    expect((await director.post('/api/v1/news', { title: 'А', body: 'Б', scope: 'level' })).status).toBe(400);
    expect((await director.post('/api/v1/news', { title: 'А', body: 'Б', scope: 'school', classId: f.classId })).status).toBe(400);
    expect((await director.post('/api/v1/news', { title: 'А', body: 'Б', scope: 'level', level: 5, classId: f.classId })).status).toBe(400);
    expect((await director.post('/api/v1/news', { title: 'А', body: 'Б', scope: 'class', classId: 999999 })).status).toBe(400);
    expect((await director.post('/api/v1/news', { title: ' ', body: 'Б', scope: 'school' })).status).toBe(400);
    expect((await director.post('/api/v1/news', { title: 'А', body: 'Б', scope: 'school', eventDate: '2026-02-30' })).status).toBe(400);
  });
});

describe('scope isolation', () => {
  it('class news reach that class\'s parents and teachers only, with one notification each', async () => {
    const published = await director.post<{ news: NewsItem; notified: number }>('/api/v1/news', {
      title: 'Родительское собрание',
      body: 'Собрание в кабинете 12.',
      scope: 'class',
      classId: f.classId,
      eventDate: '2026-12-10',
    });
    expect(published.status).toBe(200);
    expect(published.body.news).toMatchObject({ scope: 'class', classId: f.classId, eventDate: '2026-12-10', level: null });
    expect(published.body.news.className).toMatch(/^\d+[А-Я]$/);
    const id = published.body.news.id;

    expect((await feedOf(parentHere)).map((n) => n.id)).toContain(id);
    expect((await feedOf(parentSameLevel)).map((n) => n.id)).not.toContain(id);
    expect((await feedOf(parentOtherLevel)).map((n) => n.id)).not.toContain(id);
    // Staff see all news.
    expect((await feedOf(teacher)).map((n) => n.id)).toContain(id);

    const notices = await newsNotices(parentHere);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: 'Новость: Родительское собрание (10.12.2026)', link: '/news' });
    expect(await newsNotices(parentSameLevel)).toHaveLength(0);
    expect(await newsNotices(teacher)).toHaveLength(1);
    expect(await newsNotices(await f.signIn(f.classTeacherUserId))).toHaveLength(1);

    const db = f.t.server.db;
    const rows = (await db('notifications').where({ dedup_key: `news:${id}` }).select('user_id')) as Array<{ user_id: number }>;
    expect(rows.length).toBe(published.body.notified);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(rows.length);
    expect(rows.map((r) => r.user_id)).toContain(parentHereUserId);
    // The publisher is not notified of their own news.
    const directorId = ((await db('users').where({ login: f.t.demo.accounts.find((a) => a.role === 'director')!.login }).first('id')) as { id: number }).id;
    expect(rows.map((r) => r.user_id)).not.toContain(directorId);
  });

  it('level news reach every class of the level, not another level', async () => {
    const published = await director.post<{ news: NewsItem }>('/api/v1/news', { title: 'Экскурсия параллели', body: 'В музей.', scope: 'level', level });
    expect(published.status).toBe(200);
    expect((await feedOf(parentHere)).map((n) => n.id)).toContain(published.body.news.id);
    expect((await feedOf(parentSameLevel)).map((n) => n.id)).toContain(published.body.news.id);
    expect((await feedOf(parentOtherLevel)).map((n) => n.id)).not.toContain(published.body.news.id);
    expect(await newsNotices(parentOtherLevel)).toHaveLength(0);
  });

  it('school news reach everyone, notified in batches within one transaction', async () => {
    const admin = await f.account('admin');
    const published = await admin.post<{ news: NewsItem; notified: number }>('/api/v1/news', { title: 'Каникулы', body: 'С 28 декабря.', scope: 'school' });
    expect(published.status).toBe(200);
    expect(published.body.notified).toBeGreaterThan(NOTIFY_BATCH);
    for (const client of [parentHere, parentSameLevel, parentOtherLevel, teacher, director]) expect((await feedOf(client)).map((n) => n.id)).toContain(published.body.news.id);
    expect((await newsNotices(parentOtherLevel)).map((n) => n.title)).toEqual(['Новость: Каникулы']);
    const count = (await f.t.server.db('notifications').where({ dedup_key: `news:${published.body.news.id}` }).count({ n: '*' }).first()) as { n: number };
    expect(Number(count.n)).toBe(published.body.notified);
  });

  it('a pupil with an account sees the news of their class and the school\'s', async () => {
    const db = f.t.server.db;
    const pupil = (await db('students as s').join('class_enrolments as e', 'e.student_id', 's.id').where('e.class_id', f.classId).whereNull('e.to_date').first('s.id', 's.user_id')) as {
      id: number;
      user_id: number | null;
    };
    let userId = pupil.user_id;
    if (userId === null) {
      const now = new Date().toISOString();
      const [row] = (await db('users').insert({ login: `pupil-news-${pupil.id}`, last_name: 'Ученик', first_name: 'Тест', created_at: now, updated_at: now }).returning('id')) as Array<{ id: number }>;
      userId = row!.id;
      await db('user_roles').insert({ user_id: userId, role: 'student' });
      await db('students').where({ id: pupil.id }).update({ user_id: userId });
    }
    const client = await f.signIn(userId);
    const feed = await feedOf(client);
    expect(feed.some((n) => n.scope === 'class' && n.classId === f.classId)).toBe(true);
    expect(feed.some((n) => n.scope === 'school')).toBe(true);
    expect(feed.every((n) => n.scope !== 'class' || n.classId === f.classId)).toBe(true);
  });
});

describe('text and removal', () => {
  it('returns HTML and scripts verbatim, as text', async () => {
    const title = '<b>Важно</b> & «срочно»';
    const body = '<script>alert("x")</script><img src=x onerror=alert(1)>\nВторая строка';
    const published = await director.post<{ news: NewsItem }>('/api/v1/news', { title, body, scope: 'class', classId: f.classId });
    expect(published.status).toBe(200);
    const item = (await feedOf(parentHere)).find((n) => n.id === published.body.news.id)!;
    expect(item.title).toBe(title);
    expect(item.body).toBe(body);
  });

  it('removes news from every feed; audited; teachers cannot remove', async () => {
    const published = await director.post<{ news: NewsItem }>('/api/v1/news', { title: 'Ошибочная новость', body: 'Удалить', scope: 'school' });
    const id = published.body.news.id;
    expect((await teacher.request('DELETE', `/api/v1/news/${id}`, {})).status).toBe(403);
    expect((await director.request('DELETE', `/api/v1/news/${id}`, {})).status).toBe(200);
    expect((await feedOf(parentHere)).map((n) => n.id)).not.toContain(id);
    expect((await feedOf(director)).map((n) => n.id)).not.toContain(id);
    expect((await director.request('DELETE', `/api/v1/news/${id}`, {})).status).toBe(404);
    const audit = (await f.t.server.db('audit_log').where({ entity: 'news', entity_id: String(id) }).orderBy('id').select('action')) as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toEqual(['news.publish', 'news.remove']);
  });
});
