// Opens the database copy inside a yearly archive for viewing (issue 6, item 6): finds the archive's drive among
// the mounted ones, checks manifest.json against the hash recorded when the archive was written and the copy
// against the manifest, then opens the copy READ-ONLY as a second knex instance. Nothing here writes: not the
// drive (SQLite opens the file with SQLITE_OPEN_READONLY, so even a bug in a read path cannot change the
// archive), and not the live database (only its `archives` and `drives` rows are read).
//
// Open copies are kept (the hash of a large copy takes a while): at most two, the least recently used closed
// first, every copy of a drive closed when that drive goes away, and all of them at server shutdown.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import { DATABASE_COPY, MANIFEST_FILE, MANIFEST_FORMAT, type ArchiveManifest } from '../archive/archive-layout';
import { AppError, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { MIGRATIONS } from '../db/migration-source';
import { archiveById, driveRecordById, type ArchiveRecord } from '../db/repositories/archive-repo';
import { archiveYear, columnsOf, migrationsOf, tablesOf, type ArchiveYearRow } from '../db/repositories/archive-view-repo';
import type { DriveMonitor, MountedDrive } from '../drives/drive-types';

export interface OpenArchive {
  archiveId: number;
  /** The archive's database copy, read-only. Never pass it to code that writes. */
  db: Db;
  manifest: ArchiveManifest;
  record: ArchiveRecord;
  drive: MountedDrive;
  /** Absolute path of the database copy on the drive. */
  databaseFile: string;
  /** The archived year as the copy has it. */
  year: ArchiveYearRow;
}

export interface ArchiveDatabaseOptions {
  drives: DriveMonitor;
  nativeBinding?: string;
  /** How many archive copies stay open at once. */
  capacity?: number;
}

/**
 * What the read paths of viewing touch: tables and, where an older or newer schema could differ, the columns.
 * An archive without them cannot be shown by this version of the program, whatever its migrations say.
 */
const REQUIRED_SCHEMA: Record<string, readonly string[]> = {
  school: ['name'],
  users: ['id', 'last_name', 'first_name', 'middle_name'],
  settings: ['key', 'value'],
  academic_years: ['id', 'name', 'start_date', 'end_date', 'version'],
  level_settings: ['academic_year_id', 'level', 'period_scheme'],
  study_periods: ['id', 'academic_year_id', 'number', 'name', 'start_date', 'end_date'],
  holidays: [],
  transferred_days: [],
  subjects: ['id', 'name', 'short_name'],
  work_types: ['id', 'name', 'short_name', 'default_weight', 'is_written'],
  classes: ['id', 'level', 'letter', 'academic_year', 'class_teacher_user_id'],
  students: ['id', 'last_name', 'first_name', 'middle_name'],
  class_enrolments: ['class_id', 'student_id', 'from_date', 'to_date'],
  study_groups: ['id', 'class_id', 'subject_id', 'name'],
  group_memberships: [],
  teaching_assignments: ['class_id', 'subject_id', 'group_id', 'teacher_user_id'],
  timetable_slots: [],
  timetable_changes: [],
  journal_lessons: ['id', 'class_id', 'subject_id', 'group_key', 'date', 'lesson_number', 'topic', 'homework'],
  mark_columns: ['id', 'lesson_id', 'position', 'work_type_id', 'weight'],
  marks: ['id', 'column_id', 'student_id', 'value'],
  attendance: ['lesson_id', 'student_id', 'code'],
  period_marks: ['academic_year_id', 'subject_id', 'student_id', 'kind', 'period_number', 'value'],
  period_closures: [],
  journal_unlocks: [],
  lesson_attachments: [],
  assessment_plans: [],
  work_programs: [],
  work_program_topics: [],
};

/** The last migration this viewer's read paths need (the class journal). */
const OLDEST_READABLE_MIGRATION = '20261129200000_class_journal';

interface Entry {
  promise: Promise<OpenArchive>;
  /** Requests using the copy now: an evicted copy is closed only when the last of them is done. */
  users: number;
  evicted: boolean;
  archive: OpenArchive | null;
}

export class ArchiveDatabases {
  private readonly entries = new Map<number, Entry>();
  private readonly capacity: number;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly liveDb: Db,
    private readonly options: ArchiveDatabaseOptions,
  ) {
    this.capacity = options.capacity ?? 2;
    // A pulled drive: its open copies are gone (reads would fail with I/O errors); close them at once.
    this.unsubscribe = options.drives.onChange((change) => {
      const gone = new Set(change.detached.map((d) => d.identity));
      for (const [id, entry] of this.entries) {
        if (entry.archive && gone.has(entry.archive.drive.identity)) this.evict(id, entry);
      }
    });
  }

  /** Runs `use` with the archive's open copy, opening (and checking) it first when it is not open yet. */
  async use<T>(archiveId: number, use: (archive: OpenArchive) => Promise<T>): Promise<T> {
    let entry = this.entries.get(archiveId);
    if (entry?.archive && !isStillMounted(this.options.drives, entry.archive)) {
      // Unplugged and plugged in again (maybe elsewhere) between two scans' reports: open it afresh.
      this.evict(archiveId, entry);
      entry = undefined;
    }
    if (!entry) {
      const state = { users: 0, evicted: false, archive: null as OpenArchive | null };
      const promise = openArchive(this.liveDb, archiveId, this.options).then((archive) => {
        state.archive = archive;
        // Closed (drive pulled, shutdown) while it was being opened and nobody waits for it any more.
        if (state.evicted && state.users === 0) void archive.db.destroy();
        return archive;
      });
      const created: Entry = Object.assign(state, { promise });
      // A failed open is not cached: the next request tries again (the drive may be plugged in by then).
      created.promise.catch(() => {
        if (this.entries.get(archiveId) === created) this.entries.delete(archiveId);
      });
      entry = created;
      this.entries.set(archiveId, entry);
      this.trim();
    } else {
      // Most recently used last: re-insert.
      this.entries.delete(archiveId);
      this.entries.set(archiveId, entry);
    }
    const current = entry;
    current.users += 1;
    try {
      const archive = await current.promise;
      try {
        return await use(archive);
      } catch (error) {
        // Anything but our own refusals means the copy itself may be unusable: a drive pulled and plugged in
        // again between two scans leaves a stale handle whose every read fails with an I/O error. Evicting makes
        // the next request open the copy afresh (the copy is closed once the requests still using it are done).
        if (!(error instanceof AppError)) this.evict(archiveId, current);
        throw error;
      }
    } finally {
      current.users -= 1;
      if (current.evicted && current.users === 0 && current.archive) void current.archive.db.destroy();
    }
  }

  /** Closes every open copy (server shutdown); later requests open them again. */
  closeAll(): void {
    for (const [id, entry] of [...this.entries]) this.evict(id, entry);
  }

  dispose(): void {
    this.unsubscribe();
    this.closeAll();
  }

  private trim(): void {
    while (this.entries.size > this.capacity) {
      const [oldestId, oldest] = this.entries.entries().next().value as [number, Entry];
      this.evict(oldestId, oldest);
    }
  }

  private evict(id: number, entry: Entry): void {
    if (this.entries.get(id) === entry) this.entries.delete(id);
    if (entry.evicted) return;
    entry.evicted = true;
    if (entry.users === 0 && entry.archive) void entry.archive.db.destroy();
  }
}

