// Performance figures of the journal server on a large generated school:
//  - demo generation time (fresh temp data folder), database file size;
//  - server start time on that database (median of 3 start+close);
//  - login latency (argon2id), authenticated GET latency and requests/s per endpoint,
//    concurrent throughput (8 workers on /auth/me);
//  - audited write latency (PATCH /users/:id with optimistic version);
//  - audit hash-chain verification time and row count.
// Everything runs in-process against a real listener on 127.0.0.1 (ephemeral port) using
// global fetch, sequentially unless stated. Prints a table and writes bench-data/results.json;
// exits non-zero if any request got an unexpected status.
//
// Run: npm run bench -- --students 1200 [--requests 300]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { databasePath, openDatabase } from '../src/main/db/connection';
import { createDemoSchool, type DemoResult } from '../src/main/demo/demo-school';
import { lessonsOfYear } from '../src/main/timetable/timetable-service';
import { startJournalServer, type JournalServer } from '../src/main/server/journal-server';

const API = '/api/v1';
const LOGIN_COUNT = 20;
const WRITE_COUNT = 100;
const WRITE_TARGET_USERS = 10;
const WORKERS = 8;
const SERVER_STARTS = 3;

// --- options ---

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '1200' },
    requests: { type: 'string', default: '300' },
  },
});

function positiveInt(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`--${name}: укажите целое число от 1 до ${max}`);
    process.exit(2);
  }
  return n;
}

const studentCount = positiveInt('students', values.students, 20000);
const requestCount = positiveInt('requests', values.requests, 1_000_000);

// --- statistics ---

interface Row {
  n?: number;
  /** A single timing (one run). */
  ms?: number;
  'p50 ms'?: number;
  'p95 ms'?: number;
  'max ms'?: number;
  'req/s'?: number;
  value?: string;
}

const rows = new Map<string, Row>();
const failures: string[] = [];

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

function addLatencyRow(measure: string, latencies: readonly number[], wallMs?: number): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const total = wallMs ?? latencies.reduce((sum, x) => sum + x, 0);
  rows.set(measure, {
    n: latencies.length,
    'p50 ms': round(percentile(sorted, 50)),
    'p95 ms': round(percentile(sorted, 95)),
    'max ms': round(sorted[sorted.length - 1] ?? Number.NaN),
    ...(total > 0 ? { 'req/s': round((latencies.length / total) * 1000, 1) } : {}),
  });
}

function addRow(measure: string, row: Row): void {
  rows.set(measure, row);
}

// --- HTTP ---

interface Reply {
  status: number;
  text: string;
  headers: Headers;
  ms: number;
}

let baseUrl = '';
let cookie = '';

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, expected: number, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(baseUrl + API + url, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== expected) {
    failures.push(`${method} ${API}${url}: ${response.status} (ожидался ${expected}) ${text.slice(0, 200)}`);
  }
  return { status: response.status, text, headers: response.headers, ms };
}

function json<T>(reply: Reply): T {
  return JSON.parse(reply.text) as T;
}

async function sequential(measure: string, url: string, count: number): Promise<Reply> {
  const latencies: number[] = [];
  let last: Reply | undefined;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    last = await call('GET', url, 200);
    latencies.push(last.ms);
  }
  addLatencyRow(measure, latencies, performance.now() - started);
  return last!;
}

// --- the run ---

interface UserView {
  id: number;
  lastName: string;
  roles: string[];
  version: number;
}

interface AuditVerification {
  isIntact: boolean;
  checkedRows: number;
  firstBrokenRowId: number | null;
  problem: string | null;
}

const fileMb = (file: string): number => (fs.existsSync(file) ? fs.statSync(file).size / 1024 / 1024 : 0);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-'));
const dbFile = databasePath(dataDir);
let server: JournalServer | null = null;
const startServer = () => startJournalServer({ dataDir, port: 0, logLevel: 'silent', uiDir: null });

