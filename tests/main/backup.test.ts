// Daily backups and restore (issue 6, item 7) on a real server and real files: a copy made while marks are
// written is consistent, rotation keeps N daily copies, the schedule makes the day's copy once (and catches up),
// settings are checked with Russian messages, a tampered copy is refused by name, a full or read-only disk gives a
// Russian message and leaves the live database alone, and a restore end to end brings back the data of the copy.
// Choosing another backup folder and preparing or switching a restore are refused from another PC of the school;
// a switch whose file moves fail half-way puts back exactly what it moved (a live -wal is never deleted).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackupScheduler } from '../../src/main/backup/backup-schedule';
import { makeBackup, sha256OfFile } from '../../src/main/backup/backup-service';
import { applyPendingRestore, prepareRestore, scheduleRestoreSwitch } from '../../src/main/backup/restore';
import { ARCHIVES_ROOT } from '../../src/main/archive/archive-layout';
import { verifyAuditChain } from '../../src/main/audit/audit-service';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/main/db/connection';
import { readSetting } from '../../src/main/db/repositories/school-repo';
import { createDemoSchool, type DemoResult } from '../../src/main/demo/demo-school';
import { startJournalServer, type JournalServer } from '../../src/main/server/journal-server';
import { BACKUP_FOLDER_SERVER_PC_MESSAGE, RESTORE_SERVER_PC_MESSAGE } from '../../src/shared/api/backup-schemas';
import { ADMIN_PASSWORD, Client, logIn, setUpSchool, tempDir } from './helpers/test-server';

interface BackupView {
  id: number;
  kind: string;
  fileName: string;
  filePath: string;
  sha256: string;
  removedAt: string | null;
  isPresent: boolean;
}
interface Problem {
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}

async function start(dataDir: string, extra: { onRestartRequested?: () => void } = {}): Promise<JournalServer> {
  return startJournalServer({ dataDir, port: 0, uiDir: null, logLevel: 'silent', version: 'test', ...extra });
}

async function demoFolder(journal: boolean): Promise<{ dataDir: string; demo: DemoResult }> {
  const dataDir = tempDir('journal-backup-');
  const db = await openDatabase({ dataDir });
  const demo = await createDemoSchool(db, { students: 40, journal });
  await db.destroy();
  return { dataDir, demo };
}

async function adminOf(server: JournalServer, demo: DemoResult): Promise<Client> {
  const account = demo.accounts.find((a) => a.role === 'admin')!;
  return logIn(server.url, account.login, account.password);
}

function integrityOf(file: string): string {
  // The sqlite3 command-line tool when installed (an independent reader), else better-sqlite3.
  try {
    return execFileSync('sqlite3', [file, 'PRAGMA integrity_check;'], { encoding: 'utf8' }).trim();
  } catch {
    const copy = new Database(file, { readonly: true });
    try {
      return String(copy.pragma('integrity_check', { simple: true }));
    } finally {
      copy.close();
    }
  }
}

