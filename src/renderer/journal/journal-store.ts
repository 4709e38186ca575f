// The state of the open journal page (zustand): the page as the server last sent it, the grid's columns,
// one RowData per pupil (so an edit re-renders one row), the cursor, the edits being saved or failed, and the
// undo stack. Every edit is sent at once; edits of one cell go one after another, each with the version the
// previous one returned, so fast typing never conflicts with itself.

import { create } from 'zustand';
import { api } from '../../shared/api/contract';
import { parseMarkInput } from '../../shared/domain/marks';
import { ApiError, call, errorText } from '../api/client';
import {
  attendanceSlot,
  buildColumns,
  EMPTY_ROW,
  finalSlot,
  lessonKeyOf,
  markSlot,
  sameColumns,
  shownValue,
  slotOfColumn,
  type Attendance,
  type FinalKind,
  type GridColumn,
  type JournalKey,
  type JournalPageData,
  type Lesson,
  type Mark,
  type Pending,
  type PeriodMark,
  type RowData,
} from './journal-model';

/** A cell of the grid: which pupil and which slot (mark, attendance or final mark). */
export type CellRef =
  | { kind: 'mark'; studentId: number; lessonKey: string; position: number }
  | { kind: 'attendance'; studentId: number; lessonKey: string }
  | { kind: 'final'; studentId: number; finalKind: FinalKind; periodNumber: number };

interface UndoEntry {
  cell: CellRef;
  before: string | null;
}

export interface ActiveCell {
  /** -1: the lesson header row. */
  row: number;
  col: number;
}

/**
 * Where the page data comes from: the live journal by default. The past-year viewer passes its own source (the
 * archive's read-only pages, whose `canEdit` is false, so the grid never sends an edit).
 */
export interface JournalPageSource {
  /** Tells apart sources whose pages have the same class, subject and group ids (the live journal, an archive). */
  id: string;
  load(key: JournalKey, periodId: number | null): Promise<JournalPageData>;
}

const LIVE_SOURCE: JournalPageSource = {
  id: 'live',
  load: (key, periodId) => call(api.journalPage, { params: key, query: periodId === null ? {} : { periodId } }),
};

interface JournalState {
  key: JournalKey | null;
  source: JournalPageSource;
  page: JournalPageData | null;
  lessons: Readonly<Record<string, Lesson>>;
  columns: GridColumn[];
  rows: Readonly<Record<number, RowData>>;
  revision: number;
  active: ActiveCell;
  selectedLesson: string | null;
  /** A cell with the text editor open (F2): special codes such as «н/а». */
  editing: ActiveCell | null;
  undo: UndoEntry[];
  /** A short message of the last refused key (a locked lesson, read-only page). */
  notice: string | null;
  /** Set when a reload of the page data is wanted (a conflict); the page component reloads. */
  reloadWanted: number;
  /** The period shown (null: the server's default, the current one). */
  periodId: number | null;
  loadError: string | null;

  open(key: JournalKey, source?: JournalPageSource): void;
  /** Loads (or reloads) the page data of the open key and period; a newer request wins. */
  fetchPage(periodId?: number | null): Promise<boolean>;
  load(page: JournalPageData): void;
  setActive(cell: ActiveCell): void;
  selectLesson(lessonKey: string | null): void;
  setEditing(cell: ActiveCell | null): void;
  setNotice(text: string | null): void;
  applyLesson(lesson: Lesson, revision: number): void;
  /** Types a value into the grid cell (mark or final mark); null clears it. */
  enter(row: number, col: number, value: string | null): void;
  /** Н / ОП on the lesson of the cell, or null to clear; the same code again clears it. */
  markAttendance(row: number, col: number, code: 'Н' | 'ОП' | null): void;
  retry(row: number, col: number): void;
  discard(row: number, col: number): void;
  undoLast(): void;
}

const queues = new Map<string, Promise<void>>();
let fetchSeq = 0;

function cellId(cell: CellRef): string {
  return `${cell.studentId}|${slotOf(cell)}`;
}

function slotOf(cell: CellRef): string {
  if (cell.kind === 'mark') return markSlot(cell.lessonKey, cell.position);
  if (cell.kind === 'attendance') return attendanceSlot(cell.lessonKey);
  return finalSlot(cell.finalKind, cell.periodNumber);
}

