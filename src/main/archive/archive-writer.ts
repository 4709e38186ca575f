// The yearly archive (3.2, 5.1): for one school year, onto one external drive, a folder that can be read and
// checked in decades without this program. The pipeline and why it is ordered so:
//
//   1. preflight   one run per server; the year and the drive exist; the drive is writable and has room for at
//                  least the database copy (refused early, naming needed vs free space)
//   2. snapshot    a consistent copy of the live database (SQLite online backup) into a staging folder in the
//                  data folder: the school keeps working, and every later file is generated from this copy, so
//                  the CSV/PDF files say exactly what the database copy says
//   3. generate    per-class CSV and PDF, the summary statements, README.txt; then the exact size is known and
//                  checked against the drive's free space again
//   4. write       `<drive>/ejournal-archives/.partial-<name>/`: every file streamed with SHA-256 computed on the
//                  way, then manifest.json and SHA256SUMS
//   5. flush       fsync every file and every folder
//   6. verify      read every file back (bypassing the cache where possible) and compare size and hash
//   7. rename      `.partial-<name>` -> `<name>`, fsync the parent: a folder without the prefix is complete
//   8. record      drive, archive row, 'write' verification and audit in one transaction
//
// Any failure before 8 removes the partial folder (if the drive is still there) and throws an ArchiveError
// with a Russian message; nothing is recorded, earlier archives and the live database are never touched. A
// cancelled run (the server stopping) is checked between steps and right before 7 and 8; one cut off between
// them renames the folder back to `.partial-` and removes it, so no unrecorded folder looks complete.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { AppError } from '../common/app-error';
import { localDate } from '../common/dates';
import { databasePath, type Db } from '../db/connection';
import { backupDatabaseOnline, openReadOnlyCopy } from '../db/online-backup';
import { academicYearById, insertArchive, insertArchiveVerification } from '../db/repositories/archive-repo';
import { classesOfYear, openSnapshotDb, schoolNameOf } from '../db/repositories/archive-export-repo';
import { recordSeenDrive } from '../db/repositories/drives-repo';
import type { MountedDrive } from '../drives/drive-types';
import { recordAudit } from '../audit/audit-service';
import {
  ARCHIVES_ROOT,
  CHECKSUMS_FILE,
  DATABASE_COPY,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  PARTIAL_PREFIX,
  README_FILE,
  type ArchiveManifest,
  type ArchiveManifestFile,
} from './archive-layout';
import { buildClassFiles, className, type ArchiveYear, type GeneratedFile } from './class-files';
import { copyHashing, foldersOf, hashFile, mapLimit, syncDirectory, syncFile, writeNewFile, type ReadBackMode } from './archive-io';
import { archiveReadme } from './archive-readme';
import { buildStatementFiles } from './archive-statements';

/** A failure the user reads: what went wrong with the archive and what to do. */
export class ArchiveError extends AppError {
  constructor(
    status: number,
    message: string,
    readonly reason: 'busy' | 'not-found' | 'no-space' | 'read-only' | 'drive-gone' | 'verify-failed' | 'cancelled' | 'failed',
  ) {
    super(status, status === 404 ? 'not-found' : status === 409 ? 'conflict' : 'internal', message);
    this.name = 'ArchiveError';
  }
}

export type ArchivePhase = 'prepare' | 'snapshot' | 'generate' | 'write' | 'flush' | 'verify' | 'finish';

export const ARCHIVE_PHASE_LABELS: Record<ArchivePhase, string> = {
  prepare: 'Подготовка: проверка диска',
  snapshot: 'Копия базы данных',
  generate: 'Файлы классов и ведомости',
  write: 'Запись на диск',
  flush: 'Сброс на диск',
  verify: 'Проверка записанного',
  finish: 'Завершение',
};