/** A small tmpfs (root only): a genuinely full or read-only disk. null where mounting is not allowed. */
function mountSmall(folder: string, sizeKb: number): boolean {
  fs.mkdirSync(folder, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', folder], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
function unmount(folder: string): void {
  try {
    execFileSync('umount', [folder], { stdio: 'ignore' });
  } catch {
    // not mounted
  }
}
function remountReadOnly(folder: string): void {
  execFileSync('mount', ['-o', 'remount,ro', folder], { stdio: 'ignore' });
}

describe('backups of the live database', () => {
  let server: JournalServer;
  let dataDir: string;
  let admin: Client;
  const mounts: string[] = [];

  beforeAll(async () => {
    const made = await demoFolder(true);
    dataDir = made.dataDir;
    server = await start(dataDir);
    admin = await adminOf(server, made.demo);
  }, 180_000);
  afterAll(async () => {
    await server.close();
    for (const m of mounts) unmount(m);
  });

  it('a copy made while marks are being written passes integrity_check and is recorded with its hash', async () => {
    const db = server.db;
    const markIds = ((await db('marks').limit(200).select('id')) as Array<{ id: number }>).map((r) => r.id);
    expect(markIds.length).toBeGreaterThan(0);
    let isWriting = true;
    let writes = 0;
    const writer = (async () => {
      while (isWriting) {
        const markId = markIds[writes % markIds.length]!;
        await db.transaction(async (trx) => {
          await trx('marks').where({ id: markId }).update({ version: trx.raw('version + 1'), updated_at: new Date().toISOString() });
        });
        writes += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const reply = await admin.post<{ backup: BackupView }>('/api/v1/backups');
    isWriting = false;
    await writer;
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(writes).toBeGreaterThan(0);
    const { backup } = reply.body;
    expect(backup.kind).toBe('manual');
    expect(backup.fileName).toMatch(/^journal-\d{8}-\d{6}-manual\.sqlite3$/);
    expect(path.dirname(backup.filePath)).toBe(path.join(dataDir, 'backups'));
    expect(integrityOf(backup.filePath)).toBe('ok');
    expect(await sha256OfFile(backup.filePath)).toBe(backup.sha256);
    // No temporary file is left next to it; the manual copy is audited.
    expect(fs.readdirSync(path.dirname(backup.filePath)).filter((f) => f.endsWith('.part'))).toEqual([]);
    const audit = (await db('audit_log').where({ action: 'backup.create', entity_id: String(backup.id) })) as unknown[];
    expect(audit).toHaveLength(1);
  }, 60_000);

  it('rotation keeps the newest N daily copies, records removed_at and never touches manual copies', async () => {
    expect((await admin.put('/api/v1/backups/settings', { folder: null, keepDaily: 3, timeOfDay: '02:00' })).status).toBe(200);
    const made: BackupView[] = [];
    for (let day = 1; day <= 5; day += 1) {
      made.push(await makeBackup(server.db, { dataDir, kind: 'daily', now: new Date(2031, 0, day, 2, 5) }));
    }
    const list = await admin.get<{ backups: BackupView[] }>('/api/v1/backups');
    const daily = list.body.backups.filter((b) => b.kind === 'daily');
    expect(daily.filter((b) => b.removedAt === null).map((b) => b.id)).toEqual(made.slice(2).reverse().map((b) => b.id));
    for (const old of made.slice(0, 2)) {
      const row = daily.find((b) => b.id === old.id)!;
      expect(row.removedAt).not.toBeNull();
      expect(row.isPresent).toBe(false);
      expect(fs.existsSync(old.filePath)).toBe(false);
    }
    for (const kept of made.slice(2)) expect(fs.existsSync(kept.filePath)).toBe(true);
    const manual = list.body.backups.filter((b) => b.kind === 'manual');
    expect(manual.length).toBeGreaterThan(0);
    expect(manual.every((b) => b.isPresent && b.removedAt === null)).toBe(true);
  }, 60_000);

  it('settings: Russian messages that name the problem; a valid folder is created and the change audited', async () => {
    const bad = async (body: unknown) => (await admin.put<Problem>('/api/v1/backups/settings', body)).body.detail;
    const base = { keepDaily: 14, timeOfDay: '02:00' };
    expect(await bad({ ...base, folder: 'backups' })).toMatch(/Папка для резервных копий: укажите полный путь/);
    expect(await bad({ ...base, folder: dataDir })).toMatch(/не может быть папкой данных журнала/);
    expect(await bad({ ...base, folder: path.join(dataDir, 'restore', 'x') })).toMatch(/служебной папке «restore»/);
    fs.writeFileSync(path.join(dataDir, 'a-file'), 'x');
    expect(await bad({ ...base, folder: path.join(dataDir, 'a-file') })).toMatch(/это файл, а не папка/);
    expect(await bad({ ...base, folder: path.join(dataDir, 'copies'), keepDaily: 0 })).toMatch(/Сколько ежедневных копий хранить/);
    expect(await bad({ ...base, folder: path.join(dataDir, 'copies'), timeOfDay: '25:00' })).toMatch(/Время ежедневной копии.*ЧЧ:ММ/);
    // Nothing was saved by the refused requests.
    expect((await admin.get<{ keepDaily: number }>('/api/v1/backups/settings')).body.keepDaily).toBe(3);

    const external = path.join(tempDir('journal-external-'), 'Копии журнала');
    const saved = await admin.put<{ folder: string; effectiveFolder: string }>('/api/v1/backups/settings', { folder: external, keepDaily: 14, timeOfDay: '03:30' });
    expect(saved.status).toBe(200);
    expect(saved.body.effectiveFolder).toBe(external);
    expect(fs.statSync(external).isDirectory()).toBe(true);
    const copy = await admin.post<{ backup: BackupView }>('/api/v1/backups');
    expect(path.dirname(copy.body.backup.filePath)).toBe(external);
    const audit = (await server.db('audit_log').where({ action: 'settings.backup' }).orderBy('id', 'desc').first('new_value')) as { new_value: string };
    expect(JSON.parse(audit.new_value)).toMatchObject({ folder: external, timeOfDay: '03:30' });

    // The drive is unplugged: the copy is refused with a Russian message and nothing is recorded.
    fs.rmSync(external, { recursive: true });
    const before = await server.db('backups').count({ n: '*' }).first();
    const missing = await admin.post<Problem>('/api/v1/backups');
    expect(missing.status).toBe(409);
    expect(missing.body.detail).toMatch(/недоступна \(диск отключён или папка удалена\)/);
    expect(await server.db('backups').count({ n: '*' }).first()).toEqual(before);
    expect((await admin.put('/api/v1/backups/settings', { folder: null, keepDaily: 3, timeOfDay: '02:00' })).status).toBe(200);
  }, 60_000);

  it('a full or read-only backup folder: Russian message, no copy recorded, no file left', async (ctx) => {
    const small = path.join(tempDir('journal-small-'), 'usb');
    if (!mountSmall(small, 64)) ctx.skip();
    mounts.push(small);
    expect((await admin.put('/api/v1/backups/settings', { folder: small, keepDaily: 3, timeOfDay: '02:00' })).status).toBe(200);
    const count = async () => Number(((await server.db('backups').count({ n: '*' }).first()) as { n: number }).n);
    const before = await count();
    const full = await admin.post<Problem>('/api/v1/backups');
    expect(full.status).toBe(409);
    expect(full.body.detail).toMatch(/Резервная копия не создана в папке .*: на диске не хватает свободного места/);
    expect(fs.readdirSync(small)).toEqual([]);
    expect(await count()).toBe(before);

    remountReadOnly(small);
    const readOnly = await admin.post<Problem>('/api/v1/backups');
    expect(readOnly.status).toBe(409);
    expect(readOnly.body.detail).toMatch(/только для чтения|нет прав на запись/);
    expect(await count()).toBe(before);
    // Choosing a read-only folder is refused when it is saved.
    const refused = await admin.put<Problem>('/api/v1/backups/settings', { folder: small, keepDaily: 3, timeOfDay: '02:00' });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/нельзя записать: (диск или папка доступны только для чтения|нет прав на запись)/);
    expect((await admin.put('/api/v1/backups/settings', { folder: null, keepDaily: 3, timeOfDay: '02:00' })).status).toBe(200);
  }, 60_000);

  it('a folder among yearly archives or in archive-staging is refused with a Russian message', async () => {
    const base = { keepDaily: 3, timeOfDay: '02:00' };
    const drive = tempDir('journal-drive-');
    const amongArchives = path.join(drive, ARCHIVES_ROOT, 'Копии');
    const refused = await admin.put<Problem>('/api/v1/backups/settings', { ...base, folder: amongArchives });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/не может находиться в папке годовых архивов «ejournal-archives»/);
    expect(fs.existsSync(path.join(drive, ARCHIVES_ROOT))).toBe(false);
    const staging = await admin.put<Problem>('/api/v1/backups/settings', { ...base, folder: path.join(dataDir, 'archive-staging', 'x') });
    expect(staging.status).toBe(400);
    expect(staging.body.detail).toMatch(/служебной папке «archive-staging»/);
    expect((await admin.get<{ folder: string | null }>('/api/v1/backups/settings')).body.folder).toBeNull();
  });

  it('another backup folder is chosen only at the server PC: from another PC 403, nothing created or saved', async () => {
    const fromLan = (payload: unknown) =>
      server.app.inject({
        method: 'PUT',
        url: '/api/v1/backups/settings',
        remoteAddress: '192.168.1.20',
        headers: { cookie: admin.cookie!, 'content-type': 'application/json' },
        payload: payload as Record<string, unknown>,
      });
    const before = (await admin.get<Record<string, unknown>>('/api/v1/backups/settings')).body;
    const elsewhere = path.join(tempDir('journal-lan-'), 'Копии');
    const refused = await fromLan({ folder: elsewhere, keepDaily: 5, timeOfDay: '04:00' });
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as Problem).detail).toBe(BACKUP_FOLDER_SERVER_PC_MESSAGE);
    expect(fs.existsSync(elsewhere)).toBe(false);
    expect((await admin.get<Record<string, unknown>>('/api/v1/backups/settings')).body).toEqual(before);
    const audits = Number(((await server.db('audit_log').where({ action: 'settings.backup' }).count({ n: '*' }).first()) as { n: number }).n);
    // The time and the number of copies (the folder unchanged) may be changed from any PC.
    const allowed = await fromLan({ folder: null, keepDaily: 4, timeOfDay: '02:30' });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect((allowed.json() as { keepDaily: number }).keepDaily).toBe(4);
    expect(Number(((await server.db('audit_log').where({ action: 'settings.backup' }).count({ n: '*' }).first()) as { n: number }).n)).toBe(audits + 1);
    // From the server PC itself the same folder is accepted.
    const local = await admin.put<{ effectiveFolder: string }>('/api/v1/backups/settings', { folder: elsewhere, keepDaily: 3, timeOfDay: '02:00' });
    expect(local.status, JSON.stringify(local.body)).toBe(200);
    expect(local.body.effectiveFolder).toBe(elsewhere);
    expect((await admin.put('/api/v1/backups/settings', { folder: null, keepDaily: 3, timeOfDay: '02:00' })).status).toBe(200);
  });
});

describe('the daily schedule', () => {
  let server: JournalServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir('journal-schedule-');
    server = await start(dataDir);
    await setUpSchool(server.url);
  });
  afterAll(async () => server.close());

  it('makes the copy when it is due, not twice, and catches up after the server was off', async () => {
    let now = new Date(2030, 0, 10, 1, 0);
    const scheduler = createBackupScheduler(server.db, { dataDir, clock: () => now });
    const dailyCount = async () => ((await server.db('backups').where({ kind: 'daily' })) as unknown[]).length;
    // No daily copy yet: the first check makes one.
    expect(await scheduler.check()).toBe('made');
    expect(await scheduler.check()).toBe('not-due');
    now = new Date(2030, 0, 10, 1, 59);
    expect(await scheduler.check()).toBe('not-due');
    now = new Date(2030, 0, 10, 2, 0);
    // Two checks at once (timer and start): one copy.
    const both = await Promise.all([scheduler.check(), scheduler.check()]);
    expect(both.sort()).toEqual(['busy', 'made']);
    expect(await scheduler.check()).toBe('not-due');
    now = new Date(2030, 0, 10, 23, 0);
    expect(await scheduler.check()).toBe('not-due');
    expect(await dailyCount()).toBe(2);
    // Off over the next nights: the copy is made at the first check after start.
    now = new Date(2030, 0, 13, 9, 15);
    expect(await scheduler.check()).toBe('made');
    expect(await scheduler.check()).toBe('not-due');
    expect(await dailyCount()).toBe(3);
    await scheduler.stop();
    expect(await scheduler.check()).toBe('stopped');
  });

  it('a server started with backups on makes the missing daily copy shortly after it starts (catch-up)', async () => {
    const folder = tempDir('journal-autostart-');
    const first = await start(folder);
    await setUpSchool(first.url);
    await first.close();
    const withBackups = await startJournalServer({ dataDir: folder, port: 0, uiDir: null, logLevel: 'silent', version: 'test', backups: true });
    try {
      const deadline = Date.now() + 20_000;
      let rows: Array<{ kind: string; file_path: string }> = [];
      while (rows.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        rows = (await withBackups.db('backups').where({ kind: 'daily' })) as typeof rows;
      }
      expect(rows).toHaveLength(1);
      expect(integrityOf(rows[0]!.file_path)).toBe('ok');
    } finally {
      await withBackups.close();
    }
  }, 30_000);

  it('a failed daily copy is reported in Russian and retried later, never recorded', async () => {
    const missing = path.join(tempDir('journal-gone-'), 'drive');
    fs.mkdirSync(missing);
    const admin = await logIn(server.url, 'admin', 'Админ2026пароль');
    expect((await admin.put('/api/v1/backups/settings', { folder: missing, keepDaily: 14, timeOfDay: '02:00' })).status).toBe(200);
    fs.rmSync(missing, { recursive: true });
    let now = new Date(2030, 0, 14, 2, 10);
    const scheduler = createBackupScheduler(server.db, { dataDir, clock: () => now });
    const before = ((await server.db('backups')) as unknown[]).length;
    expect(await scheduler.check()).toBe('failed');
    const list = await admin.get<{ lastFailure: { message: string } | null }>('/api/v1/backups');
    expect(list.body.lastFailure?.message).toMatch(/Папка для резервных копий .* недоступна/);
    now = new Date(2030, 0, 14, 2, 20);
    expect(await scheduler.check()).toBe('not-due');
    fs.mkdirSync(missing);
    now = new Date(2030, 0, 14, 3, 30);
    expect(await scheduler.check()).toBe('made');
    expect(((await server.db('backups')) as unknown[]).length).toBe(before + 1);
    expect((await admin.get<{ lastFailure: unknown }>('/api/v1/backups')).body.lastFailure).toBeNull();
    await scheduler.stop();
  });
});

