// The user's notification feed: the newest first, with the number unread.

import type { z } from 'zod';
import type { notificationsSchema } from '../../shared/api/diary-schemas';
import type { Db } from '../db/connection';
import { countUnread, markNotificationsRead, notificationsOf } from '../db/repositories/notice-repo';

const FEED_LENGTH = 100;

export async function feedOf(db: Db, userId: number): Promise<z.infer<typeof notificationsSchema>> {
  const [rows, unread] = await Promise.all([notificationsOf(db, userId, FEED_LENGTH), countUnread(db, userId)]);
  return {
    unread,
    notifications: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at })),
  };
}

export async function readFeed(db: Db, userId: number, ids: readonly number[] | 'all', now: Date): Promise<z.infer<typeof notificationsSchema>> {
  await markNotificationsRead(db, userId, ids, now.toISOString());
  return feedOf(db, userId);
}
