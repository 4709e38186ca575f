// Faults of the yearly archive on real filesystems: two runs at once, the database written while the archive
// runs, a drive pulled out mid-write (a folder that vanishes; a lazily unmounted loop image), a read-only drive
// (a read-only loop mount: root ignores chmod), a drive that fills up (too small from the start; filled up
// mid-write). In every case: a Russian message, no row in `archives` for the failed run, no `.partial-*` left
// that could pass for an archive, the earlier archive on the same drive still verifies, and the live journal
// still works. Loop-mount tests skip with the reason when this machine does not allow mounting.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveJob, ArchiveVerificationResult } from '../../src/shared/api/archive-schemas';
import { ArchiveError, currentArchiveRun, writeYearArchive, type ArchiveProgress } from '../../src/main/archive/archive-writer';
import type { MountedDrive } from '../../src/main/drives/drive-types';
import { startDemoServer } from './helpers/demo-server';
import { startJournalFixture, type JournalFixture } from './helpers/journal-fixture';
import { logIn, startTestServer, tempDir, type Client } from './helpers/test-server';
import {
  archiveThroughApi,
  driveAt,
  loopMountUnavailable,
  makeFolderDrive,
  mountImage,
  partialsOn,
  pullOut,
  sha256sumCheck,
  sqliteIntegrity,
  waitForJob,
  type LoopImage,
} from './helpers/archive-helpers';

const loopReason = loopMountUnavailable();
if (loopReason) console.warn(`Тесты на образах файловых систем пропущены: ${loopReason}`);
const skipped = loopReason ? ` — ПРОПУЩЕН: ${loopReason}` : '';

let f: JournalFixture;
let admin: Client;
let teacher: Client;
let adminUserId: number;
let folderRoot: string;
let yearId: number;
let studentIds: number[];
let today: string;
let markRound = 0;
const images: LoopImage[] = [];

beforeAll(async () => {
  folderRoot = tempDir('archive-fault-drives-');
  f = await startJournalFixture(70, { drives: { system: false, folderRoot } });
  today = f.lessonDates[14]!;
  f.setToday(today);
  admin = await f.account('admin');
  teacher = await f.signIn(f.teacherUserId);
  const adminLogin = f.t.demo.accounts.find((a) => a.role === 'admin')!.login;
  adminUserId = ((await f.t.server.db('users').where({ login: adminLogin }).first('id')) as { id: number }).id;
  yearId = ((await f.t.server.db('academic_years').orderBy('id').first('id')) as { id: number }).id;
  const page = await teacher.get<{ students: Array<{ id: number }> }>(f.base);
  studentIds = page.body.students.map((s) => s.id);
}, 180_000);

afterAll(async () => {
  for (const image of images) image.release();
  await f.t.close();
  for (const image of images) image.release();
  fs.rmSync(folderRoot, { recursive: true, force: true });
});

async function archiveCount(): Promise<number> {
  const row = (await f.t.server.db('archives').count({ n: '*' }).first()) as { n: number };
  return Number(row.n);
}

const versions = new Map<number, number>();

/** A mark saved through the API on today's lesson (the version the editor last saw, as the UI does). */
async function saveMark(studentId: number): Promise<number> {
  const lessonNumber = f.lessonNumbers.get(today)![0]!;
  const value = String(3 + (markRound++ % 3));
  const reply = await teacher.post<{ results: Array<{ mark: { version: number } | null }> }>(`${f.base}/cells`, {
    edits: [{ kind: 'mark', date: today, lessonNumber, columnId: null, studentId, value, version: versions.get(studentId) ?? 0 }],
  });
  const version = reply.body.results?.[0]?.mark?.version;
  if (version !== undefined) versions.set(studentId, version);
  return reply.status;
}

async function expectJournalWorks(): Promise<void> {
  expect((await admin.get('/api/v1/health')).status).toBe(200);
  expect(await saveMark(studentIds[markRound % studentIds.length]!)).toBe(200);
  expect((await teacher.get(f.base)).status).toBe(200);
}

