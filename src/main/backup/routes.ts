// HTTP routes of the daily backups and the restore (issue 6, item 7).

import type { Db } from '../db/connection';

export interface BackupRouteOptions {
  dataDir: string;
  nativeBinding?: string;
  clock: () => Date;
}

export function backupRoutes(_db: Db, _options: BackupRouteOptions) {
  return {};
}

/** Starts the daily backup schedule; returns the function that stops it (waits for a running backup). */
export function startBackupSchedule(_db: Db, _options: BackupRouteOptions): () => Promise<void> {
  return async () => undefined;
}