console.log(
  `Бенчмарк журнала: ${os.cpus().length} ядер (${os.cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}, ` +
    `${os.platform()}/${os.arch()} (ответы всегда проверяются по контракту API); ` +
    `--students ${studentCount} --requests ${requestCount}`,
);

try {
  // 1. Demo school in a fresh folder.
  let started = performance.now();
  const db = await openDatabase({ dataDir });
  const migrateMs = performance.now() - started;
  let demo: DemoResult;
  try {
    started = performance.now();
    demo = await createDemoSchool(db, { students: studentCount });
    addRow('demo: createDemoSchool', { ms: round(performance.now() - started, 0) });
  } finally {
    await db.destroy();
  }
  addRow('demo: open + migrate empty db', { ms: round(migrateMs, 0) });
  const { counts } = demo;
  addRow('demo: school size', {
    value: `${counts.students} students, ${counts.classes} classes, ${counts.teachers} teachers, ${counts.parents} parents, ${counts.users} users`,
  });
  addRow('db size after demo', { value: `${round(fileMb(dbFile))} MB (+ wal ${round(fileMb(`${dbFile}-wal`))} MB)` });
  const admin = demo.accounts.find((a) => a.role === 'admin');
  if (!admin) throw new Error('В демонстрационной школе нет администратора');

  // 2. Server start on the existing database.
  const startTimes: number[] = [];
  for (let i = 0; i < SERVER_STARTS; i++) {
    started = performance.now();
    const s = await startServer();
    startTimes.push(performance.now() - started);
    await s.close();
  }
  const sortedStarts = [...startTimes].sort((a, b) => a - b);
  addRow('server start (median of 3)', {
    n: SERVER_STARTS,
    'p50 ms': round(percentile(sortedStarts, 50)),
    'max ms': round(sortedStarts[sortedStarts.length - 1]!),
    value: `runs: ${startTimes.map((t) => round(t, 0)).join(', ')} ms`,
  });

  server = await startServer();
  baseUrl = server.url;

  // 2b. Deriving every lesson of the school year from timetable + calendar (issue 3's figure).
  {
    const yearRow = (await server.db('academic_years').orderBy('id').first('id')) as { id: number };
    const runs: number[] = [];
    let lessonCount = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      lessonCount = (await lessonsOfYear(server.db, yearRow.id)).length;
      runs.push(performance.now() - t0);
    }
    const sortedRuns = [...runs].sort((a, b) => a - b);
    addRow('derive lessons: full year, all classes', {
      n: runs.length,
      'p50 ms': round(percentile(sortedRuns, 50)),
      'max ms': round(sortedRuns[sortedRuns.length - 1]!),
      value: `${lessonCount} lessons, ${counts.timetableSlots} weekly slots`,
    });
  }

  // 3. Logins (argon2id verification dominates).
  const loginLatencies: number[] = [];
  for (let i = 0; i < LOGIN_COUNT; i++) {
    const reply = await call('POST', '/auth/login', 200, { login: admin.login, password: admin.password });
    loginLatencies.push(reply.ms);
    const session = reply.headers.getSetCookie().map((c) => /journal_session=[^;]+/.exec(c)?.[0]).find((c) => c !== undefined);
    if (session) cookie = session;
  }
  addLatencyRow('POST /auth/login', loginLatencies);
  if (!cookie) throw new Error(`Вход не удался: нет cookie journal_session. ${failures.join('; ')}`);

  // 4. Authenticated reads.
  const usersReply = await sequential('GET /users (all)', '/users', requestCount);
  const allUsers = usersReply.status === 200 ? json<{ users: UserView[] }>(usersReply).users : [];
  rows.get('GET /users (all)')!.value = `${allUsers.length} users, ${round(Buffer.byteLength(usersReply.text) / 1024, 0)} KiB`;
  const classesReply = await sequential('GET /classes', '/classes', requestCount);
  if (classesReply.status === 200) rows.get('GET /classes')!.value = `${json<{ classes: unknown[] }>(classesReply).classes.length} classes`;
  const classReply = await sequential('GET /classes/1/students', '/classes/1/students', requestCount);
  if (classReply.status === 200) rows.get('GET /classes/1/students')!.value = `${json<{ students: unknown[] }>(classReply).students.length} students`;
  await sequential('GET /students/1', '/students/1', requestCount);
  await sequential('GET /auth/me', '/auth/me', requestCount);

  // 5. Concurrent reads: WORKERS parallel loops sharing one request budget.
  {
    const latencies: number[] = [];
    let issued = 0;
    const worker = async (): Promise<void> => {
      while (issued < requestCount) {
        issued += 1;
        latencies.push((await call('GET', '/auth/me', 200)).ms);
      }
    };
    const wallStarted = performance.now();
    await Promise.all(Array.from({ length: WORKERS }, worker));
    addLatencyRow(`GET /auth/me x${WORKERS} concurrent`, latencies, performance.now() - wallStarted);
  }

  // 6. Audited writes: GET the current version, then PATCH lastName (version must go up by one).
  {
    const targets = allUsers.filter((u) => !u.roles.includes('admin')).slice(0, WRITE_TARGET_USERS);
    if (targets.length === 0) throw new Error('Нет пользователей для изменения');
    const getLatencies: number[] = [];
    const patchLatencies: number[] = [];
    for (let i = 0; i < WRITE_COUNT; i++) {
      const target = targets[i % targets.length]!;
      const current = await call('GET', `/users/${target.id}`, 200);
      getLatencies.push(current.ms);
      if (current.status !== 200) continue;
      const before = json<UserView>(current);
      const patched = await call('PATCH', `/users/${target.id}`, 200, {
        version: before.version,
        lastName: `${target.lastName} ${Math.floor(i / targets.length) + 1}`,
      });
      patchLatencies.push(patched.ms);
      if (patched.status === 200 && json<UserView>(patched).version !== before.version + 1) {
        failures.push(`PATCH ${API}/users/${target.id}: версия не увеличилась на 1`);
      }
    }
    addLatencyRow('GET /users/:id (before write)', getLatencies);
    addLatencyRow('PATCH /users/:id (audited)', patchLatencies);
  }

  // 7. Audit chain verification.
  {
    const reply = await call('GET', '/audit/verify', 200);
    const result = reply.status === 200 ? json<AuditVerification>(reply) : null;
    if (result && !result.isIntact) failures.push(`GET ${API}/audit/verify: цепочка нарушена: ${result.problem ?? '?'}`);
    addRow('GET /audit/verify', {
      ms: round(reply.ms),
      value: result ? `${result.checkedRows} rows, ${result.isIntact ? 'intact' : 'BROKEN'}` : `status ${reply.status}`,
    });
  }

  await server.close();
  server = null;
  addRow('db size after bench', { value: `${round(fileMb(dbFile))} MB (+ wal ${round(fileMb(`${dbFile}-wal`))} MB)` });
} catch (error) {
  failures.push(`Ошибка: ${(error as Error).stack ?? String(error)}`);
} finally {
  if (server) await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.table(Object.fromEntries(rows), ['n', 'ms', 'p50 ms', 'p95 ms', 'max ms', 'req/s', 'value']);

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench-data');
fs.mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, 'results.json');
fs.writeFileSync(
  outFile,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model.trim() ?? null, node: process.version, platform: `${os.platform()}/${os.arch()}` },
      options: { students: studentCount, requests: requestCount },
      results: Object.fromEntries(rows),
      failures,
    },
    null,
    2,
  ) + '\n',
);
console.log(`Результаты: ${path.relative(process.cwd(), outFile)}`);

if (failures.length > 0) {
  const grouped = new Map<string, number>();
  for (const f of failures) grouped.set(f, (grouped.get(f) ?? 0) + 1);
  console.error(`Неожиданные ответы (${failures.length}):`);
  for (const [f, n] of grouped) console.error(`  ${n} × ${f}`);
  process.exitCode = 1;
}