function isStillMounted(drives: DriveMonitor, archive: OpenArchive): boolean {
  return drives.current().some((d) => d.identity === archive.drive.identity && d.mountPath === archive.drive.mountPath);
}

function damaged(file: string, problem: string): AppError {
  return new AppError(
    409,
    'conflict',
    `Архив повреждён: файл ${file} ${problem}. Просмотр этого архива невозможен; проверьте архив в разделе «Архив и внешние диски» и при необходимости используйте другую копию.`,
  );
}

/** manifest.json is a few kilobytes even for a large school; anything far bigger is not one of ours. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/**
 * Opens a file of the archive only when it is a plain regular file: the drive is anybody's stick (its UUID is
 * just a file on it), so a symlink (to /dev/zero, to a file outside the drive), a FIFO (a read would block a libuv
 * thread forever) or a device is refused by name before anything is read. lstat first, then O_NOFOLLOW where the
 * platform has it and O_NONBLOCK (a FIFO swapped in after lstat must not block the open either), then fstat of
 * what was actually opened, which must be the file lstat saw.
 */
async function openRegularFile(file: string, name: string): Promise<{ handle: fs.promises.FileHandle; size: number } | null> {
  let before: fs.Stats;
  try {
    before = await fs.promises.lstat(file);
  } catch {
    return null;
  }
  const notRegular = () => damaged(name, 'не является обычным файлом (это ссылка, канал или устройство)');
  if (before.isSymbolicLink() || !before.isFile()) throw notRegular();
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, O_RDONLY | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0));
  } catch (error) {
    // ELOOP: it became a symlink after lstat.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw notRegular();
    return null;
  }
  try {
    const after = await handle.stat();
    if (!after.isFile() || after.ino !== before.ino || after.dev !== before.dev) throw notRegular();
    return { handle, size: after.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads manifest.json, at most MAX_MANIFEST_BYTES of it (it is checked again while reading: the file may grow). */
async function readManifestFile(file: string, missing: () => AppError): Promise<Buffer> {
  const opened = await openRegularFile(file, MANIFEST_FILE);
  if (!opened) throw missing();
  const tooBig = () => damaged(MANIFEST_FILE, `слишком велик (больше ${MAX_MANIFEST_BYTES / 1024 / 1024} МиБ)`);
  try {
    if (opened.size > MAX_MANIFEST_BYTES) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await opened.handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_MANIFEST_BYTES) throw tooBig();
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await opened.handle.close();
  }
}

async function sha256OfHandle(handle: fs.promises.FileHandle): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A path inside the archive folder; refuses anything that would lead out of it. */
function inside(root: string, relative: string): string {
  const resolved = path.resolve(root, ...relative.split('/'));
  if (resolved !== root && !resolved.startsWith(root + path.sep)) throw damaged(relative, 'указывает за пределы папки архива');
  return resolved;
}

function parseManifest(bytes: Buffer): ArchiveManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged(MANIFEST_FILE, 'не читается как JSON');
  }
  const m = parsed as Partial<ArchiveManifest> | null;
  if (!m || typeof m !== 'object') throw damaged(MANIFEST_FILE, 'не содержит описания архива');
  if (m.format !== MANIFEST_FORMAT) {
    throw new AppError(
      409,
      'conflict',
      `Архив записан в неизвестном этой версии программы формате (${String(m.format)}). Обновите программу, чтобы открыть его.`,
    );
  }
  if (!Array.isArray(m.files) || !m.academicYear || typeof m.academicYear.id !== 'number' || typeof m.schoolName !== 'string') {
    throw damaged(MANIFEST_FILE, 'не содержит списка файлов или учебного года');
  }
  return m as ArchiveManifest;
}