async function verifyThroughApi(archiveId: number): Promise<ArchiveVerificationResult> {
  const reply = await admin.post<ArchiveVerificationResult & { detail?: string }>(`/api/v1/archives/${archiveId}/verify`, {});
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

async function mountedDrive(mountPath: string): Promise<MountedDrive> {
  const view = (await admin.post<{ drives: MountedDrive[] }>('/api/v1/drives/rescan', {})).body.drives.find((d) => path.resolve(d.mountPath) === path.resolve(mountPath));
  if (!view) throw new Error(`no drive at ${mountPath}`);
  return { identity: view.identity, label: view.label, mountPath: view.mountPath, sizeBytes: view.sizeBytes, freeBytes: view.freeBytes, readOnly: view.readOnly, source: view.source };
}

/** Runs the writer directly (as the route does) with a fault injected from the progress callback. */
async function failingRun(drive: MountedDrive, onProgress: (p: ArchiveProgress) => void, signal?: AbortSignal): Promise<ArchiveError> {
  try {
    await writeYearArchive({ db: f.t.server.db, dataDir: f.t.dataDir, version: 'test', academicYearId: yearId, drive, userId: adminUserId, onProgress, ...(signal ? { signal } : {}) });
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError);
    return error as ArchiveError;
  }
  throw new Error('the archive run was expected to fail');
}

