// Request and response shapes of school news and events (issue 5, item 8): an announcement for the whole school,
// one level (all 5th classes) or one class, optionally with the date of the event (собрание, концерт).

import { z } from 'zod';
import { id, isoDate, labelled, text } from './fields';

export const NEWS_SCOPES = ['school', 'level', 'class'] as const;
export const NEWS_SCOPE_LABELS: Record<(typeof NEWS_SCOPES)[number], string> = {
  school: 'Вся школа',
  level: 'Параллель',
  class: 'Класс',
};

export const publishNewsBodySchema = z.strictObject({
  title: text('Заголовок', 200),
  body: text('Текст', 5000),
  scope: labelled(z.enum(NEWS_SCOPES), 'Кому'),
  level: labelled(z.number().int().min(1).max(11).nullable(), 'Параллель').optional(),
  classId: labelled(z.number().int().positive().nullable(), 'Класс').optional(),
  eventDate: labelled(isoDate('Дата события').nullable(), 'Дата события').optional(),
});

export const newsIdParamsSchema = z.strictObject({ newsId: id('Новость') });

export const newsItemSchema = z.object({
  id: z.number(),
  title: z.string(),
  /** Plain text: shown as text, never as HTML. */
  body: z.string(),
  scope: z.enum(NEWS_SCOPES),
  level: z.number().nullable(),
  classId: z.number().nullable(),
  className: z.string().nullable(),
  eventDate: z.string().nullable(),
  publishedAt: z.string(),
  publishedByName: z.string(),
});

export const newsFeedSchema = z.object({ news: z.array(newsItemSchema) });
export const publishNewsResultSchema = z.object({ news: newsItemSchema, notified: z.number() });
