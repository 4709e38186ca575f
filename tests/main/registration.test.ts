// Parents register with the child's activation code (3.3, 3.7): single use, expiry, replacement, throttled
// guessing; an existing account links a further child; each child is then readable, and only theirs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationCodeHash } from '../../src/main/accounts/activation-codes-service';
import { startDemoServer } from './helpers/demo-server';
import { Client, type TestServer } from './helpers/test-server';
import type { DemoResult } from '../../src/main/demo/demo-school';

let t: TestServer & { demo: DemoResult };
let pupils: number[];

async function storeCode(code: string, studentId: number, expiresAt = '2099-01-01T00:00:00.000Z'): Promise<void> {
  await t.server.db('activation_codes').insert({ student_id: studentId, code_hash: activationCodeHash(code), created_by_user_id: 1, created_at: new Date().toISOString(), expires_at: expiresAt });
}

const person = (login: string, code: string) => ({ code, lastName: 'Смирнова', firstName: 'Анна', middleName: 'Петровна', login, password: 'ДневникРебёнка2026', phone: '+7 900 000-00-00', email: 'anna@example.ru' });

beforeAll(async () => {
  t = await startDemoServer(120);
  pupils = ((await t.server.db('students').orderBy('id', 'desc').limit(3).select('id')) as Array<{ id: number }>).map((r) => r.id);
  await storeCode('ACDEF-GHJKM', pupils[0]!);
  await storeCode('NPQRT-UVWXY', pupils[1]!);
  await storeCode('23456-789AC', pupils[2]!, '2020-01-01T00:00:00.000Z');
}, 120_000);
afterAll(async () => t.close());

describe('registration by activation code', () => {
  it('creates a parent account attached to the child and signs in; the code then no longer works', async () => {
    const parent = new Client(t.server.url);
    // Typed on the Russian layout, lower case, without the dash: still the same code.
    const reply = await parent.post<{ user: { roles: string[] } }>('/api/v1/auth/register', person('smirnova.anna', 'асdеf ghjkm'));
    expect(reply.status).toBe(200);
    expect(reply.body.user.roles).toEqual(['parent']);
    const children = await parent.get<{ children: Array<{ id: number }> }>('/api/v1/me/children');
    expect(children.body.children.map((c) => c.id)).toEqual([pupils[0]]);
    expect((await parent.get(`/api/v1/students/${pupils[0]}/diary`)).status).toBe(200);
    expect((await parent.get(`/api/v1/students/${pupils[1]}/diary`)).status).toBe(403);
    const again = await new Client(t.server.url).post<{ detail: string }>('/api/v1/auth/register', person('another.parent', 'ACDEF-GHJKM'));
    expect(again.status).toBe(400);
    expect(again.body.detail).toContain('уже использован');
    const audit = await t.server.db('audit_log').where({ action: 'activation-code.use' }).count({ n: '*' }).first();
    expect(Number((audit as { n: number }).n)).toBe(1);
  });

  it('an existing account links a second child; the two stay apart', async () => {
    const parent = new Client(t.server.url);
    expect((await parent.post('/api/v1/auth/login', { login: 'smirnova.anna', password: 'ДневникРебёнка2026' })).status).toBe(200);
    const linked = await parent.post<{ child: { id: number } }>('/api/v1/auth/link-child', { code: 'NPQRT-UVWXY' });
    expect(linked.status).toBe(200);
    expect(linked.body.child.id).toBe(pupils[1]);
    const first = await parent.get<{ student: { id: number } }>(`/api/v1/students/${pupils[0]}/diary`);
    const second = await parent.get<{ student: { id: number } }>(`/api/v1/students/${pupils[1]}/diary`);
    expect([first.body.student.id, second.body.student.id]).toEqual([pupils[0], pupils[1]]);
  });

  it.each([
    ['an expired code', '23456-789AC', 'срок'],
    ['a code that was never issued', 'CCCCC-DDDDD', 'не найден'],
    ['garbage', '<script>', 'не найден'],
  ])('refuses %s and creates no account', async (_name, code, text) => {
    const before = await t.server.db('users').count({ n: '*' }).first();
    const reply = await new Client(t.server.url).post<{ detail: string }>('/api/v1/auth/register', person(`p${Math.random().toString(36).slice(2, 8)}`, code));
    expect(reply.status).toBe(400);
    expect(reply.body.detail.toLowerCase()).toContain(text);
    expect(await t.server.db('users').count({ n: '*' }).first()).toEqual(before);
  });

  it('a pupil\'s own account cannot link a code (the slip is for the parent)', async () => {
    const studentAccount = t.demo.accounts.find((a) => a.role === 'student')!;
    const pupil = new Client(t.server.url);
    expect((await pupil.post('/api/v1/auth/login', { login: studentAccount.login, password: studentAccount.password })).status).toBe(200);
    const reply = await pupil.post<{ detail: string }>('/api/v1/auth/link-child', { code: 'QRTUV-WXY23' });
    expect(reply.status).toBe(403);
    expect(reply.body.detail).toContain('родитель');
  });

  it('a taken login is refused without using the code', async () => {
    await storeCode('QRTUV-WXY23', pupils[2]!);
    const reply = await new Client(t.server.url).post<{ detail: string }>('/api/v1/auth/register', person('smirnova.anna', 'QRTUV-WXY23'));
    expect(reply.status).toBe(409);
    const row = (await t.server.db('activation_codes').where({ code_hash: activationCodeHash('QRTUV-WXY23') }).first('used_at')) as { used_at: string | null };
    expect(row.used_at).toBeNull();
  });

  it('guessing codes quickly is locked out', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await new Client(t.server.url).post('/api/v1/auth/register', person(`guess${i}`, `AAAAA-AAAA${'CDEFGHJKMNPQ'[i]}`))).status);
    }
    expect(statuses.slice(-2)).toEqual([429, 429]);
    // Even the right code waits out the lock from this address.
    const locked = await new Client(t.server.url).post<{ detail: string }>('/api/v1/auth/register', person('late.parent', 'QRTUV-WXY23'));
    expect(locked.status).toBe(429);
    expect(locked.body.detail).toContain('Слишком много');
  });
});

