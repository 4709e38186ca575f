// Performance figures of the journal server on a large generated school:
//  - demo generation time (fresh temp data folder), database file size;
//  - server start time on that database (median of 3 start+close);
//  - login latency (argon2id), authenticated GET latency and requests/s per endpoint,
//    concurrent throughput (8 workers on /auth/me);
//  - audited write latency (PATCH /users/:id with optimistic version);
//  - the class journal on the demo's year of entries: opening random journal pages (default period), saving
//    marks by 50 teachers at once (paced, then as fast as they can: single cells and whole lesson columns);
//  - the diary: the week view of random pupils (issue 5);
//  - audit hash-chain verification time and row count;
//  - year end (issue 6, scripts/bench-year-end.ts): the whole-school summary statement PDF, and the yearly archive
//    (write + flush + verify) against `cp` + `sync` + `sha256sum` of the same bytes on the same disk. For a complete
//    year (year, exam and final marks) run with --demo-today in June, e.g. 2027-06-10.
// Everything runs in-process against a real listener on 127.0.0.1 (ephemeral port) using
// global fetch, sequentially unless stated; the concurrent journal clients run on a worker thread
// (scripts/bench-journal-clients.ts) so that they do not share the server's event loop. "server" rows are timed
// inside the server process, from Node's 'request' event to the response's 'finish' (no client, no TCP);
// "client" rows are round trips as the client sees them. Prints a table and writes bench-data/results.json;
// exits non-zero if any request got an unexpected status.
//
// Run: npm run bench -- --students 1200 [--requests 300] [--demo-today YYYY-MM-DD] [--clients 50] [--journal-seconds 20]
//      [--year-end-only]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hashPassword } from '../src/main/accounts/password-hashing';
import { academicYearOf, localDate } from '../src/main/common/dates';
import { databasePath, openDatabase } from '../src/main/db/connection';
import { createDemoSchool, type DemoResult } from '../src/main/demo/demo-school';
import { lessonsOfYear } from '../src/main/timetable/timetable-service';
import { startJournalServer, type JournalServer } from '../src/main/server/journal-server';
import { markSettings } from '../src/main/directories/directories-service';
import type { BenchTeacher, PhaseResult, RunPhase } from './bench-journal-clients';
import { benchYearEnd } from './bench-year-end';

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
    'demo-today': { type: 'string', default: localDate() },
    clients: { type: 'string', default: '50' },
    'journal-seconds': { type: 'string', default: '20' },
    // Only the demo and the year-end figures (statement, archive vs cp + sha256sum).
    'year-end-only': { type: 'boolean', default: false },
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
const clientCount = positiveInt('clients', values.clients, 500);
const journalSeconds = positiveInt('journal-seconds', values['journal-seconds'], 600);
const yearEndOnly = values['year-end-only'];
const demoToday = values['demo-today'];
if (!/^\d{4}-\d{2}-\d{2}$/.test(demoToday) || academicYearOf(demoToday) !== academicYearOf(localDate())) {
  // Teachers' classes are those of the current school year (authentication), so the demo must be of it too.
  console.error(`--demo-today: дата ГГГГ-ММ-ДД текущего учебного года ${academicYearOf(localDate())}`);
  process.exit(2);
}

// --- statistics ---

interface Row {
  n?: number;
  /** A single timing (one run). */
  ms?: number;
  'p50 ms'?: number;
  'p95 ms'?: number;
  'p99 ms'?: number;
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
    'p99 ms': round(percentile(sorted, 99)),
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

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, expected: number, body?: unknown, tag?: string): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (tag) headers['x-bench'] = tag;
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
/** The journal's clock: set to the last school day of the demo once the database is there. */
let journalNow = new Date();
const startServer = () => startJournalServer({ dataDir, port: 0, logLevel: 'silent', uiDir: null, journalClock: () => journalNow });

// --- server-side timing: Node's 'request' event to the response's 'finish', by the x-bench tag ---

const serverTimes = new Map<string, number[]>();