/** Share of the whole run each phase stands for, for one progress bar. */
const PHASE_WEIGHTS: Record<ArchivePhase, [start: number, width: number]> = {
  prepare: [0, 0.02],
  snapshot: [0.02, 0.08],
  generate: [0.1, 0.35],
  write: [0.45, 0.3],
  flush: [0.75, 0.05],
  verify: [0.8, 0.18],
  finish: [0.98, 0.02],
};

export interface ArchiveProgress {
  phase: ArchivePhase;
  /** Share of this phase done, 0..1. */
  phaseDone: number;
  /** Share of the whole run done, 0..1. */
  overall: number;
  label: string;
}

/**
 * Milliseconds per phase. `writeMs + flushMs + verifyMs` is the byte-copy-and-verify part of `bytes` bytes that a
 * bench compares with `cp` + `sync` + `sha256sum` of the same files on the same disk.
 */
export interface ArchivePhaseTimings {
  prepareMs: number;
  snapshotMs: number;
  generateMs: number;
  writeMs: number;
  flushMs: number;
  verifyMs: number;
  /** `PRAGMA quick_check` of the database copy as read from the drive. */
  databaseCheckMs: number;
  renameMs: number;
  recordMs: number;
  totalMs: number;
}

export interface ArchiveResult {
  archiveId: number;
  academicYearId: number;
  yearName: string;
  driveId: number;
  driveIdentity: string;
  driveLabel: string;
  /** Relative to the drive's root. */
  folder: string;
  /** Where it is now (the drive's current mount path + folder). */
  absolutePath: string;
  /** Every file of the folder, manifest.json and SHA256SUMS included. */
  fileCount: number;
  totalBytes: number;
  manifestSha256: string;
  createdAt: string;
  retainUntil: string;
  /** How the read-back was done: 'direct' bypassed the operating system's cache. */
  readBack: ReadBackMode;
  timings: ArchivePhaseTimings;
}

export interface WriteArchiveOptions {
  db: Db;
  /** The data folder of the live database (journal.sqlite3) and of the staging folder. */
  dataDir: string;
  version: string;
  nativeBinding?: string;
  academicYearId: number;
  drive: MountedDrive;
  userId: number;
  onProgress?: (progress: ArchiveProgress) => void;
  clock?: () => Date;
  signal?: AbortSignal;
  /** 'direct' (default) reads back past the cache where the filesystem allows; 'cached' for comparisons. */
  readBack?: ReadBackMode;
}

export interface ArchiveRunInfo {
  yearName: string;
  driveLabel: string;
  startedAt: string;
}

// One run per data folder: two runs would compete for the drive's bandwidth and space, and a second archive of
// the same year a second later says nothing new. Keyed by the folder, not by the database handle: a server
// restarted in the same process (after a restore) opens a new handle on the same journal, and must still see a
// run of the old one that has not yet stopped.
const running = new Map<string, ArchiveRunInfo>();

function lockKey(dataDir: string): string {
  return path.resolve(dataDir);
}

export function currentArchiveRun(dataDir: string): ArchiveRunInfo | null {
  return running.get(lockKey(dataDir)) ?? null;
}

export interface ArchiveRun {
  /** Settles when the early checks are done (rejects with their ArchiveError). */
  preflight: Promise<void>;
  result: Promise<ArchiveResult>;
}

/**
 * Starts a run: takes the lock synchronously (a second run at once throws a 409 ArchiveError right here), then
 * works in the background. `preflight` lets an HTTP route answer early refusals directly.
 */