describe('pupils\' own accounts (3.7)', () => {
  it('the administrator creates the missing accounts of a class and gets the sheet of their logins', async () => {
    const db = t.server.db;
    const cls = (await db('classes').where({ level: 2 }).first('id')) as { id: number };
    const before = (await db('class_enrolments as e').join('students as s', 's.id', 'e.student_id').where('e.class_id', cls.id).whereNull('e.to_date').whereNull('s.user_id').count({ n: '*' }).first()) as { n: number };
    expect(Number(before.n)).toBeGreaterThan(0);
    const adminAccount = t.demo.accounts.find((a) => a.role === 'admin')!;
    const admin = new Client(t.server.url);
    await admin.post('/api/v1/auth/login', { login: adminAccount.login, password: adminAccount.password });
    const response = await fetch(`${t.server.url}/api/v1/classes/${cls.id}/student-accounts`, { method: 'POST', headers: { cookie: admin.cookie!, 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const linked = (await db('class_enrolments as e')
      .join('students as s', 's.id', 'e.student_id')
      .join('users as u', 'u.id', 's.user_id')
      .join('user_roles as r', 'r.user_id', 'u.id')
      .where('e.class_id', cls.id)
      .whereNull('e.to_date')
      .select('r.role', 'u.must_change_password', 'u.password_hash')) as Array<{ role: string; must_change_password: number; password_hash: string | null }>;
    expect(linked.length).toBe(Number(before.n));
    expect(linked.every((u) => u.role === 'student' && u.must_change_password === 1 && u.password_hash !== null)).toBe(true);
    const again = await admin.post<{ detail: string }>(`/api/v1/classes/${cls.id}/student-accounts`, {});
    expect(again.status).toBe(400);
    expect(again.body.detail).toContain('уже есть');
  });
});