function buildRows(page: JournalPageData, lessons: readonly Lesson[], keep: Readonly<Record<number, RowData>>): Record<number, RowData> {
  const columnSlot = new Map<number, string>();
  const lessonOfId = new Map<number, string>();
  for (const lesson of lessons) {
    const key = lessonKeyOf(lesson.date, lesson.lessonNumber);
    if (lesson.lessonId !== null) lessonOfId.set(lesson.lessonId, key);
    for (const c of lesson.columns) if (c.id !== null) columnSlot.set(c.id, markSlot(key, c.position));
  }
  const marks = new Map<number, Record<string, Mark>>();
  const attendance = new Map<number, Record<string, Attendance>>();
  const finals = new Map<number, Record<string, PeriodMark>>();
  const bucket = <T>(map: Map<number, Record<string, T>>, id: number) => {
    let b = map.get(id);
    if (!b) map.set(id, (b = {}));
    return b;
  };
  for (const m of page.marks) {
    const slot = columnSlot.get(m.columnId);
    if (slot) bucket(marks, m.studentId)[slot] = m;
  }
  for (const a of page.attendance) {
    const key = lessonOfId.get(a.lessonId);
    if (key) bucket(attendance, a.studentId)[attendanceSlot(key)] = a;
  }
  for (const p of page.periodMarks) bucket(finals, p.studentId)[finalSlot(p.kind, p.periodNumber)] = p;
  const rows: Record<number, RowData> = {};
  for (const s of page.students) {
    const rowMarks = marks.get(s.id) ?? {};
    const rowAttendance = attendance.get(s.id) ?? {};
    const rowFinals = finals.get(s.id) ?? {};
    const savedValue = (slot: string): string | null =>
      rowMarks[slot]?.value ?? rowAttendance[slot]?.code ?? rowFinals[slot]?.value ?? null;
    const next: RowData = {
      marks: rowMarks,
      attendance: rowAttendance,
      finals: rowFinals,
      // Edits still being saved or failed stay on a reload; a "saved" tick stays while the cell holds that value.
      pending: Object.fromEntries(Object.entries(keep[s.id]?.pending ?? {}).filter(([slot, p]) => p.status !== 'saved' || savedValue(slot) === p.value)),
    };
    const old = keep[s.id];
    rows[s.id] = old && JSON.stringify(old) === JSON.stringify(next) ? old : next;
  }
  return rows;
}

function lessonsRecord(lessons: readonly Lesson[]): Record<string, Lesson> {
  return Object.fromEntries(lessons.map((l) => [lessonKeyOf(l.date, l.lessonNumber), l]));
}

