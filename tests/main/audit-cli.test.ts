// The offline audit check (`npm run audit:verify`): exit 0 on an intact chain, 1 with the
// first broken row after tampering, 2 when the database cannot be opened.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/main/audit/audit-service';
import { openDatabase } from '../../src/main/db/connection';
import { tempDir } from './helpers/test-server';

const verify = (dataDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main/audit/cli.ts', '--data', dataDir], { encoding: 'utf8' });

describe('audit:verify command', () => {
  it('reports an intact chain, then the first tampered row', async () => {
    const dataDir = tempDir();
    const db = await openDatabase({ dataDir });
    for (let i = 1; i <= 5; i++) await db.transaction((trx) => recordAudit(trx, { actorUserId: null, action: 'test.step', entity: 'test', entityId: i, newValue: { i } }));
    await db.destroy();
    const intact = verify(dataDir);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toContain('проверено записей — 5');

    const again = await openDatabase({ dataDir });
    await again.raw('drop trigger audit_log_no_update');
    await again('audit_log').where({ id: 4 }).update({ actor_user_id: 42 });
    await again.destroy();
    const broken = verify(dataDir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('первая нарушенная запись №4');
  });

  it('exits 2 with a Russian message when the database is from a newer program', async () => {
    const dataDir = tempDir();
    const db = await openDatabase({ dataDir });
    await db('knex_migrations').insert({ name: '20990101000000_future', batch: 9, migration_time: new Date() });
    await db.destroy();
    const result = verify(dataDir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('более новой версией программы');
  });
});
