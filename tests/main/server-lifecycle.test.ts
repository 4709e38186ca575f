// The server process as the school runs it: started from the command line, stopped
// gracefully (in-flight writes finish), killed mid-write (nothing committed is lost, the
// audit chain verifies), and LAN access switched on and off by the administrator.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/main/audit/audit-service';
import { openDatabase } from '../../src/main/db/connection';
import { ALL_INTERFACES, LOOPBACK } from '../../src/main/server/journal-server';
import { ADMIN_PASSWORD, Client, logIn, setUpSchool, startTestServer, tempDir } from './helpers/test-server';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function spawnServer(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null>; output: () => string }> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main', 'server', 'cli.ts'), '--data', dataDir, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false)) return { child, url, exited, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${output}`);
}

describe('server lifecycle', () => {
  it('finishes an in-flight write on SIGTERM, then closes the database cleanly', async () => {
    const dataDir = tempDir();
    const s = await spawnServer(dataDir);
    const admin = await setUpSchool(s.url);
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await admin.post<{ user: { id: number } }>('/api/v1/users', { lastName: `Учитель${i}`, firstName: 'Тест', middleName: null, roles: ['teacher'] });
      ids.push(r.body.user.id);
    }
    // A credentials sheet for 40 people: 40 argon2 hashes and a PDF, long enough to be in flight.
    const inFlight = admin.post('/api/v1/users/credentials-sheet', { userIds: ids });
    await new Promise((r) => setTimeout(r, 60));
    s.child.kill('SIGTERM');
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(String(reply.body).startsWith('%PDF')).toBe(true);
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('закрываем базу данных');
    // Closed cleanly: the write-ahead log was checkpointed into the main file.
    const wal = path.join(dataDir, 'journal.sqlite3-wal');
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
    const db = await openDatabase({ dataDir });
    expect(((await db('audit_log').where({ action: 'user.issue-initial-password' }).count({ n: '*' }).first()) as { n: number }).n).toBe(40);
    await db.destroy();
  }, 60_000);

  it('loses nothing committed when killed mid-write, and the audit chain still verifies', async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    const admin = await setUpSchool(first.url);
    const committed: number[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const r = await admin
          .post<{ user: { id: number } }>('/api/v1/users', { lastName: `Писатель${w}-${i}`, firstName: 'Тест', middleName: null, roles: ['parent'] })
          .catch(() => null);
        if (r?.status === 200) committed.push(r.body.user.id);
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await first.exited;
    expect(committed.length).toBeGreaterThan(5);

    const second = await spawnServer(dataDir);
    const again = await logIn(second.url, 'admin', ADMIN_PASSWORD);
    const users = await again.get<{ users: Array<{ id: number }> }>('/api/v1/users');
    const present = new Set(users.body.users.map((u) => u.id));
    for (const id of committed) expect(present.has(id)).toBe(true);
    const verification = await again.get<{ isIntact: boolean }>('/api/v1/audit/verify');
    expect(verification.body.isIntact).toBe(true);
    second.child.kill('SIGTERM');
    await second.exited;
    const db = await openDatabase({ dataDir });
    expect(((await db.raw('pragma integrity_check')) as Array<{ integrity_check: string }>)[0]!.integrity_check).toBe('ok');
    // Every user row has its audit record: change and record were one transaction.
    const created = (await db('audit_log').where({ action: 'user.create' }).count({ n: '*' }).first()) as { n: number };
    const rows = (await db('users').count({ n: '*' }).first()) as { n: number };
    expect(created.n).toBe(rows.n - 1);
    expect((await verifyAuditChain(db)).isIntact).toBe(true);
    await db.destroy();
  }, 60_000);

  it('listens on 127.0.0.1 until the administrator turns LAN access on, and remembers it', async () => {
    const dataDir = tempDir();
    const t = await startTestServer(dataDir);
    expect(t.server.host()).toBe(LOOPBACK);
    const admin = await setUpSchool(t.server.url);
    const on = await admin.put<{ lanEnabled: boolean; listeningOn: string }>('/api/v1/settings/network', { lanEnabled: true });
    expect(on.body).toMatchObject({ lanEnabled: true, listeningOn: ALL_INTERFACES });
    expect((t.server.app.server.address() as { address: string }).address).toBe(ALL_INTERFACES);
    // Still reachable, same session.
    expect((await admin.get('/api/v1/auth/me')).status).toBe(200);
    await t.close();

    const restarted = await startTestServer(dataDir);
    expect(restarted.server.host()).toBe(ALL_INTERFACES);
    const again = await logIn(restarted.server.url, 'admin', ADMIN_PASSWORD);
    const off = await again.put<{ listeningOn: string }>('/api/v1/settings/network', { lanEnabled: false });
    expect(off.body.listeningOn).toBe(LOOPBACK);
    expect((restarted.server.app.server.address() as { address: string }).address).toBe(LOOPBACK);
    const audit = await again.get<{ entries: Array<{ action: string; newValue: unknown }> }>('/api/v1/audit');
    expect(audit.body.entries.filter((e) => e.action === 'settings.network').map((e) => e.newValue)).toEqual([false, true]);
    await restarted.close();
  });

  it('answers health without a login', async () => {
    const t = await startTestServer();
    const health = await new Client(t.server.url).get<{ status: string; database: string }>('/api/v1/health');
    expect(health.body).toMatchObject({ status: 'ok', database: 'ok' });
    await t.close();
  });
});

describe('LAN switch when the address is taken', () => {
  it('keeps listening where it was and leaves the setting unchanged', async () => {
    const { lanAddresses } = await import('../../src/main/settings/network-service');
    const lan = lanAddresses()[0];
    if (!lan) return; // no non-loopback interface on this machine: nothing can block the bind
    const t = await startTestServer();
    const admin = await setUpSchool(t.server.url);
    // Someone else already listens on this PC's LAN address with the journal's port.
    const http = await import('node:http');
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(t.server.port, lan, () => resolve()));
    const reply = await admin.put<{ detail: string }>('/api/v1/settings/network', { lanEnabled: true });
    expect(reply.status).toBe(409);
    expect(reply.body.detail).toContain('Настройка не изменена');
    expect((await admin.get<{ lanEnabled: boolean; listeningOn: string }>('/api/v1/settings/network')).body).toMatchObject({ lanEnabled: false, listeningOn: LOOPBACK });
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await t.close();
  });
});
