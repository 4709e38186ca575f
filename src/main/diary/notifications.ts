// Notifications (issue 5, items 6 and 9): one feed per user, stored in the database (the in-app channel), told
// to the user's open windows after the change commits, and handed to any further channels (e-mail, messengers)
// through the NotificationChannel interface, so they can be added without touching the code that notifies.

import type { Knex } from 'knex';
import type { Db } from '../db/connection';
import { insertNotifications } from '../db/repositories/notice-repo';

export interface NewNotification {
  userId: number;
  /** 'absence', 'mark', 'homework', 'message', 'news', 'notice', 'acknowledge-reminder' */
  kind: string;
  title: string;
  body?: string | null;
  /** A path inside the app. */
  link?: string | null;
  studentId?: number | null;
  /** The same (user, key) is notified once, e.g. one alert per absence. */
  dedupKey?: string | null;
}

/** A way to reach people besides the in-app feed. Called after the change committed; failures are logged only. */
export interface NotificationChannel {
  readonly name: string;
  deliver(notifications: readonly NewNotification[]): Promise<void>;
}

type Listener = (event: { kind: string }) => void;

/** Open windows of each user (the notification feed's live part). */
export class UserEventHub {
  private readonly listeners = new Map<number, Set<Listener>>();

  subscribe(userId: number, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) {
      set = new Set();
      this.listeners.set(userId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  publish(userId: number, kind: string): void {
    for (const listener of this.listeners.get(userId) ?? []) listener({ kind });
  }
}

/** Runs `action` once the transaction `db` commits (at once outside a transaction); never after a rollback. */
export function afterCommit(db: Db, action: () => void): void {
  const pending = 'executionPromise' in db ? (db as unknown as Knex.Transaction).executionPromise : undefined;
  if (pending) pending.then(action, () => undefined);
  else action();
}

export class Notifier {
  constructor(
    private readonly events: UserEventHub = new UserEventHub(),
    private readonly channels: readonly NotificationChannel[] = [],
    private readonly onChannelError: (channel: string, error: unknown) => void = () => undefined,
  ) {}

  get userEvents(): UserEventHub {
    return this.events;
  }

  /** Writes the notifications in the caller's transaction; the live push and other channels follow the commit. */
  async notify(trx: Db, notifications: readonly NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    const now = new Date().toISOString();
    await insertNotifications(
      trx,
      notifications.map((n) => ({
        user_id: n.userId,
        kind: n.kind,
        title: n.title.slice(0, 200),
        body: n.body?.slice(0, 1000) ?? null,
        link: n.link ?? null,
        student_id: n.studentId ?? null,
        dedup_key: n.dedupKey ?? null,
        created_at: now,
      })),
    );
    afterCommit(trx, () => {
      for (const userId of new Set(notifications.map((n) => n.userId))) this.events.publish(userId, 'notification');
      for (const channel of this.channels) channel.deliver(notifications).catch((error: unknown) => this.onChannelError(channel.name, error));
    });
  }
}