describe('restore', () => {
  let server: JournalServer;
  let dataDir: string;
  let demo: DemoResult;
  let restartRequested: () => void = () => undefined;
  const mounts: string[] = [];

  beforeAll(async () => {
    const made = await demoFolder(true);
    dataDir = made.dataDir;
    demo = made.demo;
    server = await start(dataDir, { onRestartRequested: () => restartRequested() });
  }, 180_000);
  afterAll(async () => {
    await server.close();
    for (const m of mounts) unmount(m);
  });

  it('a tampered copy (one flipped byte) is refused by name with a Russian message', async () => {
    const admin = await adminOf(server, demo);
    const { backup } = (await admin.post<{ backup: BackupView }>('/api/v1/backups')).body;
    const bytes = fs.readFileSync(backup.filePath);
    bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 0x01;
    fs.writeFileSync(backup.filePath, bytes);
    const reply = await admin.post<Problem>(`/api/v1/backups/${backup.id}/restore`);
    expect(reply.status).toBe(409);
    expect(reply.body.detail).toContain(backup.fileName);
    expect(reply.body.detail).toMatch(/изменён или повреждён после создания \(контрольная сумма SHA-256 не совпадает/);
    expect(fs.existsSync(path.join(dataDir, 'restore')) ? fs.readdirSync(path.join(dataDir, 'restore')) : []).toEqual([]);
  }, 60_000);

  it('restoring into a full or read-only folder: Russian message, the live database untouched', async (ctx) => {
    const restoreRoot = path.join(dataDir, 'restore');
    fs.rmSync(restoreRoot, { recursive: true, force: true });
    if (!mountSmall(restoreRoot, 64)) ctx.skip();
    mounts.push(restoreRoot);
    const admin = await adminOf(server, demo);
    const { backup } = (await admin.post<{ backup: BackupView }>('/api/v1/backups')).body;
    const users = Number(((await server.db('users').count({ n: '*' }).first()) as { n: number }).n);
    const full = await admin.post<Problem>(`/api/v1/backups/${backup.id}/restore`);
    expect(full.status).toBe(409);
    expect(full.body.detail).toMatch(new RegExp(`${backup.fileName} не развёрнута в папке .*: на диске не хватает свободного места`));
    expect(fs.readdirSync(restoreRoot)).toEqual([]);
    remountReadOnly(restoreRoot);
    const readOnly = await admin.post<Problem>(`/api/v1/backups/${backup.id}/restore`);
    expect(readOnly.status).toBe(409);
    expect(readOnly.body.detail).toMatch(/только для чтения/);
    // The live database works on as before and nothing is scheduled.
    expect(Number(((await server.db('users').count({ n: '*' }).first()) as { n: number }).n)).toBe(users);
    expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(false);
    expect((await admin.get<{ prepared: unknown }>('/api/v1/backups')).body.prepared).toBeNull();
    unmount(restoreRoot);
    mounts.pop();
  }, 60_000);

  it('end to end: backup, change, prepare (summary), switch, restart: the copy\'s data is back, nothing lost', async () => {
    let admin = await adminOf(server, demo);
    const count = async (s: JournalServer, table: string) => Number(((await s.db(table).count({ n: '*' }).first()) as { n: number }).n);
    const usersAtBackup = await count(server, 'users');
    const marksAtBackup = await count(server, 'marks');
    const studentsAtBackup = await count(server, 'students');
    const { backup } = (await admin.post<{ backup: BackupView }>('/api/v1/backups')).body;

    // A change after the copy: a new teacher and a changed mark.
    const created = await admin.post<{ user: { id: number; login: string } }>('/api/v1/users', { lastName: 'Новикова', firstName: 'Анна', middleName: null, roles: ['teacher'] });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const mark = (await server.db('marks').orderBy('id').first('id', 'comment')) as { id: number; comment: string | null };
    await server.db('marks').where({ id: mark.id }).update({ comment: 'изменено после копии' });

    const prepared = await admin.post<{ restoreId: string; backupFileName: string; summary: Record<string, unknown>; isSwitchPending: boolean }>(`/api/v1/backups/${backup.id}/restore`);
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(200);
    expect(prepared.body.backupFileName).toBe(backup.fileName);
    expect(prepared.body.summary).toMatchObject({
      schoolName: expect.any(String),
      users: usersAtBackup,
      students: studentsAtBackup,
      marks: marksAtBackup,
      auditIntact: true,
      isUpgraded: false,
    });
    expect((prepared.body.summary.academicYears as string[]).length).toBeGreaterThan(0);
    expect(prepared.body.summary.lastAuditAt).toEqual(expect.any(String));
    expect(fs.existsSync(path.join(dataDir, 'restore', prepared.body.restoreId, DATABASE_FILE_NAME))).toBe(true);
    // Nothing switched yet: the live database still has the change.
    expect(await count(server, 'users')).toBe(usersAtBackup + 1);

    const restarted = new Promise<void>((resolve) => {
      restartRequested = resolve;
    });
    const switched = await admin.post<{ restartRequired: boolean; isRestarting: boolean; beforeRestoreBackup: BackupView; message: string }>(`/api/v1/restores/${prepared.body.restoreId}/switch`);
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    expect(switched.body).toMatchObject({ restartRequired: true, isRestarting: true });
    expect(switched.body.message).toMatch(/при перезапуске сервера/);
    expect(switched.body.beforeRestoreBackup.kind).toBe('before-restore');
    expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(true);
    await restarted;

    // The restart: the same data folder, a new server.
    await server.close();
    server = await start(dataDir, { onRestartRequested: () => restartRequested() });
    admin = await adminOf(server, demo);
    expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(false);
    expect(await count(server, 'users')).toBe(usersAtBackup);
    expect(await server.db('users').where({ login: created.body.user.login }).first()).toBeUndefined();
    expect(((await server.db('marks').where({ id: mark.id }).first('comment')) as { comment: string | null }).comment).toBe(mark.comment);

    // The replaced database is kept whole in replaced/ and still holds the change.
    const replacedRoot = path.join(dataDir, 'replaced');
    const [replacedStamp] = fs.readdirSync(replacedRoot);
    const replacedFile = path.join(replacedRoot, replacedStamp!, DATABASE_FILE_NAME);
    const replacedDb = await openDatabase({ dataDir: path.dirname(replacedFile) });
    try {
      expect(await replacedDb('users').where({ login: created.body.user.login }).first()).toBeDefined();
      expect((await replacedDb('audit_log').where({ action: 'backup.restore-scheduled' })).length).toBe(1);
    } finally {
      await replacedDb.destroy();
    }

    // The restored database knows the before-restore copy, records the restore, and its audit chain verifies.
    const list = await admin.get<{ backups: BackupView[]; lastRestore: { isApplied: boolean; message: string; replacedFolder: string } | null; prepared: unknown }>('/api/v1/backups');
    const beforeRestore = list.body.backups.find((b) => b.kind === 'before-restore');
    expect(beforeRestore?.filePath).toBe(switched.body.beforeRestoreBackup.filePath);
    expect(beforeRestore?.isPresent).toBe(true);
    expect(list.body.lastRestore).toMatchObject({ isApplied: true, replacedFolder: path.dirname(replacedFile) });
    expect(list.body.lastRestore?.message).toMatch(/База данных восстановлена из резервной копии/);
    expect(list.body.prepared).toBeNull();
    expect((await server.db('audit_log').where({ action: 'backup.restore' })).length).toBe(1);
    expect(await verifyAuditChain(server.db)).toMatchObject({ isIntact: true });
    const verify = await admin.get<{ isIntact: boolean }>('/api/v1/audit/verify');
    expect(verify.body.isIntact).toBe(true);
    // The offline check (`npm run audit:verify`) of the restored folder agrees.
    const offline = execFileSync(process.execPath, ['--import', 'tsx', 'src/main/audit/cli.ts', '--data', dataDir], { encoding: 'utf8' });
    expect(offline).toMatch(/Журнал изменений цел/);
    // The before-restore copy itself is a good database with the change in it.
    expect(integrityOf(beforeRestore!.filePath)).toBe('ok');
  }, 120_000);

  it('a prepared restore can be cancelled; a scheduled switch too', async () => {
    const admin = await adminOf(server, demo);
    const { backup } = (await admin.post<{ backup: BackupView }>('/api/v1/backups')).body;
    const prepared = await admin.post<{ restoreId: string }>(`/api/v1/backups/${backup.id}/restore`);
    expect(prepared.status).toBe(200);
    // Preparing is audited in the live database, with the copy's name and what it holds.
    const prepareAudit = (await server.db('audit_log').where({ action: 'backup.restore-prepare', entity_id: String(backup.id) })) as Array<{ actor_user_id: number; new_value: string }>;
    expect(prepareAudit).toHaveLength(1);
    expect(JSON.parse(prepareAudit[0]!.new_value)).toMatchObject({ restoreId: prepared.body.restoreId, backupFile: backup.fileName, summary: { auditIntact: true } });
    expect(prepareAudit[0]!.actor_user_id).toEqual(expect.any(Number));
    const cancelled = await admin.request('DELETE', `/api/v1/restores/${prepared.body.restoreId}`, {});
    expect(cancelled.status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'restore', prepared.body.restoreId))).toBe(false);
    expect((await admin.request<Problem>('DELETE', `/api/v1/restores/${prepared.body.restoreId}`, {})).status).toBe(404);

    // A switch already scheduled (the restart not yet done) is cancelled too, and the cancellation audited.
    restartRequested = () => undefined;
    const again = await admin.post<{ restoreId: string }>(`/api/v1/backups/${backup.id}/restore`);
    expect((await admin.post(`/api/v1/restores/${again.body.restoreId}/switch`)).status).toBe(200);
    expect((await admin.get<{ prepared: { isSwitchPending: boolean } }>('/api/v1/backups')).body.prepared.isSwitchPending).toBe(true);
    // A second prepare while a switch is scheduled is refused with a message.
    const refused = await admin.post<Problem>(`/api/v1/backups/${backup.id}/restore`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/Переключение на восстановленную копию уже назначено/);
    expect((await admin.request('DELETE', `/api/v1/restores/${again.body.restoreId}`, {})).status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(false);
    expect((await server.db('audit_log').where({ action: 'backup.restore-cancel' })).length).toBe(1);
    // Nothing happens at the next start.
    const users = Number(((await server.db('users').count({ n: '*' }).first()) as { n: number }).n);
    await server.close();
    server = await start(dataDir);
    expect(Number(((await server.db('users').count({ n: '*' }).first()) as { n: number }).n)).toBe(users);
    expect(fs.readdirSync(path.join(dataDir, 'replaced'))).toHaveLength(1);
  }, 60_000);

  it('a restore is prepared and switched only at the server PC: from another PC 403, nothing prepared or scheduled', async () => {
    const admin = await adminOf(server, demo);
    const { backup } = (await admin.post<{ backup: BackupView }>('/api/v1/backups')).body;
    const fromLan = (url: string) =>
      server.app.inject({ method: 'POST', url, remoteAddress: '192.168.1.20', headers: { cookie: admin.cookie!, 'content-type': 'application/json' }, payload: {} });
    const restoreRoot = path.join(dataDir, 'restore');
    const listed = () => (fs.existsSync(restoreRoot) ? fs.readdirSync(restoreRoot) : []);
    const before = listed();
    const prepare = await fromLan(`/api/v1/backups/${backup.id}/restore`);
    expect(prepare.statusCode).toBe(403);
    expect((prepare.json() as Problem).detail).toBe(RESTORE_SERVER_PC_MESSAGE);
    expect(listed()).toEqual(before);
    expect((await server.db('audit_log').where({ action: 'backup.restore-prepare', entity_id: String(backup.id) })).length).toBe(0);

    const prepared = await admin.post<{ restoreId: string }>(`/api/v1/backups/${backup.id}/restore`);
    expect(prepared.status).toBe(200);
    const beforeRestoreCopies = (await server.db('backups').where({ kind: 'before-restore' })).length;
    const switched = await fromLan(`/api/v1/restores/${prepared.body.restoreId}/switch`);
    expect(switched.statusCode).toBe(403);
    expect((switched.json() as Problem).detail).toBe(RESTORE_SERVER_PC_MESSAGE);
    expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(false);
    expect((await server.db('backups').where({ kind: 'before-restore' })).length).toBe(beforeRestoreCopies);
    // Cancelling stays possible from any PC: it only removes the prepared copy.
    const cancelled = await server.app.inject({ method: 'DELETE', url: `/api/v1/restores/${prepared.body.restoreId}`, remoteAddress: '192.168.1.20', headers: { cookie: admin.cookie!, 'content-type': 'application/json' }, payload: {} });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(fs.existsSync(path.join(restoreRoot, prepared.body.restoreId))).toBe(false);
  }, 60_000);

  it('a switch whose prepared copy was damaged meanwhile is not applied: the live database stays', async () => {
    const admin = await adminOf(server, demo);
    const { backup } = (await admin.post<{ backup: BackupView }>('/api/v1/backups')).body;
    const prepared = await admin.post<{ restoreId: string }>(`/api/v1/backups/${backup.id}/restore`);
    expect((await admin.post(`/api/v1/restores/${prepared.body.restoreId}/switch`)).status).toBe(200);
    const preparedFile = path.join(dataDir, 'restore', prepared.body.restoreId, DATABASE_FILE_NAME);
    fs.appendFileSync(preparedFile, Buffer.from([0]));
    const users = Number(((await server.db('users').count({ n: '*' }).first()) as { n: number }).n);
    await server.close();
    server = await start(dataDir);
    expect(Number(((await server.db('users').count({ n: '*' }).first()) as { n: number }).n)).toBe(users);
    expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(false);
    expect(fs.readdirSync(path.join(dataDir, 'replaced'))).toHaveLength(1);
    const list = await (await adminOf(server, demo)).get<{ lastRestore: { isApplied: boolean; message: string } }>('/api/v1/backups');
    expect(list.body.lastRestore.isApplied).toBe(false);
    expect(list.body.lastRestore.message).toMatch(/Восстановление из резервной копии не выполнено, работает прежняя база данных: подготовленная копия .* изменена после проверки/);
  }, 60_000);
});

