// Consistent copies of the live database (issue 6, item 7). A copy is written under a temporary name with
// SQLite's online backup API (the school keeps working), checked with integrity_check, flushed to the disk,
// hashed and only then renamed to its final name and recorded in `backups`: a copy that is recorded is complete.
//
// Rotation: only daily copies are rotated, keeping the newest `keepDaily` files (the rest are deleted and their
// rows get `removed_at`; the rows stay as a record). Manual and before-restore copies are never deleted
// automatically: the administrator made them on purpose, and a before-restore copy is the way back from a
// restore. They are few; the administrator removes old ones from the folder by hand.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../audit/audit-service';
import { databasePath, type Db } from '../db/connection';
import { backupDatabaseOnline } from '../db/online-backup';
import {
  insertBackup,
  keptBackupsOfKind,
  listBackupRows,
  markBackupRemoved,
  type BackupKind,
  type BackupRow,
} from '../db/repositories/backup-repo';
import { backupFolderOf, backupPolicy } from './backup-policy';
import { asFault, backupFault, diskProblem } from './fs-problems';

export interface MakeBackupOptions {
  dataDir: string;
  kind: BackupKind;
  /** Who asked (manual and before-restore copies); null for the schedule. */
  userId?: number | null;
  nativeBinding?: string;
  now: Date;
}

export interface BackupInfo {
  id: number;
  kind: BackupKind;
  createdAt: string;
  fileName: string;
  filePath: string;
  sizeBytes: number;
  sha256: string;
  createdByName: string | null;
  removedAt: string | null;
  /** The file is still where the row says (a drive may be unplugged, a file deleted by hand). */
  isPresent: boolean;
}

/** Names of the files this program writes; rotation deletes nothing else. */
const BACKUP_FILE = /^journal-\d{8}-\d{6}(-\d+)?-(daily|manual|before-restore)\.sqlite3$/;

/** 'YYYYMMDD-HHMMSS' in the server PC's local time: what the administrator sees in the folder. */
export function fileStamp(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Flushes a file's data to the disk (a power cut after the rename must not leave a torn copy). */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries (the rename itself); not supported on Windows, where it is skipped. */
export function fsyncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open or flush a directory; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

// One copy at a time per data folder: a manual copy pressed during the nightly one waits instead of doubling
// the disk load, and stop() of the schedule can wait for the copy that is running.
const queues = new Map<string, Promise<unknown>>();
function serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

function freeName(folder: string, stamp: string, kind: BackupKind): string {
  for (let n = 1; ; n += 1) {
    const name = `journal-${stamp}${n === 1 ? '' : `-${n}`}-${kind}.sqlite3`;
    if (!fs.existsSync(path.join(folder, name)) && !fs.existsSync(path.join(folder, `.${name}.part`))) return name;
  }
}

/** Makes one copy, records it (and audits it when a person asked for it); daily copies are then rotated. */
export function makeBackup(db: Db, options: MakeBackupOptions): Promise<BackupInfo> {
  return serialised(path.resolve(options.dataDir), async () => {
    const policy = await backupPolicy(db);
    const folder = backupFolderOf(policy, options.dataDir);
    if (policy.folder === null) {
      try {
        fs.mkdirSync(folder, { recursive: true });
      } catch (error) {
        throw asFault(error, `Папку для резервных копий ${folder} не удалось создать`);
      }
    } else if (!fs.existsSync(folder)) {
      // Never create a configured folder here: on an unplugged drive that would fill the system disk's mount point.
      throw backupFault(`Папка для резервных копий ${folder} недоступна (диск отключён или папка удалена). Подключите диск или выберите другую папку в настройках копий.`);
    }
    const name = freeName(folder, fileStamp(options.now), options.kind);
    const finalPath = path.join(folder, name);
    const temporary = path.join(folder, `.${name}.part`);
    let sha256: string;
    let size: number;
    try {
      await backupDatabaseOnline({ source: databasePath(options.dataDir), destination: temporary, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
      fsyncFile(temporary);
      sha256 = await sha256OfFile(temporary);
      size = fs.statSync(temporary).size;
      fs.renameSync(temporary, finalPath);
      fsyncFolder(folder);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      fs.rmSync(`${temporary}-journal`, { force: true });
      fs.rmSync(finalPath, { force: true });
      throw asFault(error, `Резервная копия не создана в папке ${folder}`);
    }
    const createdAt = options.now.toISOString();
    let id: number;
    try {
      id = await db.transaction(async (trx) => {
        const backupId = await insertBackup(trx, {
          kind: options.kind,
          created_at: createdAt,
          file_path: finalPath,
          size_bytes: size,
          sha256,
          created_by_user_id: options.userId ?? null,
        });
        if (options.kind !== 'daily') {
          await recordAudit(trx, {
            actorUserId: options.userId ?? null,
            action: 'backup.create',
            entity: 'backup',
            entityId: backupId,
            newValue: { kind: options.kind, file: finalPath, sizeBytes: size, sha256 },
          });
        }
        return backupId;
      });
    } catch (error) {
      // A file without its row is never shown as a copy; remove it rather than leave an unknown file.
      fs.rmSync(finalPath, { force: true });
      throw error;
    }
    if (options.kind === 'daily') await rotateDailyBackups(db, policy.keepDaily, options.now);
    return (await listBackups(db)).find((b) => b.id === id)!;
  });
}

/** Waits until the copies started so far in this data folder have finished. */
export async function backupsSettled(dataDir: string): Promise<void> {
  await (queues.get(path.resolve(dataDir)) ?? Promise.resolve());
}

export interface RotationResult {
  removed: number;
  /** Files that could not be deleted (kept as they were; tried again after the next daily copy). */
  problems: string[];
}

/** Deletes daily copies beyond the newest `keep` and records `removed_at` on their rows. */
export async function rotateDailyBackups(db: Db, keep: number, now: Date): Promise<RotationResult> {
  const kept = await keptBackupsOfKind(db, 'daily');
  const result: RotationResult = { removed: 0, problems: [] };
  for (const row of kept.slice(keep)) {
    // Never delete a file this program did not name (a path edited by hand in the database).
    if (BACKUP_FILE.test(path.basename(row.file_path))) {
      try {
        fs.rmSync(row.file_path, { force: true });
      } catch (error) {
        result.problems.push(`${row.file_path}: ${diskProblem(error) ?? (error as Error).message}`);
        continue;
      }
    }
    await markBackupRemoved(db, row.id, now.toISOString());
    result.removed += 1;
  }
  return result;
}

function toInfo(row: BackupRow & { creator_last_name?: string | null; creator_first_name?: string | null; creator_middle_name?: string | null }): BackupInfo {
  const name = [row.creator_last_name, row.creator_first_name, row.creator_middle_name].filter(Boolean).join(' ');
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at,
    fileName: path.basename(row.file_path),
    filePath: row.file_path,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    createdByName: name === '' ? null : name,
    removedAt: row.removed_at,
    isPresent: row.removed_at === null && fs.existsSync(row.file_path),
  };
}

export async function listBackups(db: Db): Promise<BackupInfo[]> {
  return (await listBackupRows(db)).map(toInfo);
}
