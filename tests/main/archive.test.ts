// The yearly archive end to end on a real server with real folders as drives: what a fresh archive holds (checked
// with the real `sha256sum -c` and `sqlite3`), what is recorded, re-verification on request and on plug-in, a
// flipped byte and a deleted folder, and the retention view.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveItem, ArchiveJob, ArchiveRetention, ArchiveVerificationResult } from '../../src/shared/api/archive-schemas';
import type { ArchiveManifest } from '../../src/main/archive/archive-layout';
import { checkArchiveFolder } from '../../src/main/archive/archive-verifier';
import type { DemoResult } from '../../src/main/demo/demo-school';
import { startDemoServer } from './helpers/demo-server';
import { logIn, startTestServer, tempDir, type Client, type TestServer } from './helpers/test-server';
import { archiveThroughApi, driveAt, makeFolderDrive, filesUnder, partialsOn, sha256sumCheck, sqliteIntegrity } from './helpers/archive-helpers';

let t: TestServer & { demo: DemoResult };
let admin: Client;
let director: Client;
let folderRoot: string;
let driveA: string;
let identityA: string;
let yearId: number;
let job: ArchiveJob;
let archiveFolder: string;

beforeAll(async () => {
  folderRoot = tempDir('archive-drives-');
  driveA = makeFolderDrive(folderRoot, 'ARCHIVE-A');
  t = await startDemoServer(90, { journal: true, drives: { system: false, folderRoot } });
  const account = (role: string) => t.demo.accounts.find((a) => a.role === role)!;
  admin = await logIn(t.server.url, account('admin').login, account('admin').password);
  director = await logIn(t.server.url, account('director').login, account('director').password);
  yearId = ((await t.server.db('academic_years').orderBy('id').first('id')) as { id: number }).id;
  identityA = (await driveAt(admin, driveA)).identity;
  const started = Date.now();
  job = await archiveThroughApi(admin, yearId, identityA);
  // The measured time of a test school, for the report (phase timings come with the result).
  console.log(`archive of a 90-pupil school: ${Date.now() - started} ms`, JSON.stringify(job.result));
  archiveFolder = path.join(driveA, ...(job.result?.folder ?? '').split('/'));
}, 180_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(folderRoot, { recursive: true, force: true });
});

