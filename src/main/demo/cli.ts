// `npm run demo -- --data DIR --students N [--today YYYY-MM-DD]`: creates the demo school in an empty data folder,
// with the journal written up to `today` (e.g. a day in June: the year is over, with year, exam and final marks).

import path from 'node:path';
import { parseArgs } from 'node:util';
import { isValidDate } from '../../shared/domain/calendar';
import { openDatabase } from '../db/connection';
import { createDemoSchool } from './demo-school';
import { describeDemo, saveDemoCredentials } from './demo-report';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'demo-data' },
    students: { type: 'string', default: '600' },
    today: { type: 'string' },
  },
});
if (values.today !== undefined && !isValidDate(values.today)) {
  console.error('--today: укажите дату в формате ГГГГ-ММ-ДД');
  process.exit(2);
}

const dataDir = path.resolve(values.data);
const students = Number(values.students);
if (!Number.isInteger(students) || students < 1 || students > 20000) {
  console.error('--students: укажите целое число от 1 до 20000');
  process.exit(2);
}

const db = await openDatabase({ dataDir });
try {
  const started = performance.now();
  const result = await createDemoSchool(db, { students, ...(values.today ? { today: values.today } : {}) });
  console.log(describeDemo(result));
  console.log(`Создано за ${((performance.now() - started) / 1000).toFixed(1)} с в ${dataDir}`);
  console.log(`Пароли сохранены в ${saveDemoCredentials(dataDir, result)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
