// Viewing a past year from its archive (issue 6, item 6) against a real server and a real folder drive: the
// archive is built here exactly as archive-layout.ts fixes it (an online-backup copy of the live database, a
// manifest with its SHA-256, the drive's id file, the `drives` and `archives` rows), then read through the API.
// The archive must show what the live journal showed when it was written, keep showing it after the live journal
// changes, never change the live journal or the copy, and refuse a missing drive or a damaged copy by name.
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARCHIVES_ROOT,
  CHECKSUMS_FILE,
  DATABASE_COPY,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  type ArchiveManifest,
} from '../../src/main/archive/archive-layout';
import { databasePath } from '../../src/main/db/connection';
import { backupDatabaseOnline } from '../../src/main/db/online-backup';
import { insertArchive } from '../../src/main/db/repositories/archive-repo';
import { recordSeenDrive } from '../../src/main/db/repositories/drives-repo';
import { DRIVE_ID_FILE } from '../../src/main/drives/drive-probe';
import type { DemoResult } from '../../src/main/demo/demo-school';
import type { DriveChange, DriveMonitor, MountedDrive } from '../../src/main/drives/drive-types';
import { ArchiveDatabases, type OpenArchive } from '../../src/main/archive-view/archive-database';
import { AppError } from '../../src/main/common/app-error';
import { startDemoServer } from './helpers/demo-server';
import { logIn, tempDir, type Client, type TestServer } from './helpers/test-server';

interface JournalPageBody {
  journal: { classId: number; subjectId: number; groupKey: number; canEdit: boolean };
  canEdit: boolean;
  canUnlock: boolean;
  period: { id: number };
  students: Array<{ id: number }>;
  lessons: Array<{
    date: string;
    lessonNumber: number;
    lessonId: number | null;
    topic: string | null;
    isEditable: boolean;
    lockReason: string | null;
  }>;
  marks: Array<{ id: number; columnId: number; studentId: number; value: string }>;
  attendance: Array<{ lessonId: number; studentId: number; code: string }>;
  periodMarks: unknown[];
}

let t: TestServer & { demo: DemoResult };
let admin: Client;
let folderRoot: string;
let year: { id: number; name: string; start_date: string; end_date: string };
let schoolName: string;
let adminUserId: number;
let page: { classId: number; subjectId: number; groupKey: number };
let liveAtArchiveTime: JournalPageBody;
const driveUuid = randomUUID();
const driveLabel = 'Архив-флешка';
let driveRoot: string;
const archives: Record<'good' | 'second' | 'third' | 'flipped' | 'manifest' | 'newer' | 'absent', number> = {
  good: 0,
  second: 0,
  third: 0,
  flipped: 0,
  manifest: 0,
  newer: 0,
  absent: 0,
};
let goodCopy: string;

const db = () => t.server.db;
const api = (p: string) => `/api/v1${p}`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const count = async (table: string) => Number(((await db()(table).count({ n: '*' }).first()) as { n: number }).n);

/** Writes one archive folder into `root` (a drive being prepared) and returns its folder relative to the drive. */
async function writeArchiveFolder(root: string, name: string, damage: { flipByte?: boolean; extraMigration?: string } = {}) {
  const folder = `${ARCHIVES_ROOT}/${name}`;
  const dir = path.join(root, ARCHIVES_ROOT, name);
  fs.mkdirSync(path.join(dir, 'database'), { recursive: true });
  const copy = path.join(dir, ...DATABASE_COPY.split('/'));
  await backupDatabaseOnline({ source: databasePath(t.dataDir), destination: copy });
  if (damage.extraMigration) {
    // An archive written by a later version of the program: its schema has a migration this build does not know.
    const raw = new Database(copy);
    raw
      .prepare('insert into knex_migrations (name, batch, migration_time) values (?, 99, ?)')
      .run(damage.extraMigration, new Date().toISOString());
    raw.close();
  }
  const bytes = fs.readFileSync(copy);
  const manifest: ArchiveManifest = {
    format: MANIFEST_FORMAT,
    programVersion: 'test',
    schoolName,
    academicYear: { id: year.id, name: year.name, startDate: year.start_date, endDate: year.end_date },
    createdAt: new Date().toISOString(),
    files: [{ path: DATABASE_COPY, size: bytes.length, sha256: sha256(bytes) }],
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), manifestBytes);
  // `sha256sum -c SHA256SUMS`: every file of the manifest, then the manifest itself.
  const sums = [...manifest.files, { path: MANIFEST_FILE, sha256: sha256(manifestBytes) }]
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
  fs.writeFileSync(path.join(dir, CHECKSUMS_FILE), sums);
  if (damage.flipByte) {
    // One bit of rot in the middle of the copy, after the manifest recorded its hash.
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0x01;
    fs.writeFileSync(copy, bytes);
  }
  return { folder, copy, manifestSha256: sha256(manifestBytes), bytes: bytes.length };
}