describe('the switch at start when a file cannot be moved or cleaned up', () => {
  const busy = (file: string) => Object.assign(new Error(`EBUSY: resource busy or locked, rename '${file}'`), { code: 'EBUSY' });
  const walOnlyKey = 'test.wal-only';

  /**
   * A data folder with a scheduled switch, shut down uncleanly: a setting committed after the backup lives only in
   * the live -wal (the process was killed before any checkpoint), like after a power cut.
   */
  async function scheduledAfterCrash(): Promise<{ dataDir: string; restoreId: string; sha256: string }> {
    const dataDir = tempDir('journal-switch-');
    const server = await start(dataDir);
    let restoreId: string;
    try {
      await setUpSchool(server.url);
      const adminId = ((await server.db('users').where({ login: 'admin' }).first('id')) as { id: number }).id;
      const options = { dataDir, userId: adminId, now: new Date() };
      const backup = await makeBackup(server.db, { dataDir, kind: 'manual', userId: adminId, now: options.now });
      restoreId = (await prepareRestore(server.db, backup.id, options)).restoreId;
      await scheduleRestoreSwitch(server.db, restoreId, options);
    } finally {
      await server.close();
    }
    const live = path.join(dataDir, DATABASE_FILE_NAME);
    const script = [
      "const Database = require('better-sqlite3');",
      'const db = new Database(process.argv[1]);',
      "db.pragma('wal_autocheckpoint = 0');",
      "db.prepare('insert into settings (key, value, updated_at) values (?, ?, ?)').run(process.argv[2], JSON.stringify('только в WAL'), new Date().toISOString());",
      "process.kill(process.pid, 'SIGKILL');",
    ].join('\n');
    try {
      execFileSync(process.execPath, ['-e', script, live, walOnlyKey], { cwd: process.cwd(), stdio: 'ignore' });
    } catch {
      // killed, as intended
    }
    expect(fs.statSync(`${live}-wal`).size).toBeGreaterThan(0);
    const marker = JSON.parse(fs.readFileSync(path.join(dataDir, 'restore-pending.json'), 'utf8')) as { sha256: string };
    return { dataDir, restoreId: restoreId!, sha256: marker.sha256 };
  }

  const liveSet = (dataDir: string) =>
    Object.fromEntries(
      ['', '-wal', '-shm']
        .map((suffix) => path.join(dataDir, DATABASE_FILE_NAME + suffix))
        .filter((file) => fs.existsSync(file))
        .map((file) => [path.basename(file), fs.readFileSync(file)]),
    );

  it('the -wal cannot be moved aside: the live file and its -wal stay byte for byte, the server opens the old data', async () => {
    const { dataDir, restoreId } = await scheduledAfterCrash();
    const live = path.join(dataDir, DATABASE_FILE_NAME);
    const before = liveSet(dataDir);
    expect(Object.keys(before)).toEqual(expect.arrayContaining([DATABASE_FILE_NAME, `${DATABASE_FILE_NAME}-wal`]));
    const moves: string[] = [];
    const outcome = await applyPendingRestore(dataDir, {
      move: (from, to) => {
        if (from === `${live}-wal`) throw busy(from);
        fs.renameSync(from, to);
        moves.push(from);
      },
    });
    // The main file had been moved aside before the -wal failed, and was moved back.
    expect(moves[0]).toBe(live);
    expect(outcome).toMatchObject({ isApplied: false, replacedFolder: null });
    expect(outcome!.message).toMatch(/Восстановление из резервной копии не выполнено, работает прежняя база данных: EBUSY/);
    expect(liveSet(dataDir)).toEqual(before);
    expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(false);
    expect(fs.readdirSync(dataDir).filter((f) => /^restore-failed-.*\.json$/.test(f))).toHaveLength(1);
    // The prepared copy is left where it was, and no empty replaced/ folder is left behind.
    expect(fs.existsSync(path.join(dataDir, 'restore', restoreId, DATABASE_FILE_NAME))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'replaced')) ? fs.readdirSync(path.join(dataDir, 'replaced')) : []).toEqual([]);

    const server = await start(dataDir);
    try {
      // The transaction that lived only in the -wal is there: the -wal was not deleted.
      expect(await readSetting(server.db, walOnlyKey)).toBe('только в WAL');
      expect(await verifyAuditChain(server.db)).toMatchObject({ isIntact: true });
      const lastRestore = JSON.parse(fs.readFileSync(path.join(dataDir, 'restore-last.json'), 'utf8')) as { isApplied: boolean };
      expect(lastRestore.isApplied).toBe(false);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('the prepared file is in but the marker and the folder cannot be removed: the restore stands, with warnings', async () => {
    const { dataDir, restoreId, sha256 } = await scheduledAfterCrash();
    const replacedBefore = liveSet(dataDir);
    const outcome = await applyPendingRestore(dataDir, {
      remove: (target) => {
        throw Object.assign(new Error(`EPERM: operation not permitted, rmdir '${target}'`), { code: 'EPERM' });
      },
    });
    expect(outcome).toMatchObject({ isApplied: true, restoreId });
    expect(outcome!.warnings).toHaveLength(2);
    expect(outcome!.warnings![0]).toMatch(/Файл restore-pending\.json не удалён \(EPERM/);
    expect(outcome!.warnings![1]).toMatch(/Папка подготовленной копии .* не удалена/);
    const live = path.join(dataDir, DATABASE_FILE_NAME);
    expect(await sha256OfFile(live)).toBe(sha256);
    // The replaced set, -wal included, is kept whole.
    const replacedSet = Object.fromEntries(
      fs.readdirSync(outcome!.replacedFolder!).map((name) => [name, fs.readFileSync(path.join(outcome!.replacedFolder!, name))]),
    );
    expect(replacedSet).toEqual(replacedBefore);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'restore-last.json'), 'utf8'))).toMatchObject({ isApplied: true, warnings: outcome!.warnings });

    // The next start finds the marker of a switch already made: it is removed, nothing is switched again.
    expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(true);
    const server = await start(dataDir);
    try {
      expect(fs.existsSync(path.join(dataDir, 'restore-pending.json'))).toBe(false);
      expect(fs.readdirSync(path.join(dataDir, 'replaced'))).toHaveLength(1);
      // The restored database: the setting written after the copy is not in it; its restore is recorded.
      expect(await readSetting(server.db, walOnlyKey)).toBeUndefined();
      expect((await server.db('audit_log').where({ action: 'backup.restore' })).length).toBe(1);
      const admin = await logIn(server.url, 'admin', ADMIN_PASSWORD);
      const list = await admin.get<{ lastRestore: { isApplied: boolean; warnings?: string[] } }>('/api/v1/backups');
      expect(list.body.lastRestore).toMatchObject({ isApplied: true, warnings: outcome!.warnings });
    } finally {
      await server.close();
    }
  }, 60_000);
});