export async function openArchive(liveDb: Db, archiveId: number, options: ArchiveDatabaseOptions): Promise<OpenArchive> {
  const record = await archiveById(liveDb, archiveId);
  if (!record) throw notFound('Архив');
  const driveRecord = await driveRecordById(liveDb, record.drive_id);
  if (!driveRecord) throw notFound('Диск архива');
  const label = driveRecord.label ?? driveRecord.identity;
  const drive = options.drives.current().find((d) => d.identity === driveRecord.identity);
  if (!drive)
    throw new AppError(404, 'not-found', `Диск с этим архивом не подключён: ${label}. Подключите его к компьютеру-серверу.`);

  const root = path.resolve(drive.mountPath);
  const folder = path.resolve(root, ...record.folder.split('/'));
  // The folder comes from the live database; still, nothing outside the drive is ever read as an archive.
  if (!folder.startsWith(root + path.sep)) throw notFound('Папка архива на диске');
  const manifestFile = inside(folder, MANIFEST_FILE);
  const manifestBytes = await readManifestFile(
    manifestFile,
    () =>
      new AppError(
        404,
        'not-found',
        `На диске ${label} нет архива в папке ${record.folder} (не найден ${MANIFEST_FILE}). Возможно, подключён другой диск или папку переместили.`,
      ),
  );
  if (createHash('sha256').update(manifestBytes).digest('hex') !== record.manifest_sha256) {
    throw damaged(MANIFEST_FILE, 'не совпадает с записанным при создании архива (контрольная сумма SHA-256 другая)');
  }
  const manifest = parseManifest(manifestBytes);
  const entry = manifest.files.find((f) => f.path === DATABASE_COPY);
  if (!entry) throw damaged(MANIFEST_FILE, `не называет копию базы данных ${DATABASE_COPY}`);
  const databaseFile = inside(folder, DATABASE_COPY);
  // The same checks as for the manifest: the copy is hashed through the handle that was checked, not by path.
  const copy = await openRegularFile(databaseFile, DATABASE_COPY);
  if (!copy) throw damaged(DATABASE_COPY, 'отсутствует');
  try {
    // Size first: a truncated copy is told at once, without reading the whole file.
    if (copy.size !== entry.size) throw damaged(DATABASE_COPY, `имеет размер ${copy.size} байт вместо ${entry.size}`);
    if ((await sha256OfHandle(copy.handle)) !== entry.sha256) {
      throw damaged(DATABASE_COPY, 'не совпадает с контрольной суммой SHA-256 из manifest.json');
    }
  } finally {
    await copy.handle.close();
  }

  const db = openReadOnlyKnex(databaseFile, options.nativeBinding);
  try {
    await checkSchema(db, label);
    const year = await archiveYear(db, manifest.academicYear.id);
    if (!year || year.name !== manifest.academicYear.name) {
      throw damaged(DATABASE_COPY, `не содержит ${manifest.academicYear.name} учебного года, названного в manifest.json`);
    }
    return { archiveId, db, manifest, record, drive, databaseFile, year };
  } catch (error) {
    await db.destroy();
    if (error instanceof AppError) throw error;
    throw damaged(DATABASE_COPY, `не открывается как база данных (${error instanceof Error ? error.message : String(error)})`);
  }
}