describe('a fresh archive', () => {
  it('finishes and reports files, size, checksum and phase timings', () => {
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    const result = job.result!;
    expect(result.folder).toMatch(/^ejournal-archives\/\d{4}-\d{4}_\d{8}-\d{6}$/);
    expect(result.fileCount).toBeGreaterThan(5);
    expect(result.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    for (const key of ['writeMs', 'flushMs', 'verifyMs', 'databaseCheckMs', 'generateMs', 'snapshotMs', 'totalMs'] as const) expect(result.timings[key]).toBeGreaterThanOrEqual(0);
    expect(partialsOn(driveA)).toEqual([]);
    expect(fs.existsSync(path.join(t.dataDir, 'archive-staging', path.basename(archiveFolder)))).toBe(false);
  });

  it('passes the real `sha256sum -c SHA256SUMS`', () => {
    const check = sha256sumCheck(archiveFolder);
    expect(check.output).not.toMatch(/FAILED|WARNING/);
    expect(check.status).toBe(0);
    expect(check.output).toContain('database/journal.sqlite3: OK');
    expect(check.output).toContain('manifest.json: OK');
  });

  it('holds a database copy that `sqlite3 PRAGMA integrity_check` calls ok, with the journal in it', () => {
    const copy = path.join(archiveFolder, 'database', 'journal.sqlite3');
    expect(sqliteIntegrity(copy)).toBe('ok');
    // A single self-contained file: no -wal/-shm beside it.
    expect(fs.readdirSync(path.join(archiveFolder, 'database'))).toEqual(['journal.sqlite3']);
  });

  it('lists every file in the manifest with size and SHA-256, and the year, version and time', async () => {
    const manifestBytes = fs.readFileSync(path.join(archiveFolder, 'manifest.json'));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as ArchiveManifest;
    expect(manifest.format).toBe('ejournal-archive/1');
    expect(manifest.programVersion).toBe('test');
    expect(manifest.academicYear.id).toBe(yearId);
    expect(Date.parse(manifest.createdAt)).not.toBeNaN();
    const onDisk = filesUnder(archiveFolder).filter((f) => f !== 'manifest.json' && f !== 'SHA256SUMS');
    expect(manifest.files.map((f) => f.path).sort()).toEqual(onDisk);
    for (const file of manifest.files) expect(fs.statSync(path.join(archiveFolder, file.path)).size).toBe(file.size);
    expect(onDisk).toContain('README.txt');
    expect(onDisk.some((f) => f.startsWith('statements/') && f.endsWith('.pdf'))).toBe(true);
    expect(onDisk).toContain('statements/final-marks.csv');
    const readme = fs.readFileSync(path.join(archiveFolder, 'README.txt'), 'utf8');
    expect(readme).toContain('sha256sum -c SHA256SUMS');
    expect(readme).toContain('Учебный год');
  });

  it('has per-class CSV files (UTF-8 with BOM) with every pupil, and a PDF per class', async () => {
    const db = t.server.db;
    const year = (await db('academic_years').where({ id: yearId }).first('name')) as { name: string };
    const classes = (await db('classes').where({ academic_year: year.name }).select('id', 'level', 'letter')) as Array<{ id: number; level: number; letter: string }>;
    expect(classes.length).toBeGreaterThan(0);
    for (const cls of classes) {
      const folder = path.join(archiveFolder, 'classes', `${String(cls.level).padStart(2, '0')}-${cls.letter}`);
      const list = fs.readFileSync(path.join(folder, 'class-list.csv'));
      expect([...list.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = list.toString('utf8');
      const pupils = (await db('class_enrolments as e').join('students as s', 's.id', 'e.student_id').where('e.class_id', cls.id).select('s.last_name', 's.first_name')) as Array<{ last_name: string; first_name: string }>;
      for (const p of pupils) expect(text).toContain(`${p.last_name};${p.first_name}`);
      for (const name of ['marks.csv', 'attendance.csv', 'period-marks.csv']) {
        expect([...fs.readFileSync(path.join(folder, name)).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      }
      expect(fs.readFileSync(path.join(folder, 'class-journal.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    }
    // The demo journal has marks: they are in the archive.
    const marks = classes.map((c) => fs.readFileSync(path.join(archiveFolder, 'classes', `${String(c.level).padStart(2, '0')}-${c.letter}`, 'marks.csv'), 'utf8').split('\r\n').length - 2);
    expect(marks.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('is recorded: drive, folder, size, manifest hash, retain until +5 years, a write verification and an audit row', async () => {
    const db = t.server.db;
    const row = (await db('archives').where({ id: job.result!.archiveId }).first()) as Record<string, unknown>;
    expect(row.folder).toBe(job.result!.folder);
    expect(row.status).toBe('ok');
    expect(Number(row.total_bytes)).toBe(filesUnder(archiveFolder).reduce((a, f) => a + fs.statSync(path.join(archiveFolder, f)).size, 0));
    expect(row.file_count).toBe(filesUnder(archiveFolder).length);
    const created = new Date(String(row.created_at));
    const local = `${created.getFullYear() + 5}-${String(created.getMonth() + 1).padStart(2, '0')}-${String(created.getDate()).padStart(2, '0')}`;
    expect(row.retain_until).toBe(local);
    const { createHash } = await import('node:crypto');
    expect(row.manifest_sha256).toBe(createHash('sha256').update(fs.readFileSync(path.join(archiveFolder, 'manifest.json'))).digest('hex'));
    const drive = (await db('drives').where({ id: row.drive_id }).first('identity')) as { identity: string };
    expect(drive.identity).toBe(identityA);
    const verification = (await db('archive_verifications').where({ archive_id: row.id }).first()) as Record<string, unknown>;
    expect(verification).toMatchObject({ trigger: 'write', status: 'ok', problems: '[]' });
    expect(await db('audit_log').where({ action: 'archive.create', entity_id: String(row.id) }).first('id')).toBeTruthy();
  });

  it('is listed for the administrator and the director', async () => {
    for (const client of [admin, director]) {
      const list = await client.get<{ archives: ArchiveItem[] }>('/api/v1/archives');
      expect(list.status).toBe(200);
      expect(list.body.archives.find((a) => a.id === job.result!.archiveId)).toMatchObject({ status: 'ok', driveAttached: true, retainUntil: job.result!.retainUntil });
    }
  });
});

describe('who may write', () => {
  it('refuses a write requested from another PC of the school (403, the drives are at the server PC)', async () => {
    const reply = await t.server.app.inject({
      method: 'POST',
      url: '/api/v1/archives',
      remoteAddress: '192.168.1.20',
      headers: { cookie: admin.cookie!, 'content-type': 'application/json' },
      payload: { academicYearId: yearId, driveIdentity: identityA },
    });
    expect(reply.statusCode).toBe(403);
    expect((reply.json() as { detail: string }).detail).toContain('компьютеру-серверу');
    expect(await t.server.db('archives').count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('refuses a director (archive.manage is the administrator\'s) and an unknown drive', async () => {
    expect((await director.post('/api/v1/archives', { academicYearId: yearId, driveIdentity: identityA })).status).toBe(403);
    const unknown = await admin.post<{ detail: string }>('/api/v1/archives', { academicYearId: yearId, driveIdentity: 'id:00000000-0000-0000-0000-000000000000' });
    expect(unknown.status).toBe(409);
    expect(unknown.body.detail).toContain('не подключён');
  });
});

describe('verification', () => {
  const verify = (id: number) => admin.post<ArchiveVerificationResult & { detail?: string }>(`/api/v1/archives/${id}/verify`, {});

  it('passes on request, and is recorded', async () => {
    const reply = await verify(job.result!.archiveId);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'ok', problems: [], checkedFiles: job.result!.fileCount, checkedBytes: expect.any(Number) });
    expect(await t.server.db('archive_verifications').where({ archive_id: job.result!.archiveId, trigger: 'request' }).first('id')).toBeTruthy();
  });

  it('names a file with one flipped byte and marks the archive damaged; fixed, it is ok again', async () => {
    const victim = filesUnder(archiveFolder).find((f) => f.endsWith('marks.csv'))!;
    const file = path.join(archiveFolder, victim);
    const bytes = fs.readFileSync(file);
    const offset = Math.floor(bytes.length / 2);
    const original = bytes[offset]!;
    bytes[offset] = original ^ 0x01;
    fs.writeFileSync(file, bytes);
    const reply = await verify(job.result!.archiveId);
    expect(reply.body.status).toBe('damaged');
    expect(reply.body.problems).toEqual([{ file: victim, problem: expect.stringContaining('Содержимое изменено') }]);
    expect(sha256sumCheck(archiveFolder).status).not.toBe(0);
    const listed = await admin.get<{ archives: ArchiveItem[] }>('/api/v1/archives');
    expect(listed.body.archives.find((a) => a.id === job.result!.archiveId)).toMatchObject({ status: 'damaged', problems: [{ file: victim }] });
    bytes[offset] = original;
    fs.writeFileSync(file, bytes);
    expect((await verify(job.result!.archiveId)).body.status).toBe('ok');
  });

  it('reports a changed manifest, a missing file and an added file by name', async () => {
    const manifestFile = path.join(archiveFolder, 'manifest.json');
    const manifest = fs.readFileSync(manifestFile);
    const readme = fs.readFileSync(path.join(archiveFolder, 'README.txt'));
    fs.writeFileSync(manifestFile, Buffer.concat([manifest, Buffer.from(' ')]));
    fs.rmSync(path.join(archiveFolder, 'README.txt'));
    fs.writeFileSync(path.join(archiveFolder, 'notes.txt'), 'чужой файл');
    const reply = await verify(job.result!.archiveId);
    expect(reply.body.status).toBe('damaged');
    const files = reply.body.problems.map((p) => p.file);
    expect(files).toEqual(expect.arrayContaining(['manifest.json', 'README.txt', 'notes.txt']));
    fs.writeFileSync(manifestFile, manifest);
    fs.writeFileSync(path.join(archiveFolder, 'README.txt'), readme);
    fs.rmSync(path.join(archiveFolder, 'notes.txt'));
    expect((await verify(job.result!.archiveId)).body.status).toBe('ok');
  });

  it('reports an archive folder deleted by hand as missing (and ok once it is back)', async () => {
    const away = `${archiveFolder}-moved`;
    fs.renameSync(archiveFolder, away);
    const reply = await verify(job.result!.archiveId);
    expect(reply.body.status).toBe('missing');
    expect(reply.body.problems[0]!.problem).toContain('не найдена');
    fs.renameSync(away, archiveFolder);
    expect((await verify(job.result!.archiveId)).body.status).toBe('ok');
  });

  it('re-verifies the archives of a drive when it is plugged in, naming a file damaged meanwhile', async () => {
    const db = t.server.db;
    const before = await db('archive_verifications').where({ archive_id: job.result!.archiveId, trigger: 'plug-in' }).count({ n: '*' }).first();
    // Unplug: the drive's folder leaves the drives folder; change a byte meanwhile; plug it back in.
    const outside = path.join(path.dirname(folderRoot), `${path.basename(folderRoot)}-unplugged`);
    fs.renameSync(driveA, outside);
    await admin.post('/api/v1/drives/rescan', {});
    const victim = filesUnder(path.join(outside, job.result!.folder)).find((f) => f.endsWith('attendance.csv'))!;
    const file = path.join(outside, job.result!.folder, victim);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x20;
    fs.writeFileSync(file, bytes);
    fs.renameSync(outside, driveA);
    await admin.post('/api/v1/drives/rescan', {});
    let row: { status: string; problems: string } | undefined;
    for (let i = 0; i < 200 && !row; i++) {
      row = (await db('archive_verifications')
        .where({ archive_id: job.result!.archiveId, trigger: 'plug-in' })
        .orderBy('id', 'desc')
        .offset(Number((before as { n: number }).n))
        .first('status', 'problems')) as typeof row;
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toBeTruthy();
    expect(row!.status).toBe('damaged');
    expect(JSON.parse(row!.problems)).toEqual([{ file: victim, problem: expect.stringContaining('Содержимое изменено') }]);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x20;
    fs.writeFileSync(file.replace(outside, driveA), bytes);
    expect((await verify(job.result!.archiveId)).body.status).toBe('ok');
  });

  it('refuses to verify when the drive is not plugged in, and 404 for an unknown archive', async () => {
    expect((await verify(999999)).status).toBe(404);
  });
});

describe('retention', () => {
  it('lists every archive with its expiry, recommends a second copy, and flags overdue verification', async () => {
    const reply = await director.get<ArchiveRetention>('/api/v1/archives/retention');
    expect(reply.status).toBe(200);
    const archive = reply.body.archives.find((a) => a.id === job.result!.archiveId)!;
    expect(archive).toMatchObject({ retainUntil: job.result!.retainUntil, isExpired: false, isVerificationOverdue: false, status: 'ok' });
    expect(reply.body.years.find((y) => y.academicYearId === yearId)).toMatchObject({ goodDriveCount: 1, needsSecondCopy: true, hasNoGoodCopy: false });

    // A second copy on another drive: the year is safe.
    const driveB = makeFolderDrive(folderRoot, 'ARCHIVE-B');
    const second = await archiveThroughApi(admin, yearId, (await driveAt(admin, driveB)).identity);
    expect(second.state).toBe('done');
    const after = await director.get<ArchiveRetention>('/api/v1/archives/retention');
    expect(after.body.years.find((y) => y.academicYearId === yearId)).toMatchObject({ goodDriveCount: 2, needsSecondCopy: false });

    // Not verified for 200 days: overdue (nothing is deleted, only reported).
    const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
    await t.server.db('archives').where({ id: job.result!.archiveId }).update({ last_verified_at: old });
    const overdue = await admin.get<ArchiveRetention>('/api/v1/archives/retention');
    expect(overdue.body.archives.find((a) => a.id === job.result!.archiveId)).toMatchObject({ isVerificationOverdue: true });
    expect(overdue.body.overdueDays).toBe(180);
    // Printed statements with their retention (25 years), from the statements registry.
    const adminId = ((await t.server.db('users').where({ login: t.demo.accounts.find((a) => a.role === 'admin')!.login }).first('id')) as { id: number }).id;
    await t.server.db('printed_statements').insert({
      academic_year_id: yearId,
      class_id: null,
      title: 'Сводная ведомость итоговых отметок, вся школа',
      page_count: 3,
      pdf_sha256: 'a'.repeat(64),
      printed_at: '2027-06-01T10:00:00.000Z',
      printed_by_user_id: adminId,
      retain_until: '2052-06-01',
    });
    const withStatement = await director.get<ArchiveRetention>('/api/v1/archives/retention');
    expect(withStatement.body.statements).toEqual([expect.objectContaining({ title: 'Сводная ведомость итоговых отметок, вся школа', retainUntil: '2052-06-01', isExpired: false, signedAt: null })]);
    expect(fs.existsSync(archiveFolder)).toBe(true);
  }, 120_000);
});

describe('the byte path (archive-io)', () => {
  it('copies while hashing, and reads back (direct and cached, several at once) to the same SHA-256 as sha256sum', async () => {
    const { copyHashing, hashFile } = await import('../../src/main/archive/archive-io');
    const { randomBytes } = await import('node:crypto');
    const dir = tempDir('archive-io-');
    try {
      // Sizes around the 4 MiB chunk and the 512-byte sector: the edges of the O_DIRECT reads.
      const sizes = [0, 1, 511, 512, 513, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 9 * 1024 * 1024 + 7];
      const sources = sizes.map((size, i) => {
        const file = path.join(dir, `src-${i}`);
        fs.writeFileSync(file, randomBytes(size));
        return file;
      });
      const copies = await Promise.all(sources.map((file) => copyHashing(file, `${file}.copy`)));
      const direct = await Promise.all(sources.map((file) => hashFile(`${file}.copy`, 'direct')));
      const cached = await Promise.all(sources.map((file) => hashFile(`${file}.copy`, 'cached')));
      sources.forEach((file, i) => {
        const expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
        expect(copies[i]).toEqual({ size: sizes[i], sha256: expected });
        expect(direct[i]).toMatchObject({ size: sizes[i], sha256: expected });
        expect(cached[i]).toMatchObject({ size: sizes[i], sha256: expected, mode: 'cached' });
      });
      // An existing destination is never overwritten.
      await expect(copyHashing(sources[1]!, `${sources[1]!}.copy`)).rejects.toMatchObject({ code: 'EEXIST' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a manifest or folder made to lead the verifier astray', () => {
  const sha = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');

  /** An archive folder as the writer lays it out (files, manifest.json, SHA256SUMS); returns the manifest's hash. */
  function makeArchive(folder: string, files: Record<string, string>, extra: Array<{ path: string; size: number; sha256: string }> = []): string {
    const listed = Object.entries(files).map(([relative, content]) => {
      fs.mkdirSync(path.dirname(path.join(folder, relative)), { recursive: true });
      fs.writeFileSync(path.join(folder, relative), content);
      return { path: relative, size: Buffer.byteLength(content), sha256: sha(content) };
    });
    const manifest = {
      format: 'ejournal-archive/1',
      programVersion: 'test',
      schoolName: 'Школа',
      academicYear: { id: 1, name: '2025/2026', startDate: '2025-09-01', endDate: '2026-08-31' },
      createdAt: new Date().toISOString(),
      files: [...listed, ...extra],
    };
    const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    fs.writeFileSync(path.join(folder, 'manifest.json'), bytes);
    const sums = [...manifest.files, { path: 'manifest.json', sha256: sha(bytes) }].map((f) => `${f.sha256}  ${f.path}\n`).join('');
    fs.writeFileSync(path.join(folder, 'SHA256SUMS'), sums);
    return sha(bytes);
  }

  /**
   * A named pipe outside the archive: opening it for reading blocks until someone writes, so a verifier that
   * followed a path or link to it would hang the test instead of passing it.
   */
  function trap(dir: string, name: string): string {
    const file = path.join(dir, name);
    execFileSync('mkfifo', [file]);
    return file;
  }

  let base: string;
  beforeAll(() => {
    base = tempDir('archive-hostile-');
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it.each([
    ['..\\..\\outside\\secret.txt'],
    ['../outside/secret.txt'],
    ['/etc/passwd'],
    ['C:/Windows/win.ini'],
    ['classes/./a.csv'],
    ['classes//a.csv'],
    ['classes/a.csv\u0000.pdf'],
  ])('refuses a manifest (recorded hash unknown) listing %j by name, reading nothing', async (bad) => {
    const root = fs.mkdtempSync(path.join(base, 'bad-path-'));
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    trap(outside, 'secret.txt');
    const folder = path.join(root, 'drive', 'ejournal-archives', 'a');
    fs.mkdirSync(folder, { recursive: true });
    makeArchive(folder, { 'README.txt': 'прочтите' }, [{ path: bad, size: 10, sha256: 'a'.repeat(64) }]);
    const check = await checkArchiveFolder(folder, null);
    expect(check.status).toBe('damaged');
    expect(check.checkedFiles).toBe(0);
    expect(check.checkedBytes).toBe(0);
    expect(check.problems).toContainEqual({ file: 'manifest.json', problem: expect.stringContaining('недопустимый путь') });
    expect(check.problems.map((p) => p.file)).toContain(bad.replace(/\0/g, '\\0'));
  });

  it('refuses a manifest listing one file twice (also in another letter case) or too many files', async () => {
    const twice = fs.mkdtempSync(path.join(base, 'twice-'));
    makeArchive(twice, { 'big.bin': 'x'.repeat(1000) }, [{ path: 'BIG.bin', size: 1000, sha256: sha('x'.repeat(1000)) }]);
    const check = await checkArchiveFolder(twice, null);
    expect(check).toMatchObject({ status: 'damaged', checkedFiles: 0, checkedBytes: 0 });
    expect(check.problems).toContainEqual({ file: 'manifest.json', problem: expect.stringContaining('указан в ней дважды') });

    const many = fs.mkdtempSync(path.join(base, 'many-'));
    const entries = Array.from({ length: 20_001 }, (_, i) => ({ path: `f${i}`, size: 0, sha256: sha('') }));
    makeArchive(many, {}, entries);
    const huge = await checkArchiveFolder(many, null);
    expect(huge).toMatchObject({ status: 'damaged', checkedFiles: 0 });
    expect(huge.problems).toContainEqual({ file: 'manifest.json', problem: expect.stringContaining('больше допустимых') });
  });

  it('reports a link inside the archive by name and does not follow it (to a file or a folder outside)', async () => {
    const root = fs.mkdtempSync(path.join(base, 'links-'));
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'marks.csv'), 'чужие данные');
    const pipe = trap(outside, 'pipe');
    const folder = path.join(root, 'archive');
    fs.mkdirSync(folder);
    // Listed with the outside file's true hash: a verifier that followed the link would call it intact.
    const manifestSha = makeArchive(folder, { 'README.txt': 'прочтите' }, [
      { path: 'classes/05-A/marks.csv', size: Buffer.byteLength('чужие данные'), sha256: sha('чужие данные') },
      { path: 'linked/marks.csv', size: Buffer.byteLength('чужие данные'), sha256: sha('чужие данные') },
    ]);
    fs.mkdirSync(path.join(folder, 'classes', '05-A'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'marks.csv'), path.join(folder, 'classes', '05-A', 'marks.csv'));
    fs.symlinkSync(outside, path.join(folder, 'linked'));
    // Not listed, pointing at a pipe: reported, never opened.
    fs.symlinkSync(pipe, path.join(folder, 'notes.txt'));
    const check = await checkArchiveFolder(folder, manifestSha);
    expect(check.status).toBe('damaged');
    expect(check.problems).toEqual(
      expect.arrayContaining([
        { file: 'classes/05-A/marks.csv', problem: expect.stringContaining('Ссылка (symlink)') },
        { file: 'linked/marks.csv', problem: 'Файл отсутствует.' },
        { file: 'linked', problem: expect.stringContaining('Ссылка (symlink)') },
        { file: 'notes.txt', problem: expect.stringContaining('Ссылка (symlink)') },
      ]),
    );
    expect(check.problems.filter((p) => p.file === 'classes/05-A/marks.csv')).toHaveLength(1);
    // The one real file was checked, and only it.
    expect(check.checkedBytes).toBe(Buffer.byteLength('прочтите') + 2 * Buffer.byteLength('чужие данные'));
    expect(check.problems.some((p) => p.problem.includes('Содержимое'))).toBe(false);
  });

  it('does not follow a manifest whose hash is not the recorded one: damaged, naming manifest.json, nothing hashed', async () => {
    const root = fs.mkdtempSync(path.join(base, 'altered-'));
    const folder = path.join(root, 'archive');
    fs.mkdirSync(folder);
    const recorded = makeArchive(folder, { 'README.txt': 'прочтите', 'database/journal.sqlite3': 'x'.repeat(4096) });
    // Someone rewrites the manifest to list a pipe of theirs (and the files, with made-up hashes).
    trap(folder, 'pipe');
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as ArchiveManifest;
    manifest.files = [...manifest.files.map((f) => ({ ...f, sha256: 'b'.repeat(64) })), { path: 'pipe', size: 1, sha256: 'c'.repeat(64) }, { path: 'gone.pdf', size: 1, sha256: 'd'.repeat(64) }];
    fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
    const check = await checkArchiveFolder(folder, recorded);
    expect(check).toMatchObject({ status: 'damaged', checkedFiles: 0, checkedBytes: 0 });
    expect(check.problems).toContainEqual({ file: 'manifest.json', problem: expect.stringContaining('изменена после записи') });
    // Only names compared: a listed name that is not there is named; the listed files are not called changed.
    expect(check.problems).toContainEqual({ file: 'gone.pdf', problem: expect.stringContaining('Файл отсутствует') });
    expect(check.problems.some((p) => p.problem.includes('Содержимое'))).toBe(false);
    expect(check.problems).toContainEqual({ file: 'pipe', problem: expect.stringContaining('не файл') });
  });
});

// Last in the file: it restarts the server (the clients above are bound to the first one).
describe('a server started with the drive already plugged in', () => {
  const plugInChecks = async () =>
    (await t.server.db('archive_verifications').where({ archive_id: job.result!.archiveId, trigger: 'plug-in' }).orderBy('id')) as Array<{ status: string; problems: string }>;
  const restart = async () => {
    await t.close();
    t = { ...(await startTestServer(t.dataDir, { drives: { system: false, folderRoot } })), demo: t.demo };
  };

  it('checks its archives at start (the PC was switched on with the disk in), but not one checked in the last day', async () => {
    const archiveId = job.result!.archiveId;
    const victim = filesUnder(archiveFolder).find((f) => f.endsWith('class-list.csv'))!;
    const file = path.join(archiveFolder, victim);
    const bytes = fs.readFileSync(file);
    bytes[10] = bytes[10]! ^ 0x01;
    fs.writeFileSync(file, bytes);
    try {
      await t.server.db('archives').where({ id: archiveId }).update({ last_verified_at: new Date(Date.now() - 2 * 86_400_000).toISOString() });
      const before = (await plugInChecks()).length;
      await restart();
      let checks = await plugInChecks();
      for (let i = 0; i < 200 && checks.length === before; i++) {
        await new Promise((r) => setTimeout(r, 50));
        checks = await plugInChecks();
      }
      expect(checks.length).toBe(before + 1);
      expect(checks[checks.length - 1]!.status).toBe('damaged');
      expect(JSON.parse(checks[checks.length - 1]!.problems)).toEqual([{ file: victim, problem: expect.stringContaining('Содержимое изменено') }]);

      // Checked a moment ago: the next restart does not read the whole archive again.
      await restart();
      await new Promise((r) => setTimeout(r, 1500));
      expect((await plugInChecks()).length).toBe(before + 1);
    } finally {
      bytes[10] = bytes[10]! ^ 0x01;
      fs.writeFileSync(file, bytes);
    }
  }, 60_000);
});