export function startYearArchive(options: WriteArchiveOptions): ArchiveRun {
  const key = lockKey(options.dataDir);
  const holder = running.get(key);
  if (holder) {
    throw new ArchiveError(
      409,
      `Архив уже записывается: ${holder.yearName ? `${holder.yearName} учебный год ` : ''}на диск «${holder.driveLabel}», начат ${formatClock(holder.startedAt)}. Дождитесь окончания записи.`,
      'busy',
    );
  }
  const info: ArchiveRunInfo = { yearName: '', driveLabel: options.drive.label, startedAt: (options.clock ?? (() => new Date()))().toISOString() };
  running.set(key, info);
  let preflightDone!: () => void;
  let preflightFailed!: (error: unknown) => void;
  const preflight = new Promise<void>((resolve, reject) => {
    preflightDone = resolve;
    preflightFailed = reject;
  });
  // Nobody may be listening to `preflight` (the bench awaits only the result): never an unhandled rejection.
  preflight.catch(() => undefined);
  const result = runArchive(options, info, () => preflightDone())
    .catch((error: unknown) => {
      preflightFailed(error);
      throw error;
    })
    .finally(() => {
      preflightFailed(new Error('finished'));
      if (running.get(key) === info) running.delete(key);
    });
  return { preflight, result };
}

/** Writes, verifies and records the archive of one year on one drive (the whole pipeline; see the top). */
export function writeYearArchive(options: WriteArchiveOptions): Promise<ArchiveResult> {
  return startYearArchive(options).result;
}

