// SQL for the append-only, hash-chained audit log.

import type { Db } from '../connection';

export interface AuditRow {
  id: number;
  at: string;
  actor_user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export async function lastAuditRow(db: Db): Promise<Pick<AuditRow, 'id' | 'hash'> | undefined> {
  return (await db('audit_log').orderBy('id', 'desc').first('id', 'hash')) as Pick<AuditRow, 'id' | 'hash'> | undefined;
}

export async function insertAuditRow(db: Db, row: AuditRow): Promise<void> {
  await db('audit_log').insert(row);
}

/** Reads the log in id order, a page at a time, so verification runs in bounded memory. */
export async function* auditRowsInOrder(db: Db, pageSize = 2000): AsyncGenerator<AuditRow> {
  let afterId = 0;
  for (;;) {
    const page = (await db('audit_log').where('id', '>', afterId).orderBy('id').limit(pageSize)) as AuditRow[];
    if (page.length === 0) return;
    yield* page;
    afterId = page[page.length - 1]!.id;
  }
}

export interface AuditListRow extends AuditRow {
  actor_name: string | null;
}

export async function listAuditRows(db: Db, beforeId: number | undefined, limit: number): Promise<AuditListRow[]> {
  const q = db('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select('audit_log.*', db.raw("users.last_name || ' ' || users.first_name as actor_name"))
    .orderBy('audit_log.id', 'desc')
    .limit(limit);
  if (beforeId) q.where('audit_log.id', '<', beforeId);
  return (await q) as AuditListRow[];
}
