// The audit log: written in the same transaction as the change, append-only in the
// database, hash-chained; verification finds the first tampered, removed or reordered row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '../../src/main/audit/audit-service';
import { Client, setUpSchool, startTestServer, type TestServer } from './helpers/test-server';

let t: TestServer;
let admin: Client;

beforeAll(async () => {
  t = await startTestServer();
  admin = await setUpSchool(t.server.url);
});
afterAll(async () => t.close());

type Entry = { action: string; entity: string; entityId: string; oldValue: unknown; newValue: unknown; actorName: string | null };

describe('audit log', () => {
  it('records each change with actor, old and new value, and never a password', async () => {
    const created = await admin.post<{ user: { id: number; version: number } }>('/api/v1/users', {
      lastName: 'Волков',
      firstName: 'Лев',
      middleName: null,
      roles: ['teacher'],
    });
    const id = created.body.user.id;
    await admin.patch(`/api/v1/users/${id}`, { version: created.body.user.version, lastName: 'Волков-Новый', roles: ['teacher', 'class_teacher'] });
    await admin.post(`/api/v1/users/${id}/reset-password`, {});
    const { entries } = (await admin.get<{ entries: Entry[] }>('/api/v1/audit')).body;
    const forUser = entries.filter((e) => e.entity === 'user' && e.entityId === String(id));
    expect(forUser.map((e) => e.action)).toEqual(['user.issue-initial-password', 'user.update', 'user.create']);
    const update = forUser[1]!;
    expect(update.oldValue).toMatchObject({ lastName: 'Волков', roles: ['teacher'] });
    expect(update.newValue).toMatchObject({ lastName: 'Волков-Новый', roles: ['teacher', 'class_teacher'] });
    expect(update.actorName).toBe('Кузнецова Ольга');
    const raw = JSON.stringify(await t.server.db('audit_log').select());
    expect(raw).not.toMatch(/argon2|password_hash|initialPassword/);
  });

  it('writes nothing, neither change nor record, when the change fails', async () => {
    const before = (await t.server.db('audit_log').count({ n: '*' }).first()) as { n: number };
    const stale = await admin.patch('/api/v1/users/1', { version: 999, lastName: 'Никто' });
    expect(stale.status).toBe(409);
    const after = (await t.server.db('audit_log').count({ n: '*' }).first()) as { n: number };
    expect(after.n).toBe(before.n);
    await expect(
      t.server.db.transaction(async (trx) => {
        await recordAudit(trx, { actorUserId: 1, action: 'test.rollback', entity: 'test', entityId: 1 });
        throw new Error('change failed after its record was written');
      }),
    ).rejects.toThrow();
    expect(await t.server.db('audit_log').where({ action: 'test.rollback' }).first()).toBeUndefined();
  });

  it('rolls the change back when its audit record cannot be written', async () => {
    const created = await admin.post<{ user: { id: number; version: number } }>('/api/v1/users', { lastName: 'Жуков', firstName: 'Роман', middleName: null, roles: ['teacher'] });
    await t.server.db.raw("create trigger audit_fails before insert on audit_log begin select raise(abort, 'disk full'); end");
    const reply = await admin.patch(`/api/v1/users/${created.body.user.id}`, { version: created.body.user.version, lastName: 'Изменённый' });
    await t.server.db.raw('drop trigger audit_fails');
    expect(reply.status).toBe(500);
    const row = (await t.server.db('users').where({ id: created.body.user.id }).first()) as { last_name: string; version: number };
    expect(row).toMatchObject({ last_name: 'Жуков', version: created.body.user.version });
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    await expect(t.server.db('audit_log').where({ id: 1 }).update({ reason: 'подчистка' })).rejects.toThrow(/append-only/);
    await expect(t.server.db('audit_log').where({ id: 1 }).delete()).rejects.toThrow(/append-only/);
  });

  it('verifies an intact chain through the API', async () => {
    const reply = await admin.get<{ isIntact: boolean; checkedRows: number }>('/api/v1/audit/verify');
    expect(reply.body.isIntact).toBe(true);
    expect(reply.body.checkedRows).toBeGreaterThan(3);
  });

  it('reports the first tampered row after someone bypasses the triggers', async () => {
    const db = t.server.db;
    await db.raw('drop trigger audit_log_no_update');
    await db('audit_log').where({ id: 3 }).update({ new_value: JSON.stringify({ lastName: 'Подделка' }) });
    const tampered = await verifyAuditChain(db);
    expect(tampered).toMatchObject({ isIntact: false, firstBrokenRowId: 3, checkedRows: 2 });
    expect(tampered.problem).toContain('изменено');
    const viaApi = await admin.get<{ isIntact: boolean; firstBrokenRowId: number }>('/api/v1/audit/verify');
    expect(viaApi.body).toMatchObject({ isIntact: false, firstBrokenRowId: 3 });
  });

  it('reports a removed row', async () => {
    const db = t.server.db;
    await db.raw('drop trigger audit_log_no_delete');
    const count = (await db('audit_log').count({ n: '*' }).first()) as { n: number };
    expect(count.n).toBeGreaterThanOrEqual(5);
    await db('audit_log').where({ id: 3 }).delete();
    const result = await verifyAuditChain(db);
    expect(result.isIntact).toBe(false);
    expect(result.firstBrokenRowId).toBe(4);
    expect(result.problem).toContain('Пропущены');
  });
});
