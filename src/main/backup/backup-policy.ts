// Settings of the daily backups (issue 6, item 7): where the copies go, how many daily copies are kept and at
// what time of day the daily copy is made. Stored in `settings` under one key; the folder is checked when it is
// saved (absolute, creatable, writable, not the data folder itself, its service folders or a folder of yearly
// archives) so that a mistyped path is refused at once instead of failing silently at 2 a.m.

import fs from 'node:fs';
import path from 'node:path';
import { ARCHIVES_ROOT } from '../archive/archive-layout';
import { invalid } from '../common/app-error';
import type { Db } from '../db/connection';
import { readSetting, writeSetting } from '../db/repositories/school-repo';
import { diskProblem } from './fs-problems';

export interface BackupPolicy {
  /** Absolute folder of the copies; null = `<dataDir>/backups`. */
  folder: string | null;
  /** Daily copies kept; older ones are deleted by rotation (manual and before-restore copies never are). */
  keepDaily: number;
  /** Local time of day 'HH:MM' after which the day's copy is made. */
  timeOfDay: string;
}

export const BACKUP_POLICY_KEY = 'backup.policy';
/** The last failure of the schedule, shown on the page until a daily copy succeeds again. */
export const BACKUP_FAILURE_KEY = 'backup.lastFailure';

export const DEFAULT_BACKUP_POLICY: BackupPolicy = { folder: null, keepDaily: 14, timeOfDay: '02:00' };
export const KEEP_DAILY_MIN = 1;
export const KEEP_DAILY_MAX = 365;
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Where an archive is assembled before it is written to a drive (archive/archive-writer.ts). */
const ARCHIVE_STAGING = 'archive-staging';

export function defaultBackupFolder(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

export async function backupPolicy(db: Db): Promise<BackupPolicy> {
  const stored = await readSetting(db, BACKUP_POLICY_KEY);
  if (!stored || typeof stored !== 'object') return DEFAULT_BACKUP_POLICY;
  const s = stored as Partial<BackupPolicy>;
  // A hand-edited or damaged value must not stop the backups: fall back field by field.
  return {
    folder: typeof s.folder === 'string' && path.isAbsolute(s.folder) ? s.folder : null,
    keepDaily: Number.isInteger(s.keepDaily) && s.keepDaily! >= KEEP_DAILY_MIN && s.keepDaily! <= KEEP_DAILY_MAX ? s.keepDaily! : DEFAULT_BACKUP_POLICY.keepDaily,
    timeOfDay: typeof s.timeOfDay === 'string' && TIME_OF_DAY.test(s.timeOfDay) ? s.timeOfDay : DEFAULT_BACKUP_POLICY.timeOfDay,
  };
}

export function backupFolderOf(policy: BackupPolicy, dataDir: string): string {
  return policy.folder ?? defaultBackupFolder(dataDir);
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

const FOLDER = 'Папка для резервных копий';

/**
 * Checks a folder typed by the administrator and creates it if it is missing; returns the normalised path.
 * Throws a 400 naming the problem: the folder is not changed when any check fails.
 */
export function checkBackupFolder(folder: string, dataDir: string): string {
  if (!path.isAbsolute(folder)) {
    throw invalid('folder', FOLDER, 'укажите полный путь к папке (например, D:\\Копии журнала или /media/usb/Копии журнала), а не относительный');
  }
  const resolved = path.resolve(folder);
  const data = path.resolve(dataDir);
  if (resolved === data) throw invalid('folder', FOLDER, 'не может быть папкой данных журнала: копии смешаются с рабочей базой данных');
  // Service folders of the data folder: what the program itself writes and deletes there must not mix with copies.
  for (const reserved of ['restore', 'replaced', 'attachments', ARCHIVE_STAGING]) {
    if (isInside(resolved, path.join(data, reserved))) {
      throw invalid('folder', FOLDER, `не может находиться в служебной папке «${reserved}» папки данных`);
    }
  }
  if (isInside(data, resolved)) throw invalid('folder', FOLDER, 'не может содержать папку данных журнала');
  // The yearly archives on a drive are checked file by file against their manifests and kept for years: a
  // nightly copy written among them would look like damage, and rotation would delete files next to them.
  if (resolved.split(/[\\/]+/).some((segment) => segment.toLowerCase() === ARCHIVES_ROOT.toLowerCase())) {
    throw invalid('folder', FOLDER, `не может находиться в папке годовых архивов «${ARCHIVES_ROOT}»: выберите другую папку на этом диске`);
  }
  if (resolved.length > 900) throw invalid('folder', FOLDER, 'слишком длинный путь');
  if (fs.existsSync(resolved) && !fs.statSync(resolved).isDirectory()) throw invalid('folder', FOLDER, `${resolved} — это файл, а не папка`);
  try {
    fs.mkdirSync(resolved, { recursive: true });
  } catch (error) {
    throw invalid('folder', FOLDER, `папку ${resolved} не удалось создать: ${diskProblem(error) ?? (error as Error).message}`);
  }
  // A probe file, flushed and removed: a read-only drive or a folder without rights is found now.
  const probe = path.join(resolved, `.journal-write-test-${process.pid}`);
  try {
    const fd = fs.openSync(probe, 'w');
    try {
      fs.writeSync(fd, 'проверка записи');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    throw invalid('folder', FOLDER, `в папку ${resolved} нельзя записать: ${diskProblem(error) ?? (error as Error).message}`);
  } finally {
    fs.rmSync(probe, { force: true });
  }
  return resolved;
}

/** Saves the policy in the caller's transaction (which also writes its audit row). */
export async function saveBackupPolicy(trx: Db, policy: BackupPolicy, now: Date): Promise<void> {
  await writeSetting(trx, BACKUP_POLICY_KEY, policy, now.toISOString());
}

export interface BackupFailure {
  at: string;
  message: string;
}

export async function lastBackupFailure(db: Db): Promise<BackupFailure | null> {
  const stored = await readSetting(db, BACKUP_FAILURE_KEY);
  if (!stored || typeof stored !== 'object') return null;
  const s = stored as Partial<BackupFailure>;
  return typeof s.at === 'string' && typeof s.message === 'string' ? { at: s.at, message: s.message } : null;
}

export async function setBackupFailure(db: Db, failure: BackupFailure | null, now: Date): Promise<void> {
  await writeSetting(db, BACKUP_FAILURE_KEY, failure, now.toISOString());
}

/**
 * The latest moment at or before `now` when the daily copy was due: today at `timeOfDay` (server PC's local
 * time) if that has passed, else yesterday at that time. A daily copy is due when the last one is older than
 * this slot. Slots are 24 h apart, so this also covers the catch-up rule: a last copy older than 24 h is always
 * older than the latest slot (the server was off at 02:00 — the copy is made when it starts).
 */
export function latestDailySlot(now: Date, timeOfDay: string): Date {
  const [hours, minutes] = timeOfDay.split(':').map(Number) as [number, number];
  const slot = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hours, minutes, 0, 0);
  if (slot.getTime() > now.getTime()) slot.setDate(slot.getDate() - 1);
  return slot;
}

export function isDailyBackupDue(lastDailyAt: string | null, now: Date, timeOfDay: string): boolean {
  if (lastDailyAt === null) return true;
  return new Date(lastDailyAt).getTime() < latestDailySlot(now, timeOfDay).getTime();
}