function timeServerRequests(s: JournalServer): void {
  s.app.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const tag = req.headers['x-bench'];
    if (typeof tag !== 'string') return;
    const started = performance.now();
    res.once('finish', () => {
      const list = serverTimes.get(tag) ?? [];
      list.push(performance.now() - started);
      serverTimes.set(tag, list);
    });
  });
}

function takeServerTimes(tag: string): number[] {
  const list = serverTimes.get(tag) ?? [];
  serverTimes.delete(tag);
  return list;
}

// --- the journal ---

/** Deterministic pick of pages (mulberry32), so runs compare. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function loginCookie(login: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}${API}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  await response.text();
  const session = response.headers.getSetCookie().map((c) => /journal_session=[^;]+/.exec(c)?.[0]).find((c) => c !== undefined);
  if (response.status !== 200 || !session) throw new Error(`Вход ${login} не удался: ${response.status}`);
  return session;
}

/** Opening random journal pages (default period) as the administrator: server time and round trip. */
async function benchJournalPages(s: JournalServer): Promise<void> {
  const pages = (await s.db('teaching_assignments').orderBy(['class_id', 'subject_id']).select('class_id', 'subject_id', 'group_id')) as Array<{ class_id: number; subject_id: number; group_id: number | null }>;
  const rnd = seeded(4);
  const latencies: number[] = [];
  let bytes = 0;
  let marks = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < requestCount; i++) {
    const p = pages[Math.floor(rnd() * pages.length)]!;
    const reply = await call('GET', `/journals/${p.class_id}/${p.subject_id}/${p.group_id ?? 0}`, 200, undefined, 'page');
    latencies.push(reply.ms);
    bytes += Buffer.byteLength(reply.text);
    if (reply.status === 200) marks += json<{ marks: unknown[] }>(reply).marks.length;
  }
  const wall = performance.now() - started;
  addLatencyRow('journal page: server', takeServerTimes('page'), wall);
  rows.get('journal page: server')!.value = `${pages.length} pages, random; avg ${round(marks / requestCount, 0)} marks, ${round(bytes / requestCount / 1024, 0)} KiB; ${cpuPerRequest(cpu, requestCount)}`;
  addLatencyRow('journal page: client', latencies, wall);
}

/** The diary week view (issue 5) of random pupils, for the week of the journal's today: server time and round trip. */
async function benchDiaryWeeks(s: JournalServer): Promise<void> {
  const pupils = ((await s.db('class_enrolments').whereNull('to_date').select('student_id')) as Array<{ student_id: number }>).map((r) => r.student_id);
  const rnd = seeded(5);
  const latencies: number[] = [];
  let lessons = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < requestCount; i++) {
    const pupil = pupils[Math.floor(rnd() * pupils.length)]!;
    const reply = await call('GET', `/students/${pupil}/diary`, 200, undefined, 'diary');
    latencies.push(reply.ms);
    if (reply.status === 200) lessons += json<{ days: Array<{ lessons: unknown[] }> }>(reply).days.reduce((n, d) => n + d.lessons.length, 0);
  }
  const wall = performance.now() - started;
  addLatencyRow('diary week: server', takeServerTimes('diary'), wall);
  rows.get('diary week: server')!.value = `${pupils.length} pupils, random; avg ${round(lessons / requestCount, 0)} lessons; ${cpuPerRequest(cpu, requestCount)}`;
  addLatencyRow('diary week: client', latencies, wall);
}

