// `npm run serve`: the journal server without Electron (a PC without a display, CI, benchmarks).
//   --data DIR      folder of the journal database (default ./data)
//   --port N        default 8585
//   --host ADDR     override the LAN setting (e.g. 0.0.0.0)
//   --demo          on an empty data folder, create the demo school first
//   --students N    size of the demo school (default 600)
//   --journal-today YYYY-MM-DD   the journal's "today" (future lessons, editing window), for demonstrations and
//                   browser tests on a fixed school day; the clock keeps running from that day's current time
//   --drives-dir DIR  treat each sub-folder of DIR as a mounted external drive (demonstrations, tests, mounted
//                   filesystem images) instead of scanning the computer's removable drives
//   --no-backups    do not run the daily backup schedule
// A restore from a backup (the administrator's «Переключиться») restarts the server in this process.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isValidDate } from '../../shared/domain/calendar';
import { projectRoot } from '../common/assets';
import { openDatabase } from '../db/connection';
import { isDatabaseEmpty } from '../db/repositories/demo-repo';
import { createDemoSchool } from '../demo/demo-school';
import { DEMO_CREDENTIALS_FILE, describeDemo, saveDemoCredentials } from '../demo/demo-report';
import { DEFAULT_PORT, startJournalServer, type JournalServer } from './journal-server';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'data' },
    port: { type: 'string', default: String(DEFAULT_PORT) },
    host: { type: 'string' },
    demo: { type: 'boolean', default: false },
    students: { type: 'string', default: '600' },
    'journal-today': { type: 'string' },
    'drives-dir': { type: 'string' },
    'no-backups': { type: 'boolean', default: false },
  },
});

const dataDir = path.resolve(values.data);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port: укажите номер порта от 0 до 65535');
  process.exit(2);
}

async function prepareDemo(): Promise<void> {
  const db = await openDatabase({ dataDir });
  try {
    if (await isDatabaseEmpty(db)) {
      // With --journal-today the demo journal is written up to that day, so the demonstration is consistent:
      // no marks after «today», and only the periods ended before it are closed.
      const result = await createDemoSchool(db, { students: Number(values.students), ...(values['journal-today'] ? { today: values['journal-today'] } : {}) });
      saveDemoCredentials(dataDir, result);
      console.log(describeDemo(result));
    } else if (fs.existsSync(path.join(dataDir, DEMO_CREDENTIALS_FILE))) {
      console.log(fs.readFileSync(path.join(dataDir, DEMO_CREDENTIALS_FILE), 'utf8'));
    }
  } finally {
    await db.destroy();
  }
}

/** A clock that starts on the given school day at the current time of day and runs on from there. */
function journalClockFrom(date: string | undefined): (() => Date) | undefined {
  if (date === undefined) return undefined;
  if (!isValidDate(date)) {
    console.error('--journal-today: укажите дату в формате ГГГГ-ММ-ДД');
    process.exit(2);
  }
  const now = new Date();
  const offset = new Date(`${date}T${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}:00`).getTime() - now.getTime();
  return () => new Date(Date.now() + offset);
}
const journalClock = journalClockFrom(values['journal-today']);

/**
 * Starts the server; when the administrator switches to a restored backup, the server asks for a restart: it is
 * closed (finishing its requests, closing the database) and started again in this process, which moves the
 * restored database in (startJournalServer applies the pending restore before opening the database).
 */
async function serve(): Promise<JournalServer> {
  const startedAt = performance.now();
  const server = await startJournalServer({
    dataDir,
    port,
    uiDir: path.join(projectRoot(), 'dist', 'renderer'),
    version: process.env.npm_package_version ?? '0.1.0',
    logLevel: 'warn',
    ...(values.host ? { hostOverride: values.host } : {}),
    ...(journalClock ? { journalClock } : {}),
    drives: values['drives-dir'] ? { system: false, folderRoot: path.resolve(values['drives-dir']) } : { system: true, folderRoot: null },
    backups: !values['no-backups'],
    onRestartRequested: () => void restart(),
  });
  console.log(
    `Сервер журнала запущен за ${Math.round(performance.now() - startedAt)} мс: http://${server.host() === '127.0.0.1' ? 'localhost' : server.host()}:${server.port} ` +
      `(данные: ${dataDir}). Остановка: Ctrl+C.`,
  );
  return server;
}

let current: JournalServer | null = null;
let isStopping = false;
let restarting: Promise<void> | null = null;

function restart(): Promise<void> {
  restarting ??= (async () => {
    if (isStopping || !current) return;
    console.log('Перезапуск сервера журнала для восстановления базы данных из резервной копии...');
    try {
      await current.close();
      current = null;
      current = await serve();
    } catch (error) {
      console.error(`Сервер не перезапущен: ${(error as Error).message}`);
      process.exit(1);
    }
  })().finally(() => {
    restarting = null;
  });
  return restarting;
}

try {
  if (values.demo) await prepareDemo();
  current = await serve();
  const stop = (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    console.log(`Получен ${signal}: завершаем начатые запросы и закрываем базу данных...`);
    (async () => {
      await restarting;
      await current?.close();
    })().then(
      () => {
        // Exit by letting the event loop drain, not process.exit(): usb-detection's native monitoring thread
        // (src/main/drives) aborts the process (SIGABRT) when exit() races its teardown. Everything the server
        // opened is closed by now; the unref'd timer only catches a handle someone forgot.
        process.exitCode = 0;
        setTimeout(() => process.exit(0), 10_000).unref();
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  console.error(`Сервер не запущен: ${(error as Error).message}`);
  process.exit(1);
}
