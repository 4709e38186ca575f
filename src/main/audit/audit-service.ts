// The audit log: every change of journal and account data is recorded here, in the same
// transaction as the change, and chained by SHA-256 so that editing history is detectable.

import { createHash } from 'node:crypto';
import type { AuditVerification } from '../../shared/api/schemas';
import { nowIso, type Db } from '../db/connection';
import {
  auditRowsInOrder,
  insertAuditRow,
  lastAuditRow,
  listAuditRows,
  type AuditRow,
} from '../db/repositories/audit-repo';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actorUserId: number | null;
  /** Verb in kebab-case: 'user.create', 'user.reset-password', 'mark.update', ... */
  action: string;
  entity: string;
  entityId: string | number | null;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
}

function serialise(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** The hash covers every column but the hash itself, and the previous row's hash. */
export function hashAuditRow(row: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.actor_user_id,
    row.action,
    row.entity,
    row.entity_id,
    row.old_value,
    row.new_value,
    row.reason,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one entry. Must be called with the transaction that makes the change, so the
 * change and its record commit (or roll back) together.
 */
export async function recordAudit(trx: Db, entry: AuditEntry): Promise<void> {
  const last = await lastAuditRow(trx);
  const row: Omit<AuditRow, 'hash'> = {
    id: (last?.id ?? 0) + 1,
    at: nowIso(),
    actor_user_id: entry.actorUserId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    old_value: serialise(entry.oldValue),
    new_value: serialise(entry.newValue),
    reason: entry.reason ?? null,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await insertAuditRow(trx, { ...row, hash: hashAuditRow(row) });
}

/** Walks the whole chain and reports the first row whose hash or link does not match. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let expectedPrev = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  for await (const row of auditRowsInOrder(db)) {
    const broken = (problem: string): AuditVerification => ({
      isIntact: false,
      checkedRows: checked,
      firstBrokenRowId: row.id,
      problem,
    });
    if (row.id !== expectedId) return broken(`Пропущены записи: ожидалась запись №${expectedId}, найдена №${row.id}`);
    if (row.prev_hash !== expectedPrev) return broken(`Запись №${row.id} не ссылается на предыдущую запись`);
    if (hashAuditRow(row) !== row.hash) return broken(`Содержимое записи №${row.id} изменено после записи`);
    expectedPrev = row.hash;
    expectedId += 1;
    checked += 1;
  }
  return { isIntact: true, checkedRows: checked, firstBrokenRowId: null, problem: null };
}

export async function listAudit(db: Db, beforeId: number | undefined, limit: number) {
  const rows = await listAuditRows(db, beforeId, limit);
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    oldValue: row.old_value === null ? null : (JSON.parse(row.old_value) as unknown),
    newValue: row.new_value === null ? null : (JSON.parse(row.new_value) as unknown),
    reason: row.reason,
  }));
}
