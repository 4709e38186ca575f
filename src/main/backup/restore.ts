// Restore from a backup (issue 6, item 7), in two steps so that nothing is lost and the administrator sees what
// they are switching to:
//   1. prepare: the chosen copy (its SHA-256 checked against its row first) is copied into
//      `<data>/restore/<id>/journal.sqlite3`, opened there (older copies are migrated), checked with
//      integrity_check and the audit chain, and summarised. The live database is not touched.
//   2. switch: a before-restore copy of the live database is made and the marker `<data>/restore-pending.json`
//      is written. The switch itself happens when the server starts (applyPendingRestore, before the database
//      is opened): the live file set (journal.sqlite3 with its -wal/-shm) is moved as a whole into
//      `<data>/replaced/<stamp>/` and the prepared file is moved in. The server must restart for it. A switch
//      that fails half-way moves back exactly the files it moved; clean-up after a switch that succeeded only
//      warns.
// Preparing and switching are asked for at the server PC only (routes.ts); preparing is audited in the live
// database, the restore itself in the restored one.

import fs from 'node:fs';
import path from 'node:path';
import { recordAudit, verifyAuditChain } from '../audit/audit-service';
import { notFound, conflict } from '../common/app-error';
import { DATABASE_FILE_NAME, DatabaseTooNewError, databasePath, openDatabase, type Db } from '../db/connection';
import { openReadOnlyCopy } from '../db/online-backup';
import {
  allBackupRows,
  appliedMigrations,
  appliedMigrationsOf,
  checkpointIntoFile,
  findBackup,
  integrityCheck,
  mergeBackupRegistry,
  restoredSummary,
  sameUserIn,
  userLogin,
} from '../db/repositories/backup-repo';
import { fileStamp, fsyncFile, fsyncFolder, makeBackup, sha256OfFile, type BackupInfo } from './backup-service';
import { asFault, backupFault } from './fs-problems';

export const RESTORE_FOLDER = 'restore';
export const REPLACED_FOLDER = 'replaced';
export const PENDING_MARKER = 'restore-pending.json';
export const LAST_RESTORE_FILE = 'restore-last.json';
const PREPARED_FILE = 'prepared.json';
export const RESTORE_ID = /^\d{8}-\d{6}(-\d+)?$/;

export interface RestoreSummary {
  schoolName: string | null;
  academicYears: string[];
  users: number;
  students: number;
  marks: number;
  lastAuditAt: string | null;
  /** The copy came from an older version of the program and its schema was updated when it was opened. */
  isUpgraded: boolean;
  auditIntact: boolean;
  auditProblem: string | null;
}

export interface PreparedRestore {
  restoreId: string;
  backupId: number;
  backupFileName: string;
  backupCreatedAt: string;
  preparedAt: string;
  preparedByUserId: number;
  summary: RestoreSummary;
  /** SHA-256 of the prepared file after it was checked: the switch refuses a file changed since. */
  sha256: string;
  /** The switch is scheduled: it happens at the next start of the server. */
  isSwitchPending: boolean;
}

interface PendingMarker {
  restoreId: string;
  backupFileName: string;
  backupCreatedAt: string;
  sha256: string;
  requestedByUserId: number;
  requestedAt: string;
  beforeRestoreFile: string;
}

export interface RestoreOutcome {
  isApplied: boolean;
  at: string;
  message: string;
  replacedFolder: string | null;
  /** The restore that was applied: a marker left behind by a failed clean-up is recognised at the next start. */
  restoreId?: string;
  /** Clean-up that failed after the switch itself succeeded (the restore stands), for the administrator. */
  warnings?: string[];
}

const restoreRoot = (dataDir: string) => path.join(dataDir, RESTORE_FOLDER);
const preparedFolder = (dataDir: string, restoreId: string) => path.join(restoreRoot(dataDir), restoreId);
const markerPath = (dataDir: string) => path.join(dataDir, PENDING_MARKER);

