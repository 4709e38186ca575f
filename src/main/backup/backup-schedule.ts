// The daily backup schedule: every few minutes (and right after the server starts) it checks whether the day's
// copy is due (see isDailyBackupDue: after the configured time of day, or the server was off then) and makes
// it. The timers are unref'd, so they never keep a process alive; stop() waits for a copy that is running, so
// the database is not closed under it.

import type { Db } from '../db/connection';
import { lastBackupOfKind } from '../db/repositories/backup-repo';
import { backupPolicy, isDailyBackupDue, setBackupFailure } from './backup-policy';
import { makeBackup } from './backup-service';

export interface BackupScheduleOptions {
  dataDir: string;
  nativeBinding?: string;
  clock: () => Date;
  /** Where failures are told (the server's log); they are also kept for the page in `backup.lastFailure`. */
  log?: (message: string) => void;
}

export type ScheduleCheck = 'made' | 'not-due' | 'busy' | 'failed' | 'stopped';

export interface BackupScheduler {
  /** One check now: makes the daily copy if it is due. */
  check(): Promise<ScheduleCheck>;
  stop(): Promise<void>;
}

export const CHECK_INTERVAL_MS = 5 * 60_000;
/** After a failure (disk full, drive unplugged) the next attempt waits this long instead of every check. */
export const RETRY_AFTER_FAILURE_MS = 60 * 60_000;
/** The first check waits a little: the server answers its first requests before a copy loads the disk. */
const FIRST_CHECK_DELAY_MS = 5_000;

export function createBackupScheduler(db: Db, options: BackupScheduleOptions): BackupScheduler {
  let running: Promise<ScheduleCheck> | null = null;
  let isStopped = false;
  let failedAt: number | null = null;

  async function attempt(): Promise<ScheduleCheck> {
    const now = options.clock();
    if (failedAt !== null && now.getTime() - failedAt < RETRY_AFTER_FAILURE_MS) return 'not-due';
    const policy = await backupPolicy(db);
    const last = await lastBackupOfKind(db, 'daily');
    if (!isDailyBackupDue(last?.created_at ?? null, now, policy.timeOfDay)) return 'not-due';
    try {
      await makeBackup(db, { dataDir: options.dataDir, kind: 'daily', now, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    } catch (error) {
      failedAt = now.getTime();
      const message = error instanceof Error ? error.message : String(error);
      options.log?.(`Ежедневная резервная копия не создана: ${message}`);
      await setBackupFailure(db, { at: now.toISOString(), message }, now).catch(() => undefined);
      return 'failed';
    }
    failedAt = null;
    await setBackupFailure(db, null, now);
    return 'made';
  }

  return {
    check() {
      if (isStopped) return Promise.resolve('stopped');
      if (running) return Promise.resolve('busy');
      running = attempt().finally(() => {
        running = null;
      });
      return running;
    },
    async stop() {
      isStopped = true;
      await running?.catch(() => undefined);
    },
  };
}

/** Starts the schedule on timers; the returned function stops it and waits for a running copy. */
export function startBackupSchedule(db: Db, options: BackupScheduleOptions): () => Promise<void> {
  const scheduler = createBackupScheduler(db, options);
  const tick = () => {
    scheduler.check().catch((error: unknown) => options.log?.(`Проверка расписания резервных копий не удалась: ${String(error)}`));
  };
  const first = setTimeout(tick, FIRST_CHECK_DELAY_MS);
  const interval = setInterval(tick, CHECK_INTERVAL_MS);
  first.unref();
  interval.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(interval);
    await scheduler.stop();
  };
}
