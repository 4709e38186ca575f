// SQL of the daily backups (issue 6, item 7): the `backups` registry and the read-only summary of a
// restored copy that the administrator checks before switching to it.

import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../connection';

export type BackupKind = 'daily' | 'manual' | 'before-restore';

export interface BackupRow {
  id: number;
  kind: BackupKind;
  created_at: string;
  file_path: string;
  size_bytes: number;
  sha256: string;
  created_by_user_id: number | null;
  removed_at: string | null;
}

export interface BackupView extends BackupRow {
  creator_last_name: string | null;
  creator_first_name: string | null;
  creator_middle_name: string | null;
}

export async function insertBackup(trx: Db, row: Omit<BackupRow, 'id' | 'removed_at'>): Promise<number> {
  const [inserted] = (await trx('backups').insert({ ...row, removed_at: null }).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function listBackupRows(db: Db): Promise<BackupView[]> {
  return (await db('backups as b')
    .leftJoin('users as u', 'u.id', 'b.created_by_user_id')
    .orderBy([
      { column: 'b.created_at', order: 'desc' },
      { column: 'b.id', order: 'desc' },
    ])
    .select('b.*', 'u.last_name as creator_last_name', 'u.first_name as creator_first_name', 'u.middle_name as creator_middle_name')) as BackupView[];
}

export async function findBackup(db: Db, id: number): Promise<BackupRow | undefined> {
  return (await db('backups').where({ id }).first()) as BackupRow | undefined;
}

/** The newest daily backup, removed by rotation or not: it tells when the schedule last ran successfully. */
export async function lastBackupOfKind(db: Db, kind: BackupKind): Promise<BackupRow | undefined> {
  return (await db('backups').where({ kind }).orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]).first()) as BackupRow | undefined;
}

/** Backups of a kind whose files are still kept, newest first. */
export async function keptBackupsOfKind(db: Db, kind: BackupKind): Promise<BackupRow[]> {
  return (await db('backups').where({ kind }).whereNull('removed_at').orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ])) as BackupRow[];
}

export async function markBackupRemoved(db: Db, id: number, at: string): Promise<void> {
  await db('backups').where({ id }).whereNull('removed_at').update({ removed_at: at });
}

export interface RestoredSummaryRow {
  schoolName: string | null;
  academicYears: string[];
  users: number;
  students: number;
  marks: number;
  lastAuditAt: string | null;
}

async function countOf(db: Db, table: string): Promise<number> {
  const row = (await db(table).count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** What the administrator checks in a restored copy before switching to it. */
export async function restoredSummary(db: Db): Promise<RestoredSummaryRow> {
  const school = (await db('school').where({ id: 1 }).first('name')) as { name: string } | undefined;
  const years = (await db('academic_years').orderBy('start_date').select('name')) as Array<{ name: string }>;
  const lastAudit = (await db('audit_log').orderBy('id', 'desc').first('at')) as { at: string } | undefined;
  return {
    schoolName: school?.name ?? null,
    academicYears: years.map((y) => y.name),
    users: await countOf(db, 'users'),
    students: await countOf(db, 'students'),
    marks: await countOf(db, 'marks'),
    lastAuditAt: lastAudit?.at ?? null,
  };
}

/** `PRAGMA integrity_check`: 'ok' or the first problems SQLite reports. */
export async function integrityCheck(db: Db): Promise<string> {
  const rows = (await db.raw('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join('; ');
}

/** Migrations applied to a database file opened directly (before knex migrates it): 0 for a file without any. */
export function appliedMigrationsOf(raw: BetterSqlite3.Database): number {
  const row = raw.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'knex_migrations'").get() as { n: number };
  return row.n === 0 ? 0 : (raw.prepare('select count(*) as n from knex_migrations').get() as { n: number }).n;
}

export async function appliedMigrations(db: Db): Promise<number> {
  return Number(((await db('knex_migrations').count({ n: '*' }).first()) as { n: number | string }).n);
}

/** Folds the WAL back into the database file, so the file alone is the whole database (it is moved next). */
export async function checkpointIntoFile(db: Db): Promise<void> {
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
}

/** The user of a restored copy with this id and login, if it is the same person (ids of a copy are older). */
export async function sameUserIn(db: Db, id: number, login: string): Promise<boolean> {
  return Boolean(await db('users').where({ id, login }).first('id'));
}

export async function userLogin(db: Db, id: number): Promise<{ login: string; name: string } | undefined> {
  const row = (await db('users').where({ id }).first('login', 'last_name', 'first_name', 'middle_name')) as
    | { login: string; last_name: string; first_name: string; middle_name: string | null }
    | undefined;
  return row ? { login: row.login, name: [row.last_name, row.first_name, row.middle_name].filter(Boolean).join(' ') } : undefined;
}

export async function allBackupRows(db: Db): Promise<BackupRow[]> {
  return (await db('backups').orderBy('id')) as BackupRow[];
}

/**
 * Carries the registry of copies over into a restored database: copies are files on the disk, not school data,
 * so the restored database must know the copies made after it (the before-restore one above all) and which were
 * rotated away. Rows are matched by file path; new rows get new ids.
 */
export async function mergeBackupRegistry(trx: Db, liveRows: readonly BackupRow[]): Promise<number> {
  const known = new Map(((await trx('backups').select('id', 'file_path', 'removed_at')) as Array<{ id: number; file_path: string; removed_at: string | null }>).map((r) => [r.file_path, r]));
  let added = 0;
  for (const row of liveRows) {
    const mine = known.get(row.file_path);
    if (!mine) {
      await trx('backups').insert({
        kind: row.kind,
        created_at: row.created_at,
        file_path: row.file_path,
        size_bytes: row.size_bytes,
        sha256: row.sha256,
        // The person may not exist in the older copy: the copy is kept, who made it is in the replaced database.
        created_by_user_id: row.created_by_user_id !== null && (await trx('users').where({ id: row.created_by_user_id }).first('id')) ? row.created_by_user_id : null,
        removed_at: row.removed_at,
      });
      added += 1;
    } else if (mine.removed_at === null && row.removed_at !== null) {
      await trx('backups').where({ id: mine.id }).update({ removed_at: row.removed_at });
    }
  }
  return added;
}
