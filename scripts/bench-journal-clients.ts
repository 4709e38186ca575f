// Worker thread of `npm run bench`: the journal's concurrent clients (teachers saving marks), on a thread of their
// own so that their fetch and JSON work does not share the server's event loop. Each client edits only its own
// journal: the marks of present pupils on the lesson of the journal's today, toggling 4 <-> 5 with the version the
// server last returned, so no edit is a conflict and every one is a real write (mark update + audit entry).
//
// Messages in: {type: 'init', baseUrl, teachers}, then {type: 'run', ...RunPhase}; out: {type: 'ready' | 'done', ...}.

import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

export interface BenchTeacher {
  cookie: string;
  /** '/api/v1/journals/c/s/g' */
  base: string;
  date: string;
  lessonNumber: number;
}

export interface RunPhase {
  /** Tag sent as x-bench: the server side times requests by it. */
  tag: string;
  mode: 'single' | 'batch';
  /** Stop after this long (ms) or `maxRequests` per client, whichever first. */
  durationMs: number;
  maxRequests: number;
  /** Pause between a client's requests (ms, uniformly 0..2×); 0 = closed loop. */
  thinkMs: number;
  /** Only the first n clients take part (1 = one teacher alone: the service time without queueing). */
  clients?: number;
}

export interface PhaseResult {
  latencies: number[];
  requests: number;
  edits: number;
  errors: string[];
  wallMs: number;
}

interface Cell {
  studentId: number;
  value: string | null;
  version: number;
}

interface ClientState {
  teacher: BenchTeacher;
  columnId: number | null;
  cells: Cell[];
  next: number;
}

interface PageBody {
  students: Array<{ id: number }>;
  lessons: Array<{ date: string; lessonNumber: number; lessonId: number | null; columns: Array<{ id: number | null; position: number }> }>;
  marks: Array<{ columnId: number; studentId: number; value: string; version: number }>;
  attendance: Array<{ lessonId: number; studentId: number; code: string }>;
}

interface CellsBody {
  results: Array<{ kind: string; columnId: number; studentId: number; mark: { value: string; version: number } | null }>;
}

const ABSENT = new Set(['Н', 'Б', 'УП', 'НП']);
let baseUrl = '';
const clients: ClientState[] = [];

async function request(method: string, url: string, cookie: string, tag: string, body?: unknown): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(baseUrl + url, {
    method,
    headers: { cookie, 'x-bench': tag, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

/** The lesson's first column and the present pupils' marks in it, from the page as the teacher sees it. */
async function load(teacher: BenchTeacher): Promise<ClientState> {
  const reply = await request('GET', teacher.base, teacher.cookie, 'load');
  if (reply.status !== 200) throw new Error(`GET ${teacher.base}: ${reply.status} ${reply.text.slice(0, 200)}`);
  const page = JSON.parse(reply.text) as PageBody;
  const lesson = page.lessons.find((l) => l.date === teacher.date && l.lessonNumber === teacher.lessonNumber);
  if (!lesson) throw new Error(`${teacher.base}: нет урока ${teacher.date} №${teacher.lessonNumber}`);
  const columnId = [...lesson.columns].sort((a, b) => a.position - b.position)[0]?.id ?? null;
  const absent = new Set(page.attendance.filter((a) => a.lessonId === lesson.lessonId && ABSENT.has(a.code)).map((a) => a.studentId));
  const cells = page.students
    .filter((s) => !absent.has(s.id))
    .map((s) => {
      const mark = columnId === null ? undefined : page.marks.find((m) => m.columnId === columnId && m.studentId === s.id);
      return { studentId: s.id, value: mark?.value ?? null, version: mark?.version ?? 0 };
    });
  return { teacher, columnId, cells, next: 0 };
}

const nextValue = (cell: Cell) => (cell.value === '5' ? '4' : '5');

function editOf(state: ClientState, cell: Cell) {
  return {
    kind: 'mark' as const,
    date: state.teacher.date,
    lessonNumber: state.teacher.lessonNumber,
    columnId: state.columnId,
    studentId: cell.studentId,
    value: nextValue(cell),
    version: cell.version,
  };
}

/** One request: a single cell, or the whole column (every present pupil) in one all-or-nothing batch. */
async function save(state: ClientState, phase: RunPhase, result: PhaseResult): Promise<void> {
  const cells = phase.mode === 'single' ? [state.cells[state.next++ % state.cells.length]!] : state.cells;
  const reply = await request('POST', `${state.teacher.base}/cells`, state.teacher.cookie, phase.tag, { edits: cells.map((c) => editOf(state, c)) });
  result.latencies.push(reply.ms);
  result.requests += 1;
  if (reply.status !== 200) {
    result.errors.push(`POST ${state.teacher.base}/cells: ${reply.status} ${reply.text.slice(0, 200)}`);
    return;
  }
  const body = JSON.parse(reply.text) as CellsBody;
  for (const r of body.results) {
    const cell = state.cells.find((c) => c.studentId === r.studentId);
    if (!cell || !r.mark) continue;
    cell.value = r.mark.value;
    cell.version = r.mark.version;
    state.columnId = r.columnId;
  }
  result.edits += cells.length;
}

async function run(phase: RunPhase): Promise<PhaseResult> {
  const result: PhaseResult = { latencies: [], requests: 0, edits: 0, errors: [], wallMs: 0 };
  const started = performance.now();
  const deadline = started + phase.durationMs;
  await Promise.all(
    clients.slice(0, phase.clients ?? clients.length).map(async (state) => {
      for (let i = 0; i < phase.maxRequests && performance.now() < deadline; i++) {
        await save(state, phase, result);
        if (phase.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * phase.thinkMs));
      }
    }),
  );
  result.wallMs = performance.now() - started;
  return result;
}

parentPort?.on('message', (message: { type: 'init'; baseUrl: string; teachers: BenchTeacher[] } | ({ type: 'run' } & RunPhase)) => {
  const reply = (payload: object) => parentPort!.postMessage(payload);
  const work = async () => {
    if (message.type === 'init') {
      baseUrl = message.baseUrl;
      for (const teacher of message.teachers) clients.push(await load(teacher));
      reply({ type: 'ready', clients: clients.length, cells: clients.reduce((n, c) => n + c.cells.length, 0) });
    } else {
      reply({ type: 'done', ...(await run(message)) });
    }
  };
  work().catch((error: unknown) => reply({ type: 'error', message: (error as Error).stack ?? String(error) }));
});
