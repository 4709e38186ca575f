// School news and events (issue 5, item 8): the leadership publishes for the whole school, a level or a class; each
// reader sees the news of their own scope (a parent: the school's and those of their children's levels and
// classes; a pupil: their class's; the staff: all of it), and everyone in scope gets one notification.
// The text is plain: it is stored and returned verbatim and the UI shows it as text, never as HTML.

import type { z } from 'zod';
import type { newsItemSchema, publishNewsBodySchema } from '../../shared/api/news-schemas';
import { formatDateRu } from '../../shared/domain/calendar';
import { STAFF_ROLES, type Role } from '../../shared/domain/roles';
import { recordAudit } from '../audit/audit-service';
import { academicYearOf, referenceDateIn } from '../common/dates';
import { invalid, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { classesOfReader, classOfYear, findNews, insertNews, levelExists, markNewsRemoved, newsFeed, newsRecipients, type NewsView } from '../db/repositories/news-repo';
import type { Notifier } from '../diary/notifications';
import { className } from '../school/school-service';

type NewsItem = z.infer<typeof newsItemSchema>;
type PublishBody = z.infer<typeof publishNewsBodySchema>;

const FEED_LENGTH = 100;
/** Notifications are written in batches (SQLite bounds the variables of one statement), all in one transaction. */
export const NOTIFY_BATCH = 500;

function toItem(row: NewsView): NewsItem {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    scope: row.scope,
    level: row.level,
    classId: row.class_id,
    className: row.class_level !== null && row.class_letter !== null ? className(row.class_level, row.class_letter) : null,
    eventDate: row.event_date,
    publishedAt: row.published_at,
    publishedByName: [row.publisher_last_name, row.publisher_first_name, row.publisher_middle_name].filter(Boolean).join(' '),
  };
}

function audience(item: NewsItem): string {
  if (item.scope === 'class') return `${item.className ?? ''} класс`;
  if (item.scope === 'level') return `${item.level ?? ''}-е классы`;
  return 'вся школа';
}

export async function publishNews(db: Db, notifier: Notifier, publisherUserId: number, body: PublishBody, today: string, now: Date): Promise<{ news: NewsItem; notified: number }> {
  const academicYear = academicYearOf(today);
  let level: number | null = null;
  let classId: number | null = null;
  if (body.scope === 'level') {
    if (body.level === undefined || body.level === null) throw invalid('level', 'Параллель', 'укажите параллель');
    if (body.classId !== undefined && body.classId !== null) throw invalid('classId', 'Класс', 'класс указывают только для новости класса');
    if (!(await levelExists(db, academicYear, body.level))) throw invalid('level', 'Параллель', `в ${academicYear} учебном году нет ${body.level}-х классов`);
    level = body.level;
  } else if (body.scope === 'class') {
    if (body.classId === undefined || body.classId === null) throw invalid('classId', 'Класс', 'укажите класс');
    if (body.level !== undefined && body.level !== null) throw invalid('level', 'Параллель', 'параллель указывают только для новости параллели');
    const cls = await classOfYear(db, body.classId);
    if (!cls || cls.academic_year !== academicYear) throw invalid('classId', 'Класс', 'нет такого класса в текущем учебном году');
    classId = cls.id;
  } else if ((body.level ?? null) !== null || (body.classId ?? null) !== null) {
    throw invalid('scope', 'Кому', 'новость для всей школы не указывает параллель или класс');
  }

  return db.transaction(async (trx) => {
    const id = await insertNews(trx, {
      title: body.title,
      body: body.body,
      scope: body.scope,
      level,
      class_id: classId,
      event_date: body.eventDate ?? null,
      published_by_user_id: publisherUserId,
      published_at: now.toISOString(),
    });
    const item = toItem((await findNews(trx, id))!);
    const recipients = (await newsRecipients(trx, { scope: body.scope, level, classId }, academicYear, referenceDateIn(academicYear, today))).filter((u) => u !== publisherUserId);
    const title = item.eventDate ? `${item.title} (${formatDateRu(item.eventDate)})` : item.title;
    for (let i = 0; i < recipients.length; i += NOTIFY_BATCH) {
      await notifier.notify(
        trx,
        recipients.slice(i, i + NOTIFY_BATCH).map((userId) => ({
          userId,
          kind: 'news',
          title: `Новость: ${title}`,
          body: item.body.slice(0, 300),
          link: '/news',
          dedupKey: `news:${id}`,
        })),
      );
    }
    await recordAudit(trx, {
      actorUserId: publisherUserId,
      action: 'news.publish',
      entity: 'news',
      entityId: id,
      newValue: { title: item.title, scope: item.scope, level, classId, eventDate: item.eventDate, audience: audience(item), notified: recipients.length },
    });
    return { news: item, notified: recipients.length };
  });
}

export async function removeNews(db: Db, userId: number, newsId: number, now: Date): Promise<{ ok: true }> {
  return db.transaction(async (trx) => {
    const row = await findNews(trx, newsId);
    if (!row || !(await markNewsRemoved(trx, newsId, now.toISOString()))) throw notFound('Новость');
    await recordAudit(trx, { actorUserId: userId, action: 'news.remove', entity: 'news', entityId: newsId, oldValue: { title: row.title, scope: row.scope, level: row.level, classId: row.class_id } });
    return { ok: true as const };
  });
}

/** The reader's feed: staff see all news; parents and pupils those of the school and of their (children's) classes. */
export async function newsOf(db: Db, userId: number, roles: readonly Role[], today: string): Promise<{ news: NewsItem[] }> {
  if (roles.some((r) => STAFF_ROLES.includes(r))) return { news: (await newsFeed(db, { all: true }, FEED_LENGTH)).map(toItem) };
  const academicYear = academicYearOf(today);
  const classes = await classesOfReader(db, userId, academicYear, referenceDateIn(academicYear, today));
  const rows = await newsFeed(
    db,
    { all: false, classIds: classes.map((c) => c.id), levels: [...new Set(classes.map((c) => c.level))], yearStart: schoolYearStartInstant(academicYear) },
    FEED_LENGTH,
  );
  return { news: rows.map(toItem) };
}

/**
 * The first moment of the school year as the UTC timestamp news are stored with: local midnight of 1 September,
 * so that news published in the small hours of that day (МСК is UTC+3) count as this year's.
 */
function schoolYearStartInstant(academicYear: string): string {
  return new Date(`${academicYear.slice(0, 4)}-09-01T00:00:00`).toISOString();
}