/** Up to `clientCount` teachers, each with a lesson of their own journal on the journal's today (not markless). */
async function benchTeachers(s: JournalServer, day: string): Promise<BenchTeacher[]> {
  const markless = (await markSettings(s.db)).marklessLevels;
  const lessons = (await s.db('journal_lessons as l')
    .join('classes as c', 'c.id', 'l.class_id')
    .join('teaching_assignments as a', function () {
      this.on('a.class_id', '=', 'l.class_id').andOn('a.subject_id', '=', 'l.subject_id').andOn('a.teacher_user_id', '=', 'l.teacher_user_id');
    })
    .where('l.date', day)
    .whereNotIn('c.level', markless)
    .orderBy(['l.teacher_user_id', 'l.lesson_number'])
    .select('l.teacher_user_id', 'l.class_id', 'l.subject_id', 'l.group_key', 'l.lesson_number')) as Array<{
    teacher_user_id: number;
    class_id: number;
    subject_id: number;
    group_key: number;
    lesson_number: number;
  }>;
  const firstOfTeacher = new Map<number, (typeof lessons)[number]>();
  for (const l of lessons) if (!firstOfTeacher.has(l.teacher_user_id)) firstOfTeacher.set(l.teacher_user_id, l);
  const chosen = [...firstOfTeacher.values()].slice(0, clientCount);
  const password = 'Бенчмарк-журнала-2026';
  const hash = await hashPassword(password);
  await s.db('users').whereIn('id', chosen.map((l) => l.teacher_user_id)).update({ password_hash: hash, must_change_password: 0 });
  const users = new Map(((await s.db('users').whereIn('id', chosen.map((l) => l.teacher_user_id)).select('id', 'login')) as Array<{ id: number; login: string }>).map((u) => [u.id, u.login]));
  const teachers: BenchTeacher[] = [];
  for (const l of chosen) {
    teachers.push({ cookie: await loginCookie(users.get(l.teacher_user_id)!, password), base: `${API}/journals/${l.class_id}/${l.subject_id}/${l.group_key}`, date: day, lessonNumber: l.lesson_number });
  }
  return teachers;
}

type WorkerReply = { type: 'ready'; clients: number; cells: number } | ({ type: 'done' } & PhaseResult) | { type: 'error'; message: string };

function ask(worker: Worker, message: object): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => (reply.type === 'error' ? reject(new Error(reply.message)) : resolve(reply)));
    worker.once('error', reject);
    worker.postMessage(message);
  });
}

/** CPU time of the whole process (server and client threads) per request: steadier than latency on a busy machine. */
function cpuPerRequest(since: NodeJS.CpuUsage, requests: number): string {
  const used = process.cpuUsage(since);
  return `CPU ${round((used.user + used.system) / 1000 / Math.max(1, requests), 2)} ms/request`;
}

async function runPhase(worker: Worker, measure: string, phase: RunPhase, note: string): Promise<void> {
  const cpu = process.cpuUsage();
  const reply = (await ask(worker, { type: 'run', ...phase })) as { type: 'done' } & PhaseResult;
  const cpuNote = cpuPerRequest(cpu, reply.requests);
  for (const e of reply.errors) failures.push(e);
  const serverSide = takeServerTimes(phase.tag);
  addLatencyRow(`${measure}: server`, serverSide, reply.wallMs);
  addLatencyRow(`${measure}: client`, reply.latencies, reply.wallMs);
  const marksPerSecond = round((reply.edits / reply.wallMs) * 1000, 0);
  rows.get(`${measure}: server`)!.value = `${note}; ${reply.requests} requests, ${reply.edits} marks saved, ${marksPerSecond} marks/s, ${reply.errors.length} errors; ${cpuNote}`;
}

/** Saving marks: 50 teachers at once, paced and then as fast as they can, single cells and whole columns. */
async function benchJournalSaves(s: JournalServer, day: string): Promise<void> {
  const teachers = await benchTeachers(s, day);
  // The worker is TypeScript too: a small stub registers tsx's loader in the thread, then imports it.
  const clientsModule = new URL('./bench-journal-clients.ts', import.meta.url).href;
  const stub = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(clientsModule)}); });`;
  const worker = new Worker(stub, { eval: true });
  try {
    const ready = (await ask(worker, { type: 'init', baseUrl, teachers })) as { type: 'ready'; clients: number; cells: number };
    addRow('journal saves: clients', { n: ready.clients, value: `${ready.clients} teachers, own journals, lesson of ${day}; ${round(ready.cells / ready.clients, 1)} present pupils per lesson` });
    takeServerTimes('load');
    const seconds = journalSeconds * 1000;
    await runPhase(worker, 'save mark x1 alone', { tag: 'alone', mode: 'single', durationMs: seconds, maxRequests: 200, thinkMs: 0, clients: 1 }, 'single cell, one client, no pause');
    // A busy staffroom: every teacher saves a mark every second or so (0-2 s apart), about 50 saves/s in all.
    await runPhase(worker, `save mark x${ready.clients} paced`, { tag: 'paced', mode: 'single', durationMs: seconds, maxRequests: 1_000_000, thinkMs: 1000 }, 'single cell, 0-2 s pause per client');
    await runPhase(worker, `save mark x${ready.clients} flat out`, { tag: 'single', mode: 'single', durationMs: seconds, maxRequests: 1_000_000, thinkMs: 0 }, `single cell, no pause, ${journalSeconds} s`);
    await runPhase(worker, `save column x${ready.clients} flat out`, { tag: 'batch', mode: 'batch', durationMs: seconds, maxRequests: 1_000_000, thinkMs: 0 }, `whole column per request, no pause, ${journalSeconds} s`);
  } finally {
    await worker.terminate();
  }
}

console.log(
  `Бенчмарк журнала: ${os.cpus().length} ядер (${os.cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}, ` +
    `${os.platform()}/${os.arch()} (ответы всегда проверяются по контракту API); ` +
    `--students ${studentCount} --requests ${requestCount}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);

