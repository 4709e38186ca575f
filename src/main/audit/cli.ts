// `npm run audit:verify -- --data DIR`: checks the audit log's hash chain of a journal
// database without starting the server (e.g. on a copy taken from the school's PC).
// Exit code 0 = intact, 1 = broken (the first broken row is printed), 2 = cannot open.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection';
import { verifyAuditChain } from './audit-service';

const { values } = parseArgs({ options: { data: { type: 'string', default: 'data' } } });
const dataDir = path.resolve(values.data);

let db;
try {
  db = await openDatabase({ dataDir });
} catch (error) {
  console.error(`Не удалось открыть базу данных журнала в ${dataDir}: ${(error as Error).message}`);
  process.exit(2);
}
try {
  const result = await verifyAuditChain(db);
  if (result.isIntact) {
    console.log(`Журнал изменений цел: проверено записей — ${result.checkedRows}.`);
  } else {
    console.log(`Нарушение целостности журнала изменений: ${result.problem} (первая нарушенная запись №${result.firstBrokenRowId}, до неё проверено ${result.checkedRows}).`);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