/** Writes JSON under a temporary name, flushes it and renames it into place: never a half-written marker. */
function writeJsonAtomically(file: string, value: unknown): void {
  const temporary = `${file}.part`;
  fs.writeFileSync(temporary, JSON.stringify(value, null, 2));
  fsyncFile(temporary);
  fs.renameSync(temporary, file);
  fsyncFolder(path.dirname(file));
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

function readMarker(dataDir: string): PendingMarker | null {
  if (!fs.existsSync(markerPath(dataDir))) return null;
  const value = readJson(markerPath(dataDir)) as Partial<PendingMarker>;
  if (typeof value.restoreId !== 'string' || !RESTORE_ID.test(value.restoreId) || typeof value.sha256 !== 'string') {
    throw new Error(`файл ${PENDING_MARKER} повреждён`);
  }
  return value as PendingMarker;
}

function readPrepared(dataDir: string, restoreId: string): PreparedRestore | null {
  if (!RESTORE_ID.test(restoreId)) return null;
  const file = path.join(preparedFolder(dataDir, restoreId), PREPARED_FILE);
  if (!fs.existsSync(file) || !fs.existsSync(path.join(preparedFolder(dataDir, restoreId), DATABASE_FILE_NAME))) return null;
  const prepared = readJson(file) as PreparedRestore;
  let marker: PendingMarker | null = null;
  try {
    marker = readMarker(dataDir);
  } catch {
    marker = null;
  }
  return { ...prepared, isSwitchPending: marker?.restoreId === restoreId };
}

/** The prepared restore waiting for the administrator's decision (at most one), for the page. */
export function currentPreparedRestore(dataDir: string): PreparedRestore | null {
  if (!fs.existsSync(restoreRoot(dataDir))) return null;
  const ids = fs.readdirSync(restoreRoot(dataDir)).filter((name) => RESTORE_ID.test(name)).sort().reverse();
  for (const id of ids) {
    try {
      const prepared = readPrepared(dataDir, id);
      if (prepared) return prepared;
    } catch {
      // An unreadable prepared.json (a crash while preparing): not offered; the next prepare removes it.
    }
  }
  return null;
}

/** What happened at the last start that had a restore scheduled, for the page. */
export function lastRestoreOutcome(dataDir: string): RestoreOutcome | null {
  const file = path.join(dataDir, LAST_RESTORE_FILE);
  if (!fs.existsSync(file)) return null;
  try {
    return readJson(file) as RestoreOutcome;
  } catch {
    return null;
  }
}

// One restore operation at a time per data folder (two administrators pressing at once).
const busy = new Set<string>();
async function exclusively<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const key = path.resolve(dataDir);
  if (busy.has(key)) throw conflict('Другое восстановление из резервной копии уже выполняется. Дождитесь его окончания.');
  busy.add(key);
  try {
    return await work();
  } finally {
    busy.delete(key);
  }
}

function uniqueFolder(parent: string, stamp: string): string {
  for (let n = 1; ; n += 1) {
    const folder = path.join(parent, n === 1 ? stamp : `${stamp}-${n}`);
    if (!fs.existsSync(folder)) return folder;
  }
}

const formatTime = (iso: string) => new Date(iso).toLocaleString('ru-RU');

export interface RestoreOptions {
  dataDir: string;
  userId: number;
  nativeBinding?: string;
  now: Date;
}