async function recordArchive(
  identity: string,
  label: string,
  mountPath: string,
  folder: string,
  manifestSha256: string,
  bytes: number,
): Promise<number> {
  const now = new Date().toISOString();
  const driveId = await recordSeenDrive(db(), { identity, label, sizeBytes: 1_000_000_000, mountPath }, now);
  return insertArchive(db(), {
    academic_year_id: year.id,
    drive_id: driveId,
    folder,
    created_at: now,
    created_by_user_id: adminUserId,
    file_count: 2,
    total_bytes: bytes,
    manifest_sha256: manifestSha256,
    program_version: 'test',
    retain_until: '2031-11-29',
    status: 'ok',
    last_verified_at: now,
  });
}

/** The drive monitor notices a drive by polling: wait until the archive's drive is seen (or not any more). */
async function waitForDrive(archiveId: number, mounted: boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await admin.post(api('/drives/rescan'), {});
    const reply = await admin.get<{ detail?: string }>(api(`/archive-view/${archiveId}`));
    const isMissing = reply.status === 404 && String(reply.body.detail ?? JSON.stringify(reply.body)).includes('не подключён');
    if (isMissing !== mounted) return;
    if (Date.now() > deadline)
      throw new Error(
        `drive of archive ${archiveId} is still ${mounted ? 'not mounted' : 'mounted'}: ${JSON.stringify(reply.body)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const problemText = (body: unknown) => JSON.stringify(body);

beforeAll(async () => {
  folderRoot = tempDir('archive-drives-');
  t = await startDemoServer(40, { journal: true, drives: { system: false, folderRoot } });
  const adminAccount = t.demo.accounts.find((a) => a.role === 'admin')!;
  admin = await logIn(t.server.url, adminAccount.login, adminAccount.password);
  adminUserId = ((await db()('users').where({ login: adminAccount.login }).first('id')) as { id: number }).id;
  schoolName = ((await db()('school').first('name')) as { name: string }).name;

  // A whole-class page with marks in the current period.
  const withMarks = (await db()('marks as m')
    .join('mark_columns as c', 'c.id', 'm.column_id')
    .join('journal_lessons as l', 'l.id', 'c.lesson_id')
    .where('l.group_key', 0)
    .groupBy('l.class_id', 'l.subject_id')
    .orderBy([{ column: 'n', order: 'desc' }])
    .first('l.class_id', 'l.subject_id', db().raw('count(*) as n'))) as { class_id: number; subject_id: number };
  page = { classId: withMarks.class_id, subjectId: withMarks.subject_id, groupKey: 0 };
  const className = ((await db()('classes').where({ id: page.classId }).first('academic_year')) as { academic_year: string })
    .academic_year;
  year = (await db()('academic_years').where({ name: className }).first('id', 'name', 'start_date', 'end_date')) as typeof year;

  const live = await admin.get<JournalPageBody>(api(`/journals/${page.classId}/${page.subjectId}/0`));
  expect(live.status).toBe(200);
  liveAtArchiveTime = live.body;

  // The drive is prepared outside the drives folder and moved in whole, so the monitor never sees it without
  // its id file (it would write one of its own).
  const staging = tempDir('archive-drive-staging-');
  fs.writeFileSync(path.join(staging, DRIVE_ID_FILE), `${JSON.stringify({ id: driveUuid, label: driveLabel })}\n`);
  const good = await writeArchiveFolder(staging, '2026-2027_20261129-040000');
  const second = await writeArchiveFolder(staging, '2026-2027_20261129-040010');
  const third = await writeArchiveFolder(staging, '2026-2027_20261129-040020');
  const flipped = await writeArchiveFolder(staging, '2026-2027_20261129-040100', { flipByte: true });
  const manifest = await writeArchiveFolder(staging, '2026-2027_20261129-040200');
  const newer = await writeArchiveFolder(staging, '2026-2027_20261129-040300', {
    extraMigration: '20991231000000_from_the_future',
  });
  driveRoot = path.join(folderRoot, 'usb1');
  fs.renameSync(staging, driveRoot);
  goodCopy = path.join(driveRoot, ...good.copy.slice(staging.length + 1).split(path.sep));

  const identity = `id:${driveUuid}`;
  archives.good = await recordArchive(identity, driveLabel, driveRoot, good.folder, good.manifestSha256, good.bytes);
  archives.second = await recordArchive(identity, driveLabel, driveRoot, second.folder, second.manifestSha256, second.bytes);
  archives.third = await recordArchive(identity, driveLabel, driveRoot, third.folder, third.manifestSha256, third.bytes);
  archives.flipped = await recordArchive(identity, driveLabel, driveRoot, flipped.folder, flipped.manifestSha256, flipped.bytes);
  // A manifest that is not the one recorded when the archive was written.
  archives.manifest = await recordArchive(identity, driveLabel, driveRoot, manifest.folder, '0'.repeat(64), manifest.bytes);
  archives.newer = await recordArchive(identity, driveLabel, driveRoot, newer.folder, newer.manifestSha256, newer.bytes);
  // An archive on a drive that is not plugged in.
  archives.absent = await recordArchive(
    `id:${randomUUID()}`,
    'Флешка директора',
    '/media/nowhere',
    good.folder,
    good.manifestSha256,
    good.bytes,
  );
  await waitForDrive(archives.good, true);
}, 180_000);
afterAll(async () => t.close());

describe('archive view', () => {
  it('lists the archived year with its classes, class teachers and pupils', async () => {
    const reply = await admin.get<{
      archive: { id: number; schoolName: string; yearName: string; driveLabel: string; folder: string };
      classes: Array<{ id: number; name: string; classTeacherName: string | null; pupilCount: number; pupilsInYear: number }>;
    }>(api(`/archive-view/${archives.good}`));
    expect(reply.status, problemText(reply.body)).toBe(200);
    expect(reply.body.archive).toMatchObject({ id: archives.good, schoolName, yearName: year.name, driveLabel });
    const liveClasses = (await db()('classes')
      .where({ academic_year: year.name })
      .orderBy(['level', 'letter'])
      .select('id')) as Array<{ id: number }>;
    expect(reply.body.classes.map((c) => c.id)).toEqual(liveClasses.map((c) => c.id));
    const ours = reply.body.classes.find((c) => c.id === page.classId)!;
    expect(ours.pupilCount).toBeGreaterThan(0);
    expect(ours.pupilsInYear).toBeGreaterThanOrEqual(ours.pupilCount);
    expect(reply.body.classes.some((c) => c.classTeacherName !== null)).toBe(true);

    const cls = await admin.get<{ journals: Array<{ subjectId: number; groupKey: number; canEdit: boolean }> }>(
      api(`/archive-view/${archives.good}/classes/${page.classId}`),
    );
    expect(cls.status).toBe(200);
    expect(cls.body.journals.some((j) => j.subjectId === page.subjectId && j.groupKey === 0)).toBe(true);
    expect(cls.body.journals.every((j) => !j.canEdit)).toBe(true);
  });

  it('shows a journal page with the marks and attendance the live journal had, read-only, even after the live journal changes', async () => {
    const url = api(`/archive-view/${archives.good}/journals/${page.classId}/${page.subjectId}/0`);
    const before = await admin.get<JournalPageBody>(url);
    expect(before.status, problemText(before.body)).toBe(200);
    expect(before.body.period.id).toBe(liveAtArchiveTime.period.id);
    expect(before.body.marks).toEqual(liveAtArchiveTime.marks);
    expect(before.body.attendance).toEqual(liveAtArchiveTime.attendance);
    expect(before.body.periodMarks).toEqual(liveAtArchiveTime.periodMarks);
    expect(before.body.students).toEqual(liveAtArchiveTime.students);
    expect(before.body.lessons.map((l) => [l.date, l.lessonNumber, l.lessonId, l.topic])).toEqual(
      liveAtArchiveTime.lessons.map((l) => [l.date, l.lessonNumber, l.lessonId, l.topic]),
    );
    expect(before.body.marks.length).toBeGreaterThan(0);
    expect(before.body.canEdit).toBe(false);
    expect(before.body.canUnlock).toBe(false);
    expect(before.body.journal.canEdit).toBe(false);
    expect(before.body.lessons.every((l) => !l.isEditable && l.lockReason !== null)).toBe(true);

    // The live journal moves on: a mark changes after the archive was written.
    const mark = before.body.marks[0]!;
    const newValue = mark.value === '5' ? '4' : '5';
    await db()('marks')
      .where({ id: mark.id })
      .update({ value: newValue, numeric_value: Number(newValue) });
    const live = await admin.get<JournalPageBody>(api(`/journals/${page.classId}/${page.subjectId}/0`));
    expect(live.body.marks.find((m) => m.id === mark.id)!.value).toBe(newValue);
    const after = await admin.get<JournalPageBody>(url);
    expect(after.body.marks.find((m) => m.id === mark.id)!.value).toBe(mark.value);

    // Another period of the archived page.
    const periods = (await admin.get<{ periods: Array<{ id: number }> }>(url)).body.periods;
    const other = periods.find((p) => p.id !== before.body.period.id);
    if (other) expect((await admin.get<JournalPageBody>(`${url}?periodId=${other.id}`)).body.period.id).toBe(other.id);
  });

  it("shows the class's averages and absences as the live journal computes them", async () => {
    const averages = await admin.get<{ students: Array<{ id: number; missedLessons: number }> }>(
      api(`/archive-view/${archives.good}/classes/${page.classId}/averages`),
    );
    expect(averages.status, problemText(averages.body)).toBe(200);
    expect(averages.body.students.length).toBeGreaterThan(0);
    const range = `from=${year.start_date}&to=${liveAtArchiveTime.lessons.at(-1)!.date}`;
    const absences = await admin.get<{ absences: Array<{ lessonId: number; studentId: number; code: string }> }>(
      api(`/archive-view/${archives.good}/classes/${page.classId}/absences?${range}`),
    );
    expect(absences.status, problemText(absences.body)).toBe(200);
    const liveAbsences = await admin.get<{ absences: unknown[] }>(api(`/classes/${page.classId}/absences?${range}`));
    expect(absences.body.absences).toEqual(liveAbsences.body.absences);
    const outside = await admin.get(
      api(`/archive-view/${archives.good}/classes/${page.classId}/absences?from=2020-09-01&to=2020-10-01`),
    );
    expect(outside.status).toBe(400);
  });

  it('never changes the live journal or the archive copy; reads of pupils are recorded in the live security trail', async () => {
    const tables = ['marks', 'attendance', 'journal_lessons', 'mark_columns', 'period_marks', 'students', 'classes', 'users'];
    const counts = async () =>
      Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await count(table)] as const)));
    const countsBefore = await counts();
    const lastAudit = ((await db()('audit_log').max({ id: 'id' }).first()) as { id: number | null }).id ?? 0;
    const lastEvent = ((await db()('security_events').max({ id: 'id' }).first()) as { id: number | null }).id ?? 0;
    const copyHash = sha256(fs.readFileSync(goodCopy));

    const director = t.demo.accounts.find((a) => a.role === 'director')!;
    const viewer = await logIn(t.server.url, director.login, director.password);
    const lastEventAfterLogin = ((await db()('security_events').max({ id: 'id' }).first()) as { id: number | null }).id ?? 0;
    for (const p of [
      `/archive-view/${archives.good}`,
      `/archive-view/${archives.good}/classes/${page.classId}`,
      `/archive-view/${archives.good}/journals/${page.classId}/${page.subjectId}/0`,
      `/archive-view/${archives.good}/classes/${page.classId}/averages`,
    ]) {
      const reply = await viewer.get(api(p));
      expect(reply.status, `${p}: ${problemText(reply.body)}`).toBe(200);
    }

    expect(await counts()).toEqual(countsBefore);
    // Writes of other features (an archive's re-verification on plug-in) may add rows; viewing adds none.
    const newAudit = (await db()('audit_log').where('id', '>', lastAudit).select('action')) as Array<{ action: string }>;
    expect(newAudit.filter((a) => !/^(archive|drive)/.test(a.action))).toEqual([]);
    expect(sha256(fs.readFileSync(goodCopy))).toBe(copyHash);
    // Opened read-only and single-file: no journal, WAL or shared-memory files appear next to the copy.
    expect(fs.readdirSync(path.dirname(goodCopy))).toEqual(['journal.sqlite3']);

    expect(lastEventAfterLogin).toBeGreaterThanOrEqual(lastEvent);
    const events = (await db()('security_events')
      .where('id', '>', lastEventAfterLogin)
      .select('kind', 'detail', 'user_id')) as Array<{ kind: string; detail: string; user_id: number }>;
    const reads = events.filter((e) => e.kind === 'personal-data-read');
    expect(reads.map((e) => e.detail)).toEqual([
      expect.stringContaining(`/archive-view/${archives.good}/journals/${page.classId}/${page.subjectId}/0`),
      expect.stringContaining(`/archive-view/${archives.good}/classes/${page.classId}/averages`),
    ]);
    expect(reads.every((e) => e.detail.includes('архив'))).toBe(true);
  });

  it('refuses an archive whose drive is not plugged in, naming the drive', async () => {
    const reply = await admin.get<{ detail: string }>(api(`/archive-view/${archives.absent}`));
    expect(reply.status).toBe(404);
    expect(problemText(reply.body)).toContain(
      'Диск с этим архивом не подключён: Флешка директора. Подключите его к компьютеру-серверу.',
    );
  });

  it('refuses a damaged copy or manifest by name, and an archive of a newer program', async () => {
    const flipped = await admin.get(api(`/archive-view/${archives.flipped}/classes/${page.classId}`));
    expect(flipped.status).toBe(409);
    expect(problemText(flipped.body)).toContain('Архив повреждён: файл database/journal.sqlite3');
    const manifest = await admin.get(api(`/archive-view/${archives.manifest}`));
    expect(manifest.status).toBe(409);
    expect(problemText(manifest.body)).toContain('Архив повреждён: файл manifest.json');
    const newer = await admin.get(api(`/archive-view/${archives.newer}`));
    expect(newer.status).toBe(409);
    expect(problemText(newer.body)).toContain('более новой версией программы');
    expect(problemText(newer.body)).toContain('20991231000000_from_the_future');
    expect((await admin.get(api('/archive-view/999999'))).status).toBe(404);
  });

  it('is for the administrator and the director only', async () => {
    for (const role of ['parent', 'teacher', 'deputy', 'student'] as const) {
      const account = t.demo.accounts.find((a) => a.role === role)!;
      const client = await logIn(t.server.url, account.login, account.password);
      const reply = await client.get(api(`/archive-view/${archives.good}/journals/${page.classId}/${page.subjectId}/0`));
      expect(reply.status, role).toBe(403);
    }
  });

  it('closes the copy when its drive is pulled and opens it again when it comes back', async () => {
    const away = path.join(path.dirname(folderRoot), `${path.basename(folderRoot)}-away`);
    fs.renameSync(driveRoot, away);
    try {
      await waitForDrive(archives.good, false);
      const reply = await admin.get(api(`/archive-view/${archives.good}`));
      expect(problemText(reply.body)).toContain(`Диск с этим архивом не подключён: ${driveLabel}`);
    } finally {
      fs.renameSync(away, driveRoot);
    }
    await waitForDrive(archives.good, true);
    expect((await admin.get(api(`/archive-view/${archives.good}`))).status).toBe(200);
  });
});

describe('open archive copies', () => {
  /** A DriveMonitor whose drives and changes the test sets by hand. */
  function stubMonitor(drives: MountedDrive[]) {
    const listeners = new Set<(change: DriveChange) => void>();
    const monitor: DriveMonitor = {
      current: () => drives,
      rescan: () => Promise.resolve(drives),
      onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    };
    const detach = () => {
      const detached = drives;
      drives = [];
      for (const l of listeners) l({ attached: [], detached, drives: [] });
    };
    return { monitor, detach };
  }
  const usb: MountedDrive = {
    identity: `id:${driveUuid}`,
    label: driveLabel,
    mountPath: '',
    sizeBytes: 0,
    freeBytes: 0,
    readOnly: false,
    source: 'folder',
  };
  const isClosed = (archive: OpenArchive) => (archive.db.client as { pool?: unknown }).pool === undefined;

  it('keeps at most two open, closing the least recently used, and closes them all when their drive goes', async () => {
    const { monitor, detach } = stubMonitor([{ ...usb, mountPath: driveRoot }]);
    const cache = new ArchiveDatabases(db(), { drives: monitor });
    try {
      const opened: OpenArchive[] = [];
      for (const id of [archives.good, archives.second]) opened.push(await cache.use(id, async (a) => a));
      // Using the first again makes the second the least recently used one.
      expect(await cache.use(archives.good, async (a) => a)).toBe(opened[0]);
      const third = await cache.use(archives.third, async (a) => a);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect([isClosed(opened[0]!), isClosed(opened[1]!), isClosed(third)]).toEqual([false, true, false]);
      // A copy in use when it is evicted stays open until that use is done.
      let release = () => undefined as void;
      const inUse = cache.use(archives.good, (a) => new Promise<OpenArchive>((resolve) => (release = () => resolve(a))));
      await new Promise((resolve) => setTimeout(resolve, 20));
      detach();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(isClosed(third)).toBe(true);
      expect(isClosed(opened[0]!)).toBe(false);
      release();
      await inUse;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(isClosed(opened[0]!)).toBe(true);
      await expect(cache.use(archives.good, async (a) => a)).rejects.toThrow('Диск с этим архивом не подключён');
    } finally {
      cache.dispose();
    }
  });

  /** Files open in this process that are `file` (Linux: /proc/self/fd). */
  const openHandlesOf = (file: string) => {
    const real = fs.realpathSync(file);
    return fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`) === real;
      } catch {
        return false;
      }
    }).length;
  };

  it.skipIf(process.platform !== 'linux')(
    'lets go of the copy file about a second after the last read, so the drive can be removed safely',
    async () => {
      const { monitor } = stubMonitor([{ ...usb, mountPath: driveRoot }]);
      const cache = new ArchiveDatabases(db(), { drives: monitor });
      try {
        // `third` is used by no server request, so only this cache can hold its copy open.
        const opened = await cache.use(archives.third, async (a) => {
          await a.db.raw('select count(*) from marks');
          expect(openHandlesOf(a.databaseFile)).toBe(1);
          return a;
        });
        await new Promise((resolve) => setTimeout(resolve, 1600));
        expect(openHandlesOf(opened.databaseFile)).toBe(0);
        // Still cached (not checked and hashed again), and readable again on the next request.
        const again = await cache.use(archives.third, async (a) => {
          await a.db.raw('select count(*) from marks');
          return a;
        });
        expect(again).toBe(opened);
      } finally {
        cache.dispose();
      }
    },
  );

  it('opens the copy afresh after a read failed with something other than a refusal (a stale handle)', async () => {
    const { monitor } = stubMonitor([{ ...usb, mountPath: driveRoot }]);
    const cache = new ArchiveDatabases(db(), { drives: monitor });
    try {
      const first = await cache.use(archives.third, async (a) => a);
      // Stands for SQLITE_IOERR of a handle whose drive was pulled and plugged in again between two scans.
      await expect(cache.use(archives.third, (a) => a.db.raw('select * from no_such_table'))).rejects.toThrow('no_such_table');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(isClosed(first)).toBe(true);
      const second = await cache.use(archives.third, async (a) => a);
      expect(second).not.toBe(first);
      // A refusal of ours (AppError) is about the request, not the copy: the copy stays.
      await expect(
        cache.use(archives.third, () => Promise.reject(new AppError(404, 'not-found', 'Класс не найден'))),
      ).rejects.toThrow('Класс не найден');
      expect(await cache.use(archives.third, async (a) => a)).toBe(second);
    } finally {
      cache.dispose();
    }
  });

  describe('refuses files of the archive that are not plain files, by name', () => {
    const identity = `id:${driveUuid}`;
    /** An archive folder on the drive whose manifest.json or copy the test replaces; returns its archive id. */
    async function archiveWith(name: string, replace: (dir: string, written: { copy: string }) => void) {
      const written = await writeArchiveFolder(driveRoot, name);
      replace(path.join(driveRoot, ...written.folder.split('/')), written);
      return recordArchive(identity, driveLabel, driveRoot, written.folder, written.manifestSha256, written.bytes);
    }

    it.skipIf(process.platform === 'win32')(
      'a manifest.json that is a FIFO, at once and without blocking',
      async () => {
        const id = await archiveWith('2026-2027_20261129-050000', (dir) => {
          fs.rmSync(path.join(dir, MANIFEST_FILE));
          execFileSync('mkfifo', [path.join(dir, MANIFEST_FILE)]);
        });
        const { monitor } = stubMonitor([{ ...usb, mountPath: driveRoot }]);
        const cache = new ArchiveDatabases(db(), { drives: monitor });
        try {
          const started = Date.now();
          await expect(cache.use(id, async (a) => a)).rejects.toThrow(
            'Архив повреждён: файл manifest.json не является обычным файлом',
          );
          expect(Date.now() - started).toBeLessThan(2000);
        } finally {
          cache.dispose();
        }
      },
      10_000,
    );

    it.skipIf(process.platform === 'win32')(
      'a manifest.json or a database copy that is a symlink, even to the right content',
      async () => {
        // The symlinks point at the very files that were written, so only being a symlink is wrong with them.
        const manifestLinked = await archiveWith('2026-2027_20261129-050100', (dir) => {
          const real = path.join(dir, 'manifest.real.json');
          fs.renameSync(path.join(dir, MANIFEST_FILE), real);
          fs.symlinkSync(real, path.join(dir, MANIFEST_FILE));
        });
        const copyLinked = await archiveWith('2026-2027_20261129-050200', (_dir, { copy }) => {
          const real = `${copy}.real`;
          fs.renameSync(copy, real);
          fs.symlinkSync(real, copy);
        });
        const { monitor } = stubMonitor([{ ...usb, mountPath: driveRoot }]);
        const cache = new ArchiveDatabases(db(), { drives: monitor });
        try {
          await expect(cache.use(manifestLinked, async (a) => a)).rejects.toThrow(
            'Архив повреждён: файл manifest.json не является обычным файлом',
          );
          await expect(cache.use(copyLinked, async (a) => a)).rejects.toThrow(
            'Архив повреждён: файл database/journal.sqlite3 не является обычным файлом',
          );
        } finally {
          cache.dispose();
        }
      },
    );
  });
});
