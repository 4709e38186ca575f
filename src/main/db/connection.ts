// Opens the journal database: one SQLite file owned by this process (never on a network
// share, see docs/architecture.md), WAL, foreign keys, full sync, then migrations.

import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { MIGRATIONS, StaticMigrationSource } from './migration-source';

export type Db = Knex;

interface BetterSqliteConnection {
  pragma(sql: string): unknown;
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
}

export interface OpenDatabaseOptions {
  /** Folder that holds journal.sqlite3 (created if missing). */
  dataDir: string;
  /** Path to a better-sqlite3 addon built for another ABI (Electron). */
  nativeBinding?: string;
  /** Apply only the first N migrations (migration tests). */
  migrateUpTo?: number;
}

export const DATABASE_FILE_NAME = 'journal.sqlite3';

export class DatabaseTooNewError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `База данных журнала создана более новой версией программы (неизвестные изменения схемы: ${unknownMigrations.join(', ')}). ` +
        'Обновите программу на этом компьютере; база данных не изменена.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE_NAME);
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: {
      filename: databasePath(options.dataDir),
      ...(options.nativeBinding ? { options: { nativeBinding: options.nativeBinding } } : {}),
    },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: BetterSqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        try {
          // SQLite's own lower() folds only ASCII; Russian names must compare case-insensitively too
          // (PostgreSQL's lower() already does, so queries stay portable).
          conn.function('lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          // FULL: a committed mark survives a power cut too, not only a crash of the process.
          conn.pragma('synchronous = FULL');
          conn.pragma('busy_timeout = 5000');
          done(null, conn);
        } catch (error) {
          done(error as Error, conn);
        }
      },
    },
  });
  try {
    await refuseUnknownMigrations(db);
    await db.migrate.latest({ migrationSource: new StaticMigrationSource(options.migrateUpTo) });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

async function refuseUnknownMigrations(db: Db): Promise<void> {
  if (!(await db.schema.hasTable('knex_migrations'))) return;
  const applied = (await db('knex_migrations').select('name')) as Array<{ name: string }>;
  const known = new Set(MIGRATIONS.map(([name]) => name));
  const unknown = applied.map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new DatabaseTooNewError(unknown);
}

/** Current time in UTC ISO-8601, the one timestamp format of the database. */
export function nowIso(): string {
  return new Date().toISOString();
}