export const useJournal = create<JournalState>((set, get) => {
  const patchRow = (studentId: number, change: (row: RowData) => RowData) =>
    set((s) => ({ rows: { ...s.rows, [studentId]: change(s.rows[studentId] ?? EMPTY_ROW) } }));

  const setPending = (cell: CellRef, pending: Pending | null) =>
    patchRow(cell.studentId, (row) => {
      const all = { ...row.pending };
      if (pending === null) delete all[slotOf(cell)];
      else all[slotOf(cell)] = pending;
      return { ...row, pending: all };
    });

  /** Merges a lesson from an edit's reply: those replies do not carry the plan topic, assessment and substitution. */
  const mergeLesson = (lesson: Lesson) => {
    const state = get();
    const key = lessonKeyOf(lesson.date, lesson.lessonNumber);
    const old = state.lessons[key];
    const merged: Lesson = old
      ? { ...lesson, planTopic: old.planTopic, assessment: old.assessment, isSubstitute: old.isSubstitute, teacherName: lesson.teacherName ?? old.teacherName }
      : lesson;
    const lessons = { ...state.lessons, [key]: merged };
    const page = state.page!;
    const ordered = page.lessons.map((l) => lessons[lessonKeyOf(l.date, l.lessonNumber)] ?? l);
    const columns = buildColumns(ordered, page);
    set({
      lessons,
      page: { ...page, lessons: ordered },
      columns: sameColumns(columns, state.columns) ? state.columns : columns,
    });
  };

  const bumpRevision = (revision: number) => set((s) => ({ revision: Math.max(s.revision, revision) }));

  const cellOf = (row: number, col: number): CellRef | null => {
    const { page, columns } = get();
    const student = page?.students[row];
    const column = columns[col];
    if (!student || !column) return null;
    return column.kind === 'mark'
      ? { kind: 'mark', studentId: student.id, lessonKey: column.lessonKey, position: column.position }
      : { kind: 'final', studentId: student.id, finalKind: column.finalKind, periodNumber: column.periodNumber };
  };

  const savedOf = (cell: CellRef): { value: string | null; version: number } => {
    const row = get().rows[cell.studentId] ?? EMPTY_ROW;
    const slot = slotOf(cell);
    if (cell.kind === 'mark') return { value: row.marks[slot]?.value ?? null, version: row.marks[slot]?.version ?? 0 };
    if (cell.kind === 'attendance') return { value: row.attendance[slot]?.code ?? null, version: row.attendance[slot]?.version ?? 0 };
    return { value: row.finals[slot]?.value ?? null, version: row.finals[slot]?.version ?? 0 };
  };

  const shownOf = (cell: CellRef): string | null => {
    const row = get().rows[cell.studentId] ?? EMPTY_ROW;
    return shownValue(row, slotOf(cell), savedOf(cell).value);
  };

  /** Sends one cell's value; waits for the cell's earlier edits so that it carries their version. */
  const send = (cell: CellRef, value: string | null, recordUndo: boolean) => {
    const state = get();
    const key = state.key;
    if (!key || !state.page) return;
    const before = shownOf(cell);
    const pendingNow = (state.rows[cell.studentId] ?? EMPTY_ROW).pending[slotOf(cell)];
    if (before === value && pendingNow?.status !== 'failed') return;
    if (recordUndo) set((s) => ({ undo: [...s.undo.slice(-199), { cell, before }] }));
    setPending(cell, { status: 'saving', value, message: null });
    const id = cellId(cell);
    const previous = queues.get(id) ?? Promise.resolve();
    const next = previous.then(() => transmit(key, cell, value));
    queues.set(id, next);
    void next.finally(() => {
      if (queues.get(id) === next) queues.delete(id);
    });
  };

  const stillCurrent = (cell: CellRef, value: string | null) => {
    const pending = (get().rows[cell.studentId] ?? EMPTY_ROW).pending[slotOf(cell)];
    return pending !== undefined && pending.status === 'saving' && pending.value === value;
  };

  const transmit = async (key: JournalKey, cell: CellRef, value: string | null): Promise<void> => {
    if (get().key !== key) return;
    const { version } = savedOf(cell);
    try {
      if (cell.kind === 'final') {
        const reply = await call(api.savePeriodMark, {
          params: key,
          body: { studentId: cell.studentId, kind: cell.finalKind, periodNumber: cell.periodNumber, value, version },
        });
        if (get().key !== key) return;
        const slot = slotOf(cell);
        patchRow(cell.studentId, (row) => {
          const finals = { ...row.finals };
          if (reply.periodMark) finals[slot] = reply.periodMark;
          else delete finals[slot];
          return { ...row, finals };
        });
        bumpRevision(reply.revision);
      } else {
        const [date, lessonNumberText] = cell.lessonKey.split('#') as [string, string];
        const lessonNumber = Number(lessonNumberText);
        const lesson = get().lessons[cell.lessonKey];
        const edit =
          cell.kind === 'mark'
            ? {
                kind: 'mark' as const,
                date,
                lessonNumber,
                columnId: lesson?.columns.find((c) => c.position === cell.position)?.id ?? null,
                studentId: cell.studentId,
                value,
                version,
              }
            : { kind: 'attendance' as const, date, lessonNumber, studentId: cell.studentId, code: value as 'Н' | 'ОП' | null, version };
        const reply = await call(api.saveCells, { params: key, body: { edits: [edit] } });
        if (get().key !== key) return;
        for (const lessonView of reply.lessons) mergeLesson(lessonView);
        const result = reply.results[0];
        if (result?.kind === 'mark') {
          const columnLesson = get().lessons[cell.lessonKey];
          const position = columnLesson?.columns.find((c) => c.id === result.columnId)?.position ?? (cell.kind === 'mark' ? cell.position : 1);
          const slot = markSlot(cell.lessonKey, position);
          patchRow(cell.studentId, (row) => {
            const marks = { ...row.marks };
            if (result.mark) marks[slot] = result.mark;
            else delete marks[slot];
            return { ...row, marks };
          });
        } else if (result?.kind === 'attendance') {
          const slot = attendanceSlot(cell.lessonKey);
          patchRow(cell.studentId, (row) => {
            const attendance = { ...row.attendance };
            if (result.attendance) attendance[slot] = result.attendance;
            else delete attendance[slot];
            return { ...row, attendance };
          });
        }
        bumpRevision(reply.revision);
      }
      if (stillCurrent(cell, value)) setPending(cell, { status: 'saved', value, message: null });
    } catch (error) {
      if (get().key !== key) return;
      if (stillCurrent(cell, value)) setPending(cell, { status: 'failed', value, message: errorText(error) });
      // Someone else changed the cell: show the current page (the typed value stays on the cell, red).
      if (error instanceof ApiError && error.status === 409) set((s) => ({ reloadWanted: s.reloadWanted + 1 }));
    }
  };

  const lockedNotice = (col: number): string | null => {
    const { page, columns } = get();
    if (!page?.canEdit) return 'Страница открыта только для просмотра';
    const column = columns[col];
    if (column?.kind === 'mark' && !column.isEditable) return column.lockReason ?? 'Урок недоступен для изменений';
    if (column?.kind === 'final' && page.period.isClosed) return `Период «${page.period.name}» закрыт`;
    return null;
  };

  const refuse = (col: number): boolean => {
    const notice = lockedNotice(col);
    if (notice) set({ notice });
    return notice !== null;
  };

  const enrolled = (row: number, col: number): boolean => {
    const { page, columns } = get();
    const student = page?.students[row];
    const column = columns[col];
    if (!student || !column || column.kind !== 'mark') return true;
    const ok = student.fromDate <= column.date && (student.toDate === null || column.date < student.toDate);
    if (!ok) set({ notice: `${student.lastName} ${student.firstName} не числится в классе на ${column.date.split('-').reverse().join('.')}` });
    return ok;
  };

  return {
    key: null,
    source: LIVE_SOURCE,
    page: null,
    lessons: {},
    columns: [],
    rows: {},
    revision: 0,
    active: { row: 0, col: 0 },
    selectedLesson: null,
    editing: null,
    undo: [],
    notice: null,
    reloadWanted: 0,
    periodId: null,
    loadError: null,

    async fetchPage(periodId) {
      const key = get().key;
      if (!key) return false;
      if (periodId !== undefined) set({ periodId });
      const wanted = get().periodId;
      const seq = ++fetchSeq;
      try {
        const data = await get().source.load(key, wanted);
        if (seq !== fetchSeq || get().key !== key) return false;
        get().load(data);
        set({ loadError: null });
        return true;
      } catch (error) {
        if (seq === fetchSeq && get().key === key) set({ loadError: errorText(error) });
        return false;
      }
    },

    open(key, source = LIVE_SOURCE) {
      const current = get().key;
      if (current && get().source.id === source.id && current.classId === key.classId && current.subjectId === key.subjectId && current.groupKey === key.groupKey) return;
      queues.clear();
      set({ key, source, page: null, lessons: {}, columns: [], rows: {}, revision: 0, active: { row: 0, col: 0 }, selectedLesson: null, editing: null, undo: [], notice: null, periodId: null, loadError: null });
    },

    load(page) {
      const state = get();
      // A reply older than what this window already saved would show stale cells: the next event brings a newer one.
      if (state.page && page.period.id === state.page.period.id && page.revision < state.revision) return;
      const samePeriod = state.page?.period.id === page.period.id;
      const columns = buildColumns(page.lessons, page);
      const rows = buildRows(page, page.lessons, samePeriod ? state.rows : {});
      let active = state.active;
      let selectedLesson = state.selectedLesson;
      if (!samePeriod) {
        // Start on the latest lesson up to today (the one being taught), in the first row.
        const todayLesson = [...page.lessons].reverse().find((l) => l.date <= page.today);
        const key = todayLesson ? lessonKeyOf(todayLesson.date, todayLesson.lessonNumber) : null;
        const col = Math.max(0, columns.findIndex((c) => c.kind === 'mark' && c.lessonKey === key));
        active = { row: 0, col };
        selectedLesson = key;
      }
      set({
        page,
        lessons: lessonsRecord(page.lessons),
        columns: samePeriod && sameColumns(columns, state.columns) ? state.columns : columns,
        rows,
        revision: Math.max(page.revision, samePeriod ? state.revision : 0),
        active,
        selectedLesson,
        undo: samePeriod ? state.undo : [],
      });
    },

    setActive(cell) {
      const { active, columns } = get();
      if (active.row === cell.row && active.col === cell.col) return;
      const column = columns[cell.col];
      set({ active: cell, notice: null, ...(column?.kind === 'mark' ? { selectedLesson: column.lessonKey } : {}) });
    },

    selectLesson(lessonKey) {
      set({ selectedLesson: lessonKey });
    },

    setEditing(cell) {
      set({ editing: cell });
    },

    setNotice(text) {
      set({ notice: text });
    },

    applyLesson(lesson, revision) {
      mergeLesson(lesson);
      bumpRevision(revision);
    },

    enter(row, col, value) {
      if (refuse(col) || !enrolled(row, col)) return;
      const cell = cellOf(row, col);
      if (!cell) return;
      const page = get().page!;
      if (value !== null) {
        const parsed = parseMarkInput(value, page.markSettings);
        if (!parsed.ok) {
          setPending(cell, { status: 'failed', value, message: parsed.message });
          return;
        }
        if (parsed.value.kind === 'numeric' && page.isMarkless) {
          setPending(cell, { status: 'failed', value, message: 'В безотметочном классе отметки не ставятся' });
          return;
        }
        value = parsed.value.kind === 'numeric' ? String(parsed.value.value) : parsed.value.code;
      }
      if (value === null && cell.kind === 'mark') {
        // Delete on an empty mark cell clears the lesson's attendance (shown in the lesson's first column).
        const row0 = get().rows[cell.studentId] ?? EMPTY_ROW;
        const shown = shownValue(row0, slotOf(cell), savedOf(cell).value);
        if (shown === null) {
          const att: CellRef = { kind: 'attendance', studentId: cell.studentId, lessonKey: cell.lessonKey };
          if (shownOf(att) !== null) send(att, null, true);
          else if (row0.pending[slotOf(cell)]?.status === 'failed') setPending(cell, null);
          return;
        }
      }
      send(cell, value, true);
    },

    markAttendance(row, col, code) {
      const column = get().columns[col];
      if (column?.kind !== 'mark' || refuse(col) || !enrolled(row, col)) return;
      const student = get().page!.students[row];
      if (!student) return;
      const cell: CellRef = { kind: 'attendance', studentId: student.id, lessonKey: column.lessonKey };
      const shown = shownOf(cell);
      send(cell, shown === code ? null : code, true);
    },

    retry(row, col) {
      const cell = cellOf(row, col);
      if (!cell) return;
      const rowData = get().rows[cell.studentId] ?? EMPTY_ROW;
      const targets: CellRef[] = [cell];
      if (cell.kind === 'mark') targets.push({ kind: 'attendance', studentId: cell.studentId, lessonKey: cell.lessonKey });
      for (const target of targets) {
        const pending = rowData.pending[slotOf(target)];
        if (pending?.status !== 'failed') continue;
        if (target.kind !== 'attendance' && pending.value !== null && !parseMarkInput(pending.value, get().page!.markSettings).ok) continue;
        send(target, pending.value, false);
      }
    },

    discard(row, col) {
      const cell = cellOf(row, col);
      if (!cell) return;
      const rowData = get().rows[cell.studentId] ?? EMPTY_ROW;
      const targets: CellRef[] = [cell];
      if (cell.kind === 'mark') targets.push({ kind: 'attendance', studentId: cell.studentId, lessonKey: cell.lessonKey });
      for (const target of targets) if (rowData.pending[slotOf(target)]?.status === 'failed') setPending(target, null);
    },

    undoLast() {
      const { undo, page, columns } = get();
      const entry = undo[undo.length - 1];
      if (!entry || !page) return;
      set({ undo: undo.slice(0, -1) });
      const row = page.students.findIndex((s) => s.id === entry.cell.studentId);
      const cell = entry.cell;
      const col = columns.findIndex((c) =>
        cell.kind === 'final'
          ? c.kind === 'final' && c.finalKind === cell.finalKind && c.periodNumber === cell.periodNumber
          : c.kind === 'mark' && c.lessonKey === cell.lessonKey && (cell.kind === 'attendance' ? c.isFirst : c.position === cell.position),
      );
      if (row >= 0 && col >= 0) get().setActive({ row, col });
      send(cell, entry.before, false);
    },
  };
});

/** Slot keys of a grid cell: its own and, for the first column of a lesson, the lesson's attendance. */
export function slotsOfColumn(column: GridColumn): { value: string; attendance: string | null } {
  return { value: slotOfColumn(column), attendance: column.kind === 'mark' && column.isFirst ? attendanceSlot(column.lessonKey) : null };
}

/** Counts of cells being saved and failed, for the status line. */
export function useSaveSummary(): { saving: number; failed: number; saved: number } {
  const text = useJournal((s) => {
    let saving = 0;
    let failed = 0;
    let saved = 0;
    for (const row of Object.values(s.rows)) {
      for (const p of Object.values(row.pending)) {
        if (p.status === 'saving') saving++;
        else if (p.status === 'failed') failed++;
        else saved++;
      }
    }
    return `${saving}|${failed}|${saved}`;
  });
  const [saving, failed, saved] = text.split('|').map(Number) as [number, number, number];
  return { saving, failed, saved };
}