interface ReadOnlyConnection {
  pragma(sql: string): unknown;
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
}

/** A knex instance on the copy that cannot write it: read-only open, no migrations, query_only as a second lock. */
function openReadOnlyKnex(filename: string, nativeBinding: string | undefined): Db {
  return knexFactory({
    client: 'better-sqlite3',
    connection: {
      filename,
      // knex's dialect passes only these two on; a read-only open never creates a file (and its existence and
      // hash were checked just before).
      options: { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) },
    },
    useNullAsDefault: true,
    pool: {
      min: 0,
      max: 1,
      // An idle copy lets go of its file within about a second: an open handle would keep the drive from being
      // safely removed (or unmounted) for tarn's default 30 s after the last page was viewed. The next request
      // just opens a new connection (the cached copy, checked once, stays in the LRU).
      idleTimeoutMillis: 1000,
      reapIntervalMillis: 250,
      afterCreate(conn: ReadOnlyConnection, done: (err: Error | null, conn: unknown) => void) {
        try {
          // The same Unicode lower() as the live connection, so any name comparison behaves alike.
          conn.function('lower', { deterministic: true }, (value: unknown) =>
            typeof value === 'string' ? value.toLowerCase() : value,
          );
          conn.pragma('query_only = ON');
          done(null, conn);
        } catch (error) {
          done(error as Error, conn);
        }
      },
    },
  });
}

/** The archive's schema must have what the viewer reads; a newer program's archive is refused by name. */
async function checkSchema(db: Db, label: string): Promise<void> {
  const tables = await tablesOf(db);
  if (tables.has('knex_migrations')) {
    const applied = await migrationsOf(db);
    const known = new Set(MIGRATIONS.map(([name]) => name));
    const unknown = applied.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new AppError(
        409,
        'conflict',
        `Архив на диске ${label} записан более новой версией программы (неизвестные изменения схемы: ${unknown.join(', ')}). Обновите программу, чтобы просмотреть его; архив не изменён.`,
      );
    }
    if (!applied.includes(OLDEST_READABLE_MIGRATION)) {
      throw new AppError(
        409,
        'conflict',
        `Архив на диске ${label} записан слишком старой версией программы: в нём нет классного журнала. Просмотр невозможен.`,
      );
    }
  }
  const missing: string[] = [];
  for (const [table, columns] of Object.entries(REQUIRED_SCHEMA)) {
    if (!tables.has(table)) {
      missing.push(table);
      continue;
    }
    if (columns.length === 0) continue;
    const have = await columnsOf(db, table);
    for (const column of columns) if (!have.has(column)) missing.push(`${table}.${column}`);
  }
  if (missing.length > 0) {
    throw new AppError(
      409,
      'conflict',
      `Схема базы данных в архиве на диске ${label} не подходит этой версии программы (нет: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}). Просмотр невозможен; архив не изменён.`,
    );
  }
}
