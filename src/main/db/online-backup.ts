// A consistent copy of the live database while the school keeps working: SQLite's online backup API on a
// second, read-only connection (never a file copy of a live WAL database, which can be torn). Used by the
// yearly archive and the daily backups.

import fs from 'node:fs';
import Database from 'better-sqlite3';

export interface OnlineBackupOptions {
  /** The live database file. */
  source: string;
  /** Where the copy goes; must not exist yet. */
  destination: string;
  /** better-sqlite3 addon built for another ABI (Electron). */
  nativeBinding?: string;
  /** Called after each step with the share done, 0..1. */
  onProgress?: (done: number) => void;
}

export interface OnlineBackupResult {
  pages: number;
  bytes: number;
}

/** Pages copied per step: a step holds a read lock only, writers in WAL mode are not blocked. */
const PAGES_PER_STEP = 2048;

/**
 * Copies `source` to `destination` with the online backup API, switches the copy to a single self-contained
 * file (journal_mode=DELETE, so it opens read-only from a drive without -wal/-shm files), and checks it with
 * `PRAGMA integrity_check`. A failed copy is removed, never left looking like a good one.
 */
export async function backupDatabaseOnline(options: OnlineBackupOptions): Promise<OnlineBackupResult> {
  if (fs.existsSync(options.destination)) throw new Error(`Файл копии базы данных уже существует: ${options.destination}`);
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const source = new Database(options.source, { readonly: true, fileMustExist: true, ...binding });
  try {
    const result = await source.backup(options.destination, {
      progress({ totalPages, remainingPages }) {
        options.onProgress?.(totalPages === 0 ? 1 : (totalPages - remainingPages) / totalPages);
        return PAGES_PER_STEP;
      },
    });
    const copy = new Database(options.destination, { fileMustExist: true, ...binding });
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`Копия базы данных не прошла проверку целостности: ${String(check)}`);
    } finally {
      copy.close();
    }
    return { pages: result.totalPages, bytes: fs.statSync(options.destination).size };
  } catch (error) {
    fs.rmSync(options.destination, { force: true });
    fs.rmSync(`${options.destination}-journal`, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

/** Opens a database copy for reading only (an archive on a drive, a backup being checked). */
export function openReadOnlyCopy(file: string, nativeBinding?: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
}