/** Step 1: the chosen copy, checked, in a folder of its own, with the summary the administrator checks. */
export function prepareRestore(db: Db, backupId: number, options: RestoreOptions): Promise<PreparedRestore> {
  return exclusively(options.dataDir, async () => {
    if (fs.existsSync(markerPath(options.dataDir))) {
      throw conflict('Переключение на восстановленную копию уже назначено. Перезапустите сервер или отмените назначенное восстановление.');
    }
    const row = await findBackup(db, backupId);
    if (!row) throw notFound('Резервная копия');
    const fileName = path.basename(row.file_path);
    if (row.removed_at !== null) throw conflict(`Файл резервной копии ${fileName} удалён при ротации ${formatTime(row.removed_at)}; выберите другую копию.`);
    if (!fs.existsSync(row.file_path)) {
      throw conflict(`Файл резервной копии ${row.file_path} не найден: подключите диск с копиями или выберите другую копию.`);
    }
    let actual: string;
    try {
      actual = await sha256OfFile(row.file_path);
    } catch (error) {
      throw asFault(error, `Файл резервной копии ${row.file_path} не читается`);
    }
    if (actual !== row.sha256) {
      throw conflict(
        `Файл резервной копии ${fileName} изменён или повреждён после создания (контрольная сумма SHA-256 не совпадает с записанной); восстановление из него отклонено. Выберите другую копию.`,
      );
    }

    // Only one prepared restore is kept: an older one (never switched to) is just a copy and is removed.
    if (fs.existsSync(restoreRoot(options.dataDir))) {
      for (const name of fs.readdirSync(restoreRoot(options.dataDir))) fs.rmSync(path.join(restoreRoot(options.dataDir), name), { recursive: true, force: true });
    }
    let folder: string;
    try {
      fs.mkdirSync(restoreRoot(options.dataDir), { recursive: true });
      folder = uniqueFolder(restoreRoot(options.dataDir), fileStamp(options.now));
      fs.mkdirSync(folder);
    } catch (error) {
      throw asFault(error, `Не удалось создать папку для восстановления в ${restoreRoot(options.dataDir)}`);
    }
    const restoreId = path.basename(folder);
    const target = path.join(folder, DATABASE_FILE_NAME);
    const temporary = `${target}.part`;
    try {
      fs.copyFileSync(row.file_path, temporary);
      fsyncFile(temporary);
      if ((await sha256OfFile(temporary)) !== row.sha256) throw backupFault(`Копия файла ${fileName} в папке ${folder} прочитана с ошибками (контрольная сумма не совпадает)`);
      fs.renameSync(temporary, target);
    } catch (error) {
      fs.rmSync(folder, { recursive: true, force: true });
      throw asFault(error, `Резервная копия ${fileName} не развёрнута в папке ${folder}`);
    }

    try {
      const summary = await checkRestored(folder, fileName, options.nativeBinding);
      const prepared: PreparedRestore = {
        restoreId,
        backupId: row.id,
        backupFileName: fileName,
        backupCreatedAt: row.created_at,
        preparedAt: options.now.toISOString(),
        preparedByUserId: options.userId,
        summary,
        sha256: await sha256OfFile(target),
        isSwitchPending: false,
      };
      writeJsonAtomically(path.join(folder, PREPARED_FILE), prepared);
      // Who unpacked which copy, and what it held, is kept in the live journal even if the switch never follows.
      await db.transaction(async (trx) => {
        await recordAudit(trx, {
          actorUserId: options.userId,
          action: 'backup.restore-prepare',
          entity: 'backup',
          entityId: row.id,
          newValue: { restoreId, backupFile: fileName, backupCreatedAt: row.created_at, summary },
        });
      });
      return prepared;
    } catch (error) {
      fs.rmSync(folder, { recursive: true, force: true });
      throw asFault(error, `Резервная копия ${fileName} не подготовлена к восстановлению`);
    }
  });
}

