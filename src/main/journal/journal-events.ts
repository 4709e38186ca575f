// Live updates of journal pages (issue 4, item 8): after a change commits, the route publishes an event for
// its page, and every open event stream of that page (another teacher, the deputy's window) receives it and
// reloads the page. Events carry no journal data, only "this page changed", so a stream needs no permission
// beyond reading the page, which the registry checked when it opened.

import type { JournalEvent } from '../../shared/api/journal-schemas';
import type { JournalKey } from '../db/repositories/journal-repo';

type Listener = (event: JournalEvent) => void;

export class JournalEventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly revisions = new Map<string, number>();
  /**
   * Revisions start from the clock, so that after a restart they still grow: a page loaded before the restart
   * is told of a change made after it.
   */
  private counter = Date.now();

  static keyOf(key: JournalKey): string {
    return `${key.classId}:${key.subjectId}:${key.groupKey}`;
  }

  revisionOf(key: JournalKey): number {
    return this.revisions.get(JournalEventHub.keyOf(key)) ?? 0;
  }

  publish(key: JournalKey, byUserId: number, kind: JournalEvent['kind']): number {
    const name = JournalEventHub.keyOf(key);
    this.counter += 1;
    const revision = this.counter;
    this.revisions.set(name, revision);
    const event: JournalEvent = { revision, byUserId, kind };
    for (const listener of this.listeners.get(name) ?? []) listener(event);
    return revision;
  }

  subscribe(key: JournalKey, listener: Listener): () => void {
    const name = JournalEventHub.keyOf(key);
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(name);
    };
  }

  listenerCount(key: JournalKey): number {
    return this.listeners.get(JournalEventHub.keyOf(key))?.size ?? 0;
  }
}