describe('runs and the live journal', () => {
  it('two runs at once: the second gets 409 «Архив уже записывается», the first succeeds', async () => {
    const drive = makeFolderDrive(folderRoot, 'TWICE');
    const identity = (await driveAt(admin, drive)).identity;
    const before = await archiveCount();
    const [a, b] = await Promise.all([
      admin.post<ArchiveJob & { detail?: string }>('/api/v1/archives', { academicYearId: yearId, driveIdentity: identity }),
      admin.post<ArchiveJob & { detail?: string }>('/api/v1/archives', { academicYearId: yearId, driveIdentity: identity }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body.detail).toContain('Архив уже записывается');
    const job = await waitForJob(admin);
    expect(job.state, job.error ?? '').toBe('done');
    expect(await archiveCount()).toBe(before + 1);
    // A third run after the first is done is accepted again.
    const third = await archiveThroughApi(admin, yearId, identity);
    expect(third.state).toBe('done');
    expect(third.result!.folder).not.toBe(job.result!.folder);
    expect(sha256sumCheck(path.join(drive, job.result!.folder)).status).toBe(0);
  }, 180_000);

  it('the database written (marks saved through the API) while the archive runs: the copy is consistent and verifies', async () => {
    const drive = makeFolderDrive(folderRoot, 'BUSY');
    const identity = (await driveAt(admin, drive)).identity;
    const started = await admin.post<ArchiveJob>('/api/v1/archives', { academicYearId: yearId, driveIdentity: identity });
    expect(started.status).toBe(200);
    const statuses: number[] = [];
    let job: ArchiveJob | null = null;
    for (let i = 0; !job; i++) {
      statuses.push(await saveMark(studentIds[i % studentIds.length]!));
      const current = (await admin.get<{ job: ArchiveJob }>('/api/v1/archives/job')).body.job;
      if (current.state !== 'running') job = current;
    }
    expect(statuses.length).toBeGreaterThan(1);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(job.state, job.error ?? '').toBe('done');
    const folder = path.join(drive, job.result!.folder);
    expect(sha256sumCheck(folder).status).toBe(0);
    expect(sqliteIntegrity(path.join(folder, 'database', 'journal.sqlite3'))).toBe('ok');
    expect((await verifyThroughApi(job.result!.archiveId)).status).toBe('ok');
    await expectJournalWorks();
  }, 180_000);
});

describe('a drive pulled out mid-write', () => {
  it('(a folder drive that vanishes) fails with «Диск отключён», records nothing, the earlier archive still verifies', async () => {
    const drive = makeFolderDrive(folderRoot, 'VANISH');
    const earlier = await archiveThroughApi(admin, yearId, (await driveAt(admin, drive)).identity);
    expect(earlier.state).toBe('done');
    const mounted = await mountedDrive(drive);
    const before = await archiveCount();
    const away = path.join(path.dirname(folderRoot), `${path.basename(folderRoot)}-vanished`);
    let pulled = false;
    const error = await failingRun(mounted, (p) => {
      if (!pulled && p.phase === 'write' && p.phaseDone > 0.2) {
        pulled = true;
        fs.renameSync(drive, away);
      }
    });
    expect(pulled).toBe(true);
    expect(error.reason).toBe('drive-gone');
    expect(error.message).toContain('отключён во время записи');
    expect(await archiveCount()).toBe(before);
    // Nothing was written in place of the drive (its mount point path).
    expect(fs.existsSync(drive)).toBe(false);
    fs.renameSync(away, drive);
    // What is left is named as unfinished, and is not recorded.
    for (const name of partialsOn(drive)) expect(name.startsWith('.partial-')).toBe(true);
    expect((await verifyThroughApi(earlier.result!.archiveId)).status).toBe('ok');
    await expectJournalWorks();
  }, 180_000);

  it.skipIf(loopReason !== null)(`(a loop-mounted image, lazily unmounted) fails with «Диск отключён», records nothing${skipped}`, async () => {
    const image = mountImage(folderRoot, 'PULLED', 40);
    images.push(image);
    const earlier = await archiveThroughApi(admin, yearId, (await driveAt(admin, image.mountPath)).identity);
    expect(earlier.state, earlier.error ?? '').toBe('done');
    const mounted = await mountedDrive(image.mountPath);
    const before = await archiveCount();
    let pulled = false;
    const error = await failingRun(mounted, (p) => {
      if (!pulled && p.phase === 'write' && p.phaseDone > 0.3) {
        pulled = true;
        pullOut(image.mountPath);
      }
    });
    expect(pulled).toBe(true);
    expect(error.reason).toBe('drive-gone');
    expect(error.message).toMatch(/^Диск «PULLED» отключён во время записи/);
    expect(await archiveCount()).toBe(before);
    // Nothing landed on the system disk under the empty mount point.
    expect(fs.readdirSync(image.mountPath)).toEqual([]);
    // Plugged in again: the unfinished folder is recognisably unfinished and unrecorded; the earlier archive is intact.
    image.remount();
    for (const name of partialsOn(image.mountPath)) expect(name.startsWith('.partial-')).toBe(true);
    await driveAt(admin, image.mountPath);
    expect((await verifyThroughApi(earlier.result!.archiveId)).status).toBe('ok');
    expect(sha256sumCheck(path.join(image.mountPath, earlier.result!.folder)).status).toBe(0);
    await expectJournalWorks();
  }, 180_000);
});

describe('a drive that cannot take the archive', () => {
  it.skipIf(loopReason !== null)(`a read-only drive (mount -o loop,ro) is refused with «только для чтения»${skipped}`, async () => {
    const image = mountImage(folderRoot, 'READONLY', 16, { readOnly: true });
    images.push(image);
    const view = await driveAt(admin, image.mountPath);
    expect(view.readOnly).toBe(true);
    const before = await archiveCount();
    const reply = await admin.post<{ detail: string }>('/api/v1/archives', { academicYearId: yearId, driveIdentity: view.identity });
    expect(reply.status).toBe(409);
    expect(reply.body.detail).toContain('только для чтения');
    // Even when the drive is not known to be read-only, the first write is refused with the same message.
    const error = await failingRun({ ...(await mountedDrive(image.mountPath)), readOnly: false }, () => undefined);
    expect(error.reason).toBe('read-only');
    expect(error.message).toContain('только для чтения');
    expect(await archiveCount()).toBe(before);
    await expectJournalWorks();
  }, 120_000);

  it.skipIf(loopReason !== null)(`a drive smaller than the archive is refused before writing, naming needed and free space${skipped}`, async () => {
    const liveBytes = fs.statSync(path.join(f.t.dataDir, 'journal.sqlite3')).size;
    const image = mountImage(folderRoot, 'TINY', Math.max(2, Math.floor(liveBytes / (1024 * 1024))));
    images.push(image);
    const view = await driveAt(admin, image.mountPath);
    const before = await archiveCount();
    const reply = await admin.post<{ detail: string }>('/api/v1/archives', { academicYearId: yearId, driveIdentity: view.identity });
    expect(reply.status).toBe(409);
    expect(reply.body.detail).toMatch(/недостаточно места для архива: нужно не меньше [\d,]+ МБ, свободно [\d,]+ МБ/);
    expect(partialsOn(image.mountPath)).toEqual([]);
    expect(await archiveCount()).toBe(before);
    await expectJournalWorks();
  }, 120_000);

  it.skipIf(loopReason !== null)(`a drive that fills up mid-write: «недостаточно места», partial removed, the earlier archive verifies${skipped}`, async () => {
    const image = mountImage(folderRoot, 'FILLS', 48);
    images.push(image);
    const earlier = await archiveThroughApi(admin, yearId, (await driveAt(admin, image.mountPath)).identity);
    expect(earlier.state, earlier.error ?? '').toBe('done');
    const mounted = await mountedDrive(image.mountPath);
    const filler = path.join(image.mountPath, 'filler.bin');
    const before = await archiveCount();
    let filled = false;
    const error = await failingRun(mounted, (p) => {
      if (!filled && p.phase === 'write' && p.phaseDone > 0.1) {
        filled = true;
        // Someone else's big copy takes what is left of the disk.
        const stats = fs.statfsSync(image.mountPath);
        execFileSync('fallocate', ['-l', String(Math.max(4096, stats.bavail * stats.bsize - 8192)), filler]);
      }
    });
    expect(filled).toBe(true);
    expect(error.reason).toBe('no-space');
    expect(error.message).toContain('недостаточно места');
    expect(partialsOn(image.mountPath)).toEqual([]);
    expect(await archiveCount()).toBe(before);
    fs.rmSync(filler);
    expect((await verifyThroughApi(earlier.result!.archiveId)).status).toBe('ok');
    expect(sha256sumCheck(path.join(image.mountPath, earlier.result!.folder)).status).toBe(0);
    await expectJournalWorks();
  }, 180_000);
});

describe('the server stopping during a run', () => {
  it('a run cancelled at the last moment before the rename leaves no folder (final or partial) and no row', async () => {
    const drive = makeFolderDrive(folderRoot, 'LATE');
    await driveAt(admin, drive);
    const mounted = await mountedDrive(drive);
    const before = await archiveCount();
    const controller = new AbortController();
    let aborted = false;
    const error = await failingRun(
      mounted,
      (p) => {
        // Everything is written and verified; the server stops just before the folder would be renamed.
        if (!aborted && p.phase === 'finish') {
          aborted = true;
          controller.abort();
        }
      },
      controller.signal,
    );
    expect(aborted).toBe(true);
    expect(error.reason).toBe('cancelled');
    expect(error.message).toContain('Запись архива прервана');
    expect(await archiveCount()).toBe(before);
    expect(fs.readdirSync(path.join(drive, 'ejournal-archives'))).toEqual([]);
    expect(currentArchiveRun(f.t.dataDir)).toBeNull();
    await expectJournalWorks();
  }, 180_000);

  it('closing the server waits for the running archive to stop; a new server on the same data folder then writes one', async () => {
    const drivesRoot = tempDir('archive-close-drives-');
    const drive = makeFolderDrive(drivesRoot, 'CLOSING');
    const first = await startDemoServer(30, { drives: { system: false, folderRoot: drivesRoot } });
    let second: Awaited<ReturnType<typeof startTestServer>> | null = null;
    try {
      const account = first.demo.accounts.find((a) => a.role === 'admin')!;
      const firstAdmin = await logIn(first.server.url, account.login, account.password);
      const year = ((await first.server.db('academic_years').orderBy('id').first('id')) as { id: number }).id;
      const identity = (await driveAt(firstAdmin, drive)).identity;
      const started = await firstAdmin.post<ArchiveJob & { detail?: string }>('/api/v1/archives', { academicYearId: year, driveIdentity: identity });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      expect(started.body.state).toBe('running');
      expect(currentArchiveRun(first.dataDir)).not.toBeNull();
      // Closed while the run is going on: close() resolves only once the run has stopped and cleaned up.
      await first.close();
      expect(currentArchiveRun(first.dataDir)).toBeNull();
      const left = fs.existsSync(path.join(drive, 'ejournal-archives')) ? fs.readdirSync(path.join(drive, 'ejournal-archives')) : [];
      expect(left.filter((name) => !name.startsWith('.partial-'))).toEqual([]);

      // The same journal, restarted in this process (as after a restore): nothing recorded, and a run is accepted.
      second = await startTestServer(first.dataDir, { drives: { system: false, folderRoot: drivesRoot } });
      expect(Number(((await second.server.db('archives').count({ n: '*' }).first()) as { n: number }).n)).toBe(0);
      const secondAdmin = await logIn(second.server.url, account.login, account.password);
      const job = await archiveThroughApi(secondAdmin, year, (await driveAt(secondAdmin, drive)).identity);
      expect(job.state, job.error ?? '').toBe('done');
      expect(sha256sumCheck(path.join(drive, job.result!.folder)).status).toBe(0);
      expect(partialsOn(drive)).toEqual([]);
    } finally {
      await second?.close();
      await first.close();
      fs.rmSync(drivesRoot, { recursive: true, force: true });
      fs.rmSync(first.dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