/** Opens the prepared copy as a journal database (migrating an older one), checks it and summarises it. */
async function checkRestored(folder: string, fileName: string, nativeBinding: string | undefined): Promise<RestoreSummary> {
  const file = path.join(folder, DATABASE_FILE_NAME);
  let migrationsBefore: number;
  try {
    const raw = openReadOnlyCopy(file, nativeBinding);
    try {
      migrationsBefore = appliedMigrationsOf(raw);
    } finally {
      raw.close();
    }
  } catch (error) {
    throw backupFault(`Файл ${fileName} не открывается как база данных журнала: ${(error as Error).message}`);
  }
  let restored: Db;
  try {
    restored = await openDatabase({ dataDir: folder, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    if (error instanceof DatabaseTooNewError) {
      throw backupFault(`Резервная копия ${fileName} создана более новой версией программы; обновите программу, чтобы восстановить её. Текущая база данных не изменена.`);
    }
    throw asFault(error, `Резервная копия ${fileName} не открывается как база данных журнала`);
  }
  try {
    const integrity = await integrityCheck(restored);
    if (integrity !== 'ok') throw backupFault(`Резервная копия ${fileName} не прошла проверку целостности: ${integrity}`);
    const migrationsAfter = await appliedMigrations(restored);
    const audit = await verifyAuditChain(restored);
    // The prepared file alone is the database that is moved in.
    await checkpointIntoFile(restored);
    return {
      ...(await restoredSummary(restored)),
      isUpgraded: migrationsAfter > migrationsBefore && migrationsBefore > 0,
      auditIntact: audit.isIntact,
      auditProblem: audit.problem,
    };
  } finally {
    await restored.destroy();
  }
}

export interface SwitchResult {
  restartRequired: true;
  beforeRestoreBackup: BackupInfo;
  message: string;
}

/**
 * Step 2: a before-restore copy of the live database, the restore written into the prepared copy's own audit log,
 * then the marker. Nothing is switched yet: the server does it at its next start.
 */
export function scheduleRestoreSwitch(db: Db, restoreId: string, options: RestoreOptions): Promise<SwitchResult> {
  return exclusively(options.dataDir, async () => {
    const prepared = readPrepared(options.dataDir, restoreId);
    if (!prepared) throw notFound('Подготовленное восстановление');
    if (fs.existsSync(markerPath(options.dataDir))) throw conflict('Переключение на восстановленную копию уже назначено; перезапустите сервер.');
    const file = path.join(preparedFolder(options.dataDir, restoreId), DATABASE_FILE_NAME);
    if ((await sha256OfFile(file)) !== prepared.sha256) {
      throw conflict(`Подготовленная копия ${prepared.backupFileName} изменена после проверки; подготовьте восстановление заново.`);
    }
    const before = await makeBackup(db, { dataDir: options.dataDir, kind: 'before-restore', userId: options.userId, now: options.now, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    const who = await userLogin(db, options.userId);
    const record = {
      backupId: prepared.backupId,
      backupFile: prepared.backupFileName,
      backupCreatedAt: prepared.backupCreatedAt,
      beforeRestoreFile: before.filePath,
      requestedBy: who?.name ?? null,
    };
    // The restored database carries its own record of the restore (its chain continues from the copy's head).
    const restored = await openDatabase({ dataDir: preparedFolder(options.dataDir, restoreId), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    try {
      const isSamePerson = who ? await sameUserIn(restored, options.userId, who.login) : false;
      const liveBackups = await allBackupRows(db);
      await restored.transaction(async (trx) => {
        await mergeBackupRegistry(trx, liveBackups);
        await recordAudit(trx, {
          actorUserId: isSamePerson ? options.userId : null,
          action: 'backup.restore',
          entity: 'backup',
          entityId: prepared.backupId,
          newValue: record,
          reason: `База данных восстановлена из резервной копии ${prepared.backupFileName}`,
        });
      });
      await checkpointIntoFile(restored);
    } finally {
      await restored.destroy();
    }
    const sha256 = await sha256OfFile(file);
    const marker: PendingMarker = {
      restoreId,
      backupFileName: prepared.backupFileName,
      backupCreatedAt: prepared.backupCreatedAt,
      sha256,
      requestedByUserId: options.userId,
      requestedAt: options.now.toISOString(),
      beforeRestoreFile: before.filePath,
    };
    try {
      await db.transaction(async (trx) => {
        await recordAudit(trx, { actorUserId: options.userId, action: 'backup.restore-scheduled', entity: 'backup', entityId: prepared.backupId, newValue: record });
      });
      writeJsonAtomically(path.join(preparedFolder(options.dataDir, restoreId), PREPARED_FILE), { ...prepared, sha256 });
      writeJsonAtomically(markerPath(options.dataDir), marker);
    } catch (error) {
      fs.rmSync(`${markerPath(options.dataDir)}.part`, { force: true });
      throw asFault(error, 'Переключение не назначено');
    }
    return {
      restartRequired: true,
      beforeRestoreBackup: before,
      message:
        `Переключение на копию от ${formatTime(prepared.backupCreatedAt)} назначено и произойдёт при перезапуске сервера. ` +
        `Текущая база данных будет сохранена в папке ${path.join(options.dataDir, REPLACED_FOLDER)}, а её копия перед восстановлением — ${before.filePath}.`,
    };
  });
}

/** Removes a prepared restore (and the scheduled switch to it, if any). */
export function cancelRestore(db: Db, restoreId: string, options: RestoreOptions): Promise<void> {
  return exclusively(options.dataDir, async () => {
    const prepared = readPrepared(options.dataDir, restoreId);
    if (!prepared) throw notFound('Подготовленное восстановление');
    if (prepared.isSwitchPending) {
      await db.transaction(async (trx) => {
        await recordAudit(trx, { actorUserId: options.userId, action: 'backup.restore-cancel', entity: 'backup', entityId: prepared.backupId, newValue: { backupFile: prepared.backupFileName } });
      });
      fs.rmSync(markerPath(options.dataDir), { force: true });
    }
    fs.rmSync(preparedFolder(options.dataDir, restoreId), { recursive: true, force: true });
  });
}

/** Moves a file; across file systems (a data folder on a second disk) by copy, flush and delete. */
function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EXDEV') throw error;
    try {
      fs.copyFileSync(from, to);
      fsyncFile(to);
      fs.rmSync(from);
    } catch (copyError) {
      // Half a move: the source is still whole, so the copy just made goes, and the caller sees a move that did
      // not happen (a stray copy of a -wal at the live path would be read as the live database's log).
      try {
        fs.rmSync(to, { force: true });
      } catch {
        // Reported through copyError; the caller's rollback only touches files it recorded as moved.
      }
      throw copyError;
    }
  }
}

/**
 * The file operations of the switch. Replaceable in tests only: a file locked by another program (EBUSY/EPERM
 * on Windows) cannot be produced on demand on Linux, and the rollback after exactly such a failure is what has
 * to be proven.
 */
export interface RestoreFileOps {
  /** Moves one file (rename, or copy + delete across file systems). */
  move: (from: string, to: string) => void;
  /** Deletes a file, or a folder with its contents; a missing one is not an error. */
  remove: (target: string) => void;
}

const REAL_FILE_OPS: RestoreFileOps = {
  move: moveFile,
  remove: (target) => fs.rmSync(target, { recursive: true, force: true }),
};

const LIVE_SET = ['', '-wal', '-shm'];

const problemOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Called at the very start of the server, before the database is opened: performs a scheduled switch. On
 * failure the live database stays in place, the marker is set aside (restore-failed-*.json, not retried at every
 * start) and the outcome is kept in restore-last.json for the page. Throws only when the live database could not
 * be put back: then the server must not start on an empty folder.
 *
 * Every move is recorded as it succeeds, and a rollback touches only what was recorded: a live file that was
 * never moved out (a -wal locked by another program may hold committed transactions after an unclean shutdown)
 * is never deleted, and only files that came in from the prepared folder are taken out again. Once the whole
 * prepared set is in place the restore has happened: a marker or folder that cannot be cleaned up afterwards is
 * a warning in the outcome, never a reason to undo it.
 */
export async function applyPendingRestore(dataDir: string, fileOps: Partial<RestoreFileOps> = {}): Promise<RestoreOutcome | null> {
  if (!fs.existsSync(markerPath(dataDir))) return null;
  const ops: RestoreFileOps = { ...REAL_FILE_OPS, ...fileOps };
  const now = new Date();
  const stamp = fileStamp(now);
  const live = databasePath(dataDir);
  /** Live files moved aside: [live path, where it is now]. */
  const movedOut: Array<[string, string]> = [];
  /** Prepared files moved in: [where it came from, live path]. */
  const movedIn: Array<[string, string]> = [];
  let marker: PendingMarker | null = null;
  let replaced: string | null = null;
  try {
    marker = readMarker(dataDir)!;
    if (isAlreadyApplied(dataDir, marker)) {
      // The switch happened at an earlier start, which could not delete the marker: do not try it again.
      tryStep(() => ops.remove(markerPath(dataDir)));
      return null;
    }
    const prepared = path.join(preparedFolder(dataDir, marker.restoreId), DATABASE_FILE_NAME);
    if (!fs.existsSync(prepared)) throw new Error(`подготовленная копия не найдена в ${path.dirname(prepared)}`);
    if ((await sha256OfFile(prepared)) !== marker.sha256) throw new Error(`подготовленная копия в ${path.dirname(prepared)} изменена после проверки`);
    replaced = uniqueFolder(path.join(dataDir, REPLACED_FOLDER), stamp);
    fs.mkdirSync(replaced, { recursive: true });
    // The live file with its WAL and shared memory is moved as one set: together they are the database.
    for (const suffix of LIVE_SET) {
      if (!fs.existsSync(live + suffix)) continue;
      const aside = path.join(replaced, DATABASE_FILE_NAME + suffix);
      ops.move(live + suffix, aside);
      movedOut.push([live + suffix, aside]);
    }
    for (const suffix of LIVE_SET) {
      if (!fs.existsSync(prepared + suffix)) continue;
      ops.move(prepared + suffix, live + suffix);
      movedIn.push([prepared + suffix, live + suffix]);
    }
  } catch (error) {
    return failedSwitch(dataDir, error, { ops, stamp, now, movedOut, movedIn, replaced });
  }

  // The prepared set is in place: the restore has happened. What follows is tidying up.
  const applied = marker;
  const replacedFolder = replaced;
  const warnings: string[] = [];
  fsyncFolder(dataDir);
  fsyncFolder(replacedFolder);
  const markerProblem = tryStep(() => ops.remove(markerPath(dataDir)));
  if (markerProblem) {
    warnings.push(`Файл ${PENDING_MARKER} не удалён (${markerProblem}); при следующем запуске сервер удалит его сам и не будет переключать базу данных повторно.`);
  }
  const folderProblem = tryStep(() => ops.remove(preparedFolder(dataDir, applied.restoreId)));
  if (folderProblem) warnings.push(`Папка подготовленной копии ${preparedFolder(dataDir, applied.restoreId)} не удалена (${folderProblem}); её можно удалить вручную.`);
  const outcome: RestoreOutcome = {
    isApplied: true,
    at: now.toISOString(),
    message: `База данных восстановлена из резервной копии ${applied.backupFileName} от ${formatTime(applied.backupCreatedAt)}. Прежняя база данных сохранена в папке ${replacedFolder}.`,
    replacedFolder,
    restoreId: applied.restoreId,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  saveOutcome(dataDir, outcome);
  return outcome;
}

/** Runs one tidying-up step; returns its problem instead of throwing, so that the next step still runs. */
function tryStep(step: () => void): string | null {
  try {
    step();
    return null;
  } catch (error) {
    return problemOf(error);
  }
}

function saveOutcome(dataDir: string, outcome: RestoreOutcome): void {
  try {
    writeJsonAtomically(path.join(dataDir, LAST_RESTORE_FILE), outcome);
  } catch {
    // The outcome is also returned to the caller; the page only misses the note.
  }
}

/** The marker names a switch that an earlier start already made (its restore-last.json says so). */
function isAlreadyApplied(dataDir: string, marker: PendingMarker): boolean {
  const last = lastRestoreOutcome(dataDir);
  return last !== null && last.isApplied && last.restoreId === marker.restoreId;
}

interface SwitchProgress {
  ops: RestoreFileOps;
  stamp: string;
  now: Date;
  movedOut: Array<[string, string]>;
  movedIn: Array<[string, string]>;
  replaced: string | null;
}

/** The switch did not complete: exactly what was moved is moved back, the marker is set aside, the outcome kept. */
function failedSwitch(dataDir: string, error: unknown, progress: SwitchProgress): RestoreOutcome {
  const { ops, stamp, now, movedOut, movedIn, replaced } = progress;
  const warnings: string[] = [];
  // First the prepared files that came in go back to their folder (deleted only if they cannot be moved): they
  // are copies, while the live files they would shadow are the school's data.
  const inTheWay: string[] = [];
  for (const [from, livePath] of [...movedIn].reverse()) {
    if (!tryStep(() => ops.move(livePath, from))) continue;
    if (tryStep(() => ops.remove(livePath))) inTheWay.push(livePath);
  }
  // Then the live files that were moved out, and only those, go back to their places (a prepared file still in
  // the way is replaced by the move: it is only a copy).
  const notPutBack: string[] = [];
  for (const [original, aside] of [...movedOut].reverse()) {
    if (tryStep(() => ops.move(aside, original))) notPutBack.push(aside);
  }
  if (replaced !== null && notPutBack.length === 0) {
    // Only an empty folder is removed (rmdir refuses a non-empty one): nothing in it is lost.
    tryStep(() => fs.rmdirSync(replaced));
  }
  const markerProblem = tryStep(() => ops.move(markerPath(dataDir), path.join(dataDir, `restore-failed-${stamp}.json`)));
  if (markerProblem && tryStep(() => ops.remove(markerPath(dataDir)))) {
    warnings.push(`Файл ${PENDING_MARKER} не удалось убрать (${markerProblem}): удалите его вручную из папки ${dataDir}, иначе восстановление будет повторено при следующем запуске.`);
  }
  if (notPutBack.length > 0) {
    throw new Error(
      `Восстановление не выполнено, и прежнюю базу данных не удалось вернуть на место: её файлы лежат в ${path.dirname(notPutBack[0]!)}. ` +
        `Скопируйте их в ${dataDir} вручную${inTheWay.length > 0 ? `, заменив ${inTheWay.join(', ')}` : ''}.`,
    );
  }
  const outcome: RestoreOutcome = {
    isApplied: false,
    at: now.toISOString(),
    message: `Восстановление из резервной копии не выполнено, работает прежняя база данных: ${problemOf(error)}.`,
    replacedFolder: null,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  saveOutcome(dataDir, outcome);
  return outcome;
}

/** Whether the administrator has scheduled a switch that a restart would apply. */
export function isRestorePending(dataDir: string): boolean {
  return fs.existsSync(markerPath(dataDir));
}