/** «14:05» in the server PC's local time (the people reading it sit next to it). */
function formatClock(iso: string): string {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** Files in flight per phase: enough to hide the thread pool's round trips, few enough not to thrash a USB disk. */
const WRITE_CONCURRENCY = 4;
const FLUSH_CONCURRENCY = 8;
const VERIFY_CONCURRENCY = 3;

const MIB = 1024 * 1024;
/** Slack per file (cluster rounding on FAT/exFAT up to 64 KiB) and for the folders and the filesystem. */
const PER_FILE_SLACK = 64 * 1024;
const FIXED_SLACK = 2 * MIB;

export function formatMegabytes(bytes: number): string {
  return `${(bytes / MIB).toLocaleString('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} МБ`;
}

/** The folder name of the fixed layout: `<YYYY-YYYY>_<YYYYMMDD-HHMMSS>` in the server PC's local time. */
export function archiveFolderName(yearName: string, at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${yearName.replace('/', '-')}_${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
}

/** Created date + 5 years (5.1); 29 February becomes 1 March, so the period is never shortened. */
export function retainUntilOf(createdLocalDate: string, years = 5): string {
  const [y, m, d] = createdLocalDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  return target.toISOString().slice(0, 10);
}

async function runArchive(options: WriteArchiveOptions, info: ArchiveRunInfo, preflightPassed: () => void): Promise<ArchiveResult> {
  const clock = options.clock ?? (() => new Date());
  const started = performance.now();
  const timings: ArchivePhaseTimings = { prepareMs: 0, snapshotMs: 0, generateMs: 0, writeMs: 0, flushMs: 0, verifyMs: 0, databaseCheckMs: 0, renameMs: 0, recordMs: 0, totalMs: 0 };
  let phaseStarted = started;
  const endPhase = (key: keyof ArchivePhaseTimings) => {
    const now = performance.now();
    timings[key] = Math.round(now - phaseStarted);
    phaseStarted = now;
  };
  const progress = (phase: ArchivePhase, phaseDone: number) => {
    const [start, width] = PHASE_WEIGHTS[phase];
    const done = Math.max(0, Math.min(1, phaseDone));
    options.onProgress?.({ phase, phaseDone: done, overall: start + width * done, label: ARCHIVE_PHASE_LABELS[phase] });
  };
  const drive = options.drive;
  const signal = options.signal;

  // 1. Preflight.
  signal?.throwIfAborted();
  progress('prepare', 0);
  const yearRow = await academicYearById(options.db, options.academicYearId);
  if (!yearRow) throw new ArchiveError(404, 'Учебный год не найден.', 'not-found');
  info.yearName = yearRow.name;
  const year: ArchiveYear = { id: yearRow.id, name: yearRow.name, startDate: yearRow.start_date, endDate: yearRow.end_date };
  if (drive.readOnly) throw readOnlyError(drive);
  const root = path.join(drive.mountPath, ARCHIVES_ROOT);
  const liveDb = databasePath(options.dataDir);
  const liveBytes = fileSize(liveDb) + fileSize(`${liveDb}-wal`);
  await requireRoom(drive, liveBytes + FIXED_SLACK);
  const createdAt = clock();
  let name = archiveFolderName(year.name, createdAt);
  try {
    // Not recursive: the drive's root must exist (a vanished mount point must not be recreated on the system
    // disk), and Node's recursive mkdir reports a read-only filesystem as ENOENT.
    await mkdirInside(drive.mountPath, ARCHIVES_ROOT);
    // Two archives in the same second (a repeated run) must not meet in one folder name.
    for (let bump = 1; fs.existsSync(path.join(root, name)) || fs.existsSync(path.join(root, PARTIAL_PREFIX + name)); bump++) {
      name = archiveFolderName(year.name, new Date(createdAt.getTime() + bump * 1000));
    }
    await removeStalePartials(root);
  } catch (error) {
    throw driveError(error, drive, 'prepare');
  }
  const partial = path.join(root, PARTIAL_PREFIX + name);
  const staging = path.join(options.dataDir, 'archive-staging', name);
  endPhase('prepareMs');
  preflightPassed();

  let partialCreated = false;
  /** Renamed into place but not (yet) recorded: on failure it goes back to the partial name and is removed. */
  let renamed = false;
  let recorded = false;
  try {
    // 2. Snapshot of the live database, outside the drive.
    progress('snapshot', 0);
    await fsp.rm(staging, { recursive: true, force: true });
    await fsp.mkdir(path.join(staging, 'database'), { recursive: true });
    const snapshotFile = path.join(staging, ...DATABASE_COPY.split('/'));
    await backupDatabaseOnline({
      source: liveDb,
      destination: snapshotFile,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      onProgress: (done) => progress('snapshot', done),
    });
    // The online backup itself cannot be interrupted; stop right after it.
    signal?.throwIfAborted();
    endPhase('snapshotMs');

    // 3. Human-readable files, generated from the snapshot.
    progress('generate', 0);
    // Each file goes to the staging folder as soon as it is made: a large school's PDFs need not sit in memory.
    const generated: string[] = [];
    const stage = async (files: readonly GeneratedFile[]) => {
      for (const file of files) {
        signal?.throwIfAborted();
        // Two classes whose names sanitise alike must not silently overwrite each other's files.
        if (generated.includes(file.path) || file.path === DATABASE_COPY) throw new Error(`два файла архива с одним именем: ${file.path}`);
        const target = path.join(staging, ...file.path.split('/'));
        await fsp.mkdir(path.dirname(target), { recursive: true });
        await fsp.writeFile(target, file.content);
        generated.push(file.path);
      }
    };
    let schoolName = '';
    const snapshot = openSnapshotDb(snapshotFile, options.nativeBinding);
    try {
      schoolName = await schoolNameOf(snapshot);
      const classes = await classesOfYear(snapshot, year.name);
      for (const [index, cls] of classes.entries()) {
        signal?.throwIfAborted();
        await stage(await buildClassFiles(snapshot, schoolName, year, cls));
        progress('generate', ((index + 1) / (classes.length + 1)) * 0.8);
      }
      await stage(await buildStatementFiles(snapshot, year, classes, createdAt));
      await stage([{ path: README_FILE, content: Buffer.from(archiveReadme({ schoolName, year, createdAt, programVersion: options.version, classes: classes.map(className) }), 'utf8') }]);
    } finally {
      await snapshot.destroy();
    }
    const plan = [DATABASE_COPY, ...generated].sort(compareNames);
    const sizes = new Map(plan.map((p) => [p, fs.statSync(path.join(staging, ...p.split('/'))).size]));
    const planBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
    progress('generate', 1);
    endPhase('generateMs');
    signal?.throwIfAborted();
    // The exact size is known now: refuse before writing a byte rather than fill the drive.
    await requireRoom(drive, planBytes + (plan.length + 2) * PER_FILE_SLACK + FIXED_SLACK);

    // 4. Write, hashing on the way.
    progress('write', 0);
    try {
      await fsp.mkdir(partial);
      partialCreated = true;
      let written = 0;
      // Folders first (in order), then the files a few at a time; the manifest keeps the plan's order.
      for (const dir of new Set(plan.map((relative) => path.posix.dirname(relative)))) await mkdirInside(partial, dir);
      const files: ArchiveManifestFile[] = await mapLimit(plan, WRITE_CONCURRENCY, async (relative) => {
        signal?.throwIfAborted();
        const target = path.join(partial, ...relative.split('/'));
        const copied = await copyHashing(path.join(staging, ...relative.split('/')), target, (bytes) => {
          written += bytes;
          progress('write', written / Math.max(1, planBytes));
        }, signal);
        return { path: relative, size: copied.size, sha256: copied.sha256 };
      });
      const manifest: ArchiveManifest = {
        format: MANIFEST_FORMAT,
        programVersion: options.version,
        schoolName,
        academicYear: { id: year.id, name: year.name, startDate: year.startDate, endDate: year.endDate },
        createdAt: createdAt.toISOString(),
        files,
      };
      const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
      const manifestWritten = await writeNewFile(path.join(partial, MANIFEST_FILE), manifestBytes);
      const all: ArchiveManifestFile[] = [...files, { path: MANIFEST_FILE, size: manifestWritten.size, sha256: manifestWritten.sha256 }];
      const sums = Buffer.from(all.map((f) => `${f.sha256}  ${f.path}\n`).join(''), 'utf8');
      const sumsWritten = await writeNewFile(path.join(partial, CHECKSUMS_FILE), sums);
      all.push({ path: CHECKSUMS_FILE, size: sumsWritten.size, sha256: sumsWritten.sha256 });
      endPhase('writeMs');

      // 5. Flush: data of every file, then the folders that name them, deepest first.
      progress('flush', 0);
      let flushed = 0;
      // Several fsyncs in flight let the filesystem commit them together (one journal commit for many files).
      await mapLimit(all, FLUSH_CONCURRENCY, async (file) => {
        signal?.throwIfAborted();
        await syncFile(path.join(partial, ...file.path.split('/')));
        progress('flush', (++flushed / all.length) * 0.9);
      });
      for (const dir of foldersOf(partial, all.map((f) => f.path))) await syncDirectory(dir);
      endPhase('flushMs');

      // 6. Verify by reading back.
      progress('verify', 0);
      const totalBytes = all.reduce((a, f) => a + f.size, 0);
      let readBack: ReadBackMode = options.readBack ?? 'direct';
      let verified = 0;
      await mapLimit(all, VERIFY_CONCURRENCY, async (file) => {
        signal?.throwIfAborted();
        const again = await hashFile(path.join(partial, ...file.path.split('/')), options.readBack ?? 'direct', (bytes) => {
          verified += bytes;
          progress('verify', verified / Math.max(1, totalBytes));
        }, signal);
        if (again.mode === 'cached') readBack = 'cached';
        if (again.size !== file.size || again.sha256 !== file.sha256) {
          throw new ArchiveError(
            500,
            `Проверка записанного архива не прошла: файл ${file.path} прочитан с диска не таким, каким был записан (${again.size !== file.size ? `размер ${again.size} вместо ${file.size} байт` : 'контрольная сумма не совпала'}). Диск может быть неисправен: архив не записан, попробуйте другой диск.`,
            'verify-failed',
          );
        }
      });
      endPhase('verifyMs');
      signal?.throwIfAborted();
      // The bytes on the drive are the bytes hashed; this proves those bytes are a sound database (a fault while
      // the staged copy was read would otherwise be archived faithfully). Timed apart from the byte check.
      checkDatabaseCopy(path.join(partial, ...DATABASE_COPY.split('/')), options.nativeBinding);
      endPhase('databaseCheckMs');

      // 7. Into place. A folder without the prefix is a complete, verified archive.
      progress('finish', 0);
      // Last chance to stop before the folder looks complete: a server going down must not leave a final-named
      // archive that is never recorded.
      signal?.throwIfAborted();
      const final = path.join(root, name);
      await fsp.rename(partial, final);
      renamed = true;
      await syncDirectory(root);
      await syncDirectory(drive.mountPath);
      endPhase('renameMs');
      signal?.throwIfAborted();

      // 8. Record, with its audit, in one transaction.
      const createdIso = createdAt.toISOString();
      const retainUntil = retainUntilOf(localDate(createdAt));
      const manifestSha256 = manifestWritten.sha256;
      const folder = `${ARCHIVES_ROOT}/${name}`;
      const { archiveId, driveId } = await options.db.transaction(async (trx) => {
        const driveId = await recordSeenDrive(trx, drive, clock());
        const archiveId = await insertArchive(trx, {
          academic_year_id: year.id,
          drive_id: driveId,
          folder,
          created_at: createdIso,
          created_by_user_id: options.userId,
          file_count: all.length,
          total_bytes: totalBytes,
          manifest_sha256: manifestSha256,
          program_version: options.version.slice(0, 40),
          retain_until: retainUntil,
          status: 'ok',
          last_verified_at: clock().toISOString(),
        });
        await insertArchiveVerification(trx, { archive_id: archiveId, verified_at: clock().toISOString(), trigger: 'write', requested_by_user_id: options.userId, status: 'ok', problems: [] });
        await recordAudit(trx, {
          actorUserId: options.userId,
          action: 'archive.create',
          entity: 'archive',
          entityId: archiveId,
          newValue: { year: year.name, drive: drive.identity, driveLabel: drive.label, folder, files: all.length, bytes: totalBytes, manifestSha256, retainUntil, readBack },
        });
        return { archiveId, driveId };
      });
      recorded = true;
      endPhase('recordMs');
      timings.totalMs = Math.round(performance.now() - started);
      progress('finish', 1);
      return {
        archiveId,
        academicYearId: year.id,
        yearName: year.name,
        driveId,
        driveIdentity: drive.identity,
        driveLabel: drive.label,
        folder,
        absolutePath: final,
        fileCount: all.length,
        totalBytes,
        manifestSha256,
        createdAt: createdIso,
        retainUntil,
        readBack,
        timings,
      };
    } catch (error) {
      throw driveError(error, drive, 'write');
    }
  } catch (error) {
    if (renamed && !recorded) {
      // Back to the partial name first (one atomic step), so that even if the removal is cut off what is left
      // is recognisably unfinished, as the layout promises for anything not recorded.
      await fsp
        .rename(path.join(root, name), partial)
        .then(() => fsp.rm(partial, { recursive: true, force: true }))
        .catch(() => undefined);
    } else if (partialCreated) {
      await fsp.rm(partial, { recursive: true, force: true }).catch(() => undefined);
    }
    throw toArchiveError(error);
  } finally {
    await fsp.rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

function checkDatabaseCopy(file: string, nativeBinding?: string): void {
  const copy = openReadOnlyCopy(file, nativeBinding);
  try {
    const result = copy.pragma('quick_check', { simple: true });
    if (result !== 'ok') {
      throw new ArchiveError(500, `Копия базы данных на диске не прошла проверку SQLite (${String(result)}): архив не записан. Попробуйте ещё раз или другой диск.`, 'verify-failed');
    }
  } finally {
    copy.close();
  }
}

/** Paths in a stable order that people expect: README first, then folders alphabetically. */
function compareNames(a: string, b: string): number {
  if (a === README_FILE) return -1;
  if (b === README_FILE) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Creates the sub-folders of a file inside the partial folder one level at a time, never recursively from the
 * drive's root: if the drive was pulled out, its mount point is an empty folder of the system disk, and a
 * recursive mkdir would quietly go on writing the archive there.
 */
async function mkdirInside(partial: string, relativeDir: string): Promise<void> {
  if (relativeDir === '.' || relativeDir === '') return;
  let current = partial;
  for (const segment of relativeDir.split('/')) {
    current = path.join(current, segment);
    try {
      await fsp.mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

async function requireRoom(drive: MountedDrive, needed: number): Promise<void> {
  let free: number;
  try {
    const stats = await fsp.statfs(drive.mountPath);
    free = stats.bavail * stats.bsize;
  } catch (error) {
    throw driveError(error, drive, 'prepare');
  }
  if (free < needed) {
    throw new ArchiveError(
      409,
      `На диске «${drive.label}» недостаточно места для архива: нужно не меньше ${formatMegabytes(needed)}, свободно ${formatMegabytes(free)}. Освободите место или выберите другой диск.`,
      'no-space',
    );
  }
}

/** Folders left by a run that was cut off (power, unplugged drive): never an archive, by the layout's rule. */
async function removeStalePartials(root: string): Promise<void> {
  for (const entry of await fsp.readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith(PARTIAL_PREFIX)) await fsp.rm(path.join(root, entry.name), { recursive: true, force: true });
  }
}

function readOnlyError(drive: MountedDrive): ArchiveError {
  return new ArchiveError(409, `Диск «${drive.label}» открыт только для чтения: записать на него архив нельзя. Снимите защиту от записи (переключатель на карте или диске) или выберите другой диск.`, 'read-only');
}

const GONE_CODES = new Set(['ENOENT', 'EIO', 'ENODEV', 'ENXIO', 'ESTALE', 'ENOTCONN', 'EBADF', 'ENOTDIR']);

/** Turns a filesystem error on the drive into the Russian message the user needs. */
function driveError(error: unknown, drive: MountedDrive, stage: 'prepare' | 'write'): unknown {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new ArchiveError(409, `На диске «${drive.label}» недостаточно места: диск заполнился во время записи архива. Незавершённый архив удалён; освободите место или выберите другой диск.`, 'no-space');
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return readOnlyError(drive);
  // SQLite reading the copy on a drive that went away reports an I/O error of its own.
  if (stage === 'write' && typeof code === 'string' && (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') && !fs.existsSync(path.join(drive.mountPath, ARCHIVES_ROOT))) {
    return new ArchiveError(409, `Диск «${drive.label}» отключён во время записи (или недоступен): архив не записан. Подключите диск снова и запустите запись ещё раз; прежние архивы на нём не затронуты.`, 'drive-gone');
  }
  const errorPath = (error as NodeJS.ErrnoException | null)?.path;
  if (code && GONE_CODES.has(code) && (!errorPath || errorPath.startsWith(drive.mountPath))) {
    const stillThere = fs.existsSync(drive.mountPath) && fs.existsSync(path.join(drive.mountPath, ARCHIVES_ROOT));
    if (code !== 'ENOENT' || !stillThere || stage === 'write') {
      return new ArchiveError(409, `Диск «${drive.label}» отключён во время записи (или недоступен): архив не записан. Подключите диск снова и запустите запись ещё раз; прежние архивы на нём не затронуты.`, 'drive-gone');
    }
  }
  return error;
}

function toArchiveError(error: unknown): ArchiveError {
  if (error instanceof ArchiveError) return error;
  if (error instanceof AppError) return new ArchiveError(error.status, error.message, 'failed');
  if ((error as { name?: string } | null)?.name === 'AbortError') {
    return new ArchiveError(409, 'Запись архива прервана: сервер журнала останавливается. Незавершённый архив удалён; запустите запись снова.', 'cancelled');
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ArchiveError(500, `Архив не записан: ${detail}. Незавершённый архив удалён, прежние архивы и журнал не затронуты.`, 'failed');
}

/** SHA-256 of a buffer, hex (the verifier and tests share it). */
export function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}