try {
  // 1. Demo school in a fresh folder.
  let started = performance.now();
  const db = await openDatabase({ dataDir });
  const migrateMs = performance.now() - started;
  let demo: DemoResult;
  try {
    started = performance.now();
    demo = await createDemoSchool(db, { students: studentCount, today: demoToday });
    addRow('demo: createDemoSchool', { ms: round(performance.now() - started, 0) });
    // The journal's today: the last school day the demo wrote (lessons of it are editable).
    const last = (await db('journal_lessons').max({ date: 'date' }).first()) as { date: string | null } | undefined;
    journalNow = new Date(`${last?.date ?? demoToday}T12:00:00`);
  } finally {
    await db.destroy();
  }
  addRow('demo: open + migrate empty db', { ms: round(migrateMs, 0) });
  const { counts } = demo;
  addRow('demo: school size', {
    value: `${counts.students} students, ${counts.classes} classes, ${counts.teachers} teachers, ${counts.parents} parents, ${counts.users} users`,
  });
  const j = demo.journal;
  if (j) {
    addRow('demo: journal', {
      value: `up to ${j.until}: ${j.lessons} lessons, ${j.marks} marks, ${j.markColumns} columns, ${j.absences} absences, ${j.lates} lates, ${j.periodMarks} period marks, ${j.assessments} assessments`,
    });
  }
  addRow('db size after demo', { value: `${round(fileMb(dbFile))} MB (+ wal ${round(fileMb(`${dbFile}-wal`))} MB)` });
  const admin = demo.accounts.find((a) => a.role === 'admin');
  if (!admin) throw new Error('В демонстрационной школе нет администратора');

  if (yearEndOnly) {
    server = await startServer();
  } else {
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
    timeServerRequests(server);

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

    // 6b. The journal: pages, then mark saves by many teachers at once.
    {
      const day = localDate(journalNow);
      addRow('journal today (clock)', { value: day });
      await benchJournalPages(server);
      await benchDiaryWeeks(server);
      await benchJournalSaves(server, day);
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

  }

  // 8. Year end: the summary statement and the yearly archive.
  {
    const adminRow = (await server.db('users').where({ login: admin.login }).first('id')) as { id: number };
    const scratchDir = fs.mkdtempSync(path.join(path.dirname(dataDir), 'journal-bench-drive-'));
    try {
      await benchYearEnd({ db: server.db, dataDir, scratchDir, adminUserId: adminRow.id, addRow });
    } finally {
      fs.rmSync(scratchDir, { recursive: true, force: true });
    }
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

console.table(Object.fromEntries(rows), ['n', 'ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s', 'value']);

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench-data');
fs.mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, 'results.json');
fs.writeFileSync(
  outFile,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model.trim() ?? null, node: process.version, platform: `${os.platform()}/${os.arch()}`, loadAverageAtEnd: os.loadavg() },
      options: { students: studentCount, requests: requestCount, demoToday, clients: clientCount, journalSeconds },
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
