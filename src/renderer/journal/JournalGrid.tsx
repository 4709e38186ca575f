// The journal grid: pupils down, lessons across, one column per mark column of a lesson; the first column of a
// lesson also shows the pupil's attendance (Н, ОП, or the class teacher's reason) as a small red code. Then the
// live weighted average, the suggested period mark and the period / year / exam / final marks.
// A plain <table> with memoized rows: an edit re-renders one row, a cursor move two; one keydown handler for all.

import { memo, useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { MarkSettings } from '../../shared/domain/directories';
import { formatAverage, suggestPeriodMark, weightedAverage } from '../../shared/domain/marks';
import {
  attendanceSlot,
  EMPTY_ROW,
  isEnrolledOn,
  rowWeightedMarks,
  shortDate,
  shortPeriodName,
  shownValue,
  slotOfColumn,
  type GridColumn,
  type Lesson,
  type Pending,
  type Student,
} from './journal-model';
import { useJournal } from './journal-store';

const GRID_ID = 'journal-grid';

/** Moves the browser focus to the cell under the cursor (after a panel, a reload, an undo). */
export function focusActiveCell(): void {
  const { active } = useJournal.getState();
  const table = document.getElementById(GRID_ID);
  const target =
    active.row < 0
      ? table?.querySelector<HTMLElement>(`[data-head-col="${active.col}"]`)
      : table?.querySelector<HTMLElement>(`td[data-r="${active.row}"][data-c="${active.col}"]`);
  target?.focus({ preventScroll: false });
}

const ABSENCE_KEYS: Record<string, 'Н' | 'ОП'> = { н: 'Н', n: 'Н', о: 'ОП', o: 'ОП' };
/** Key positions, whatever the keyboard layout: «н» is on Y, «о» on J of a Russian keyboard. */
const ABSENCE_CODES: Record<string, 'Н' | 'ОП'> = { KeyY: 'Н', KeyJ: 'ОП' };

export function JournalGrid() {
  const page = useJournal((s) => s.page)!;
  const columns = useJournal((s) => s.columns);
  const students = page.students;
  const settings = page.markSettings;
  const canEdit = page.canEdit;
  const lessons = useJournal((s) => s.lessons);
  const tableRef = useRef<HTMLTableElement>(null);

  // Follow the cursor with the browser focus while the focus is in the grid.
  useEffect(
    () =>
      useJournal.subscribe((state, previous) => {
        if (state.active === previous.active) return;
        if (tableRef.current?.contains(document.activeElement)) focusActiveCell();
      }),
    [],
  );

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    const store = useJournal.getState();
    const { active } = store;
    if ((event.target as HTMLElement).tagName === 'INPUT') return;
    const lastRow = students.length - 1;
    const lastCol = columns.length - 1;
    const move = (row: number, col: number) => {
      event.preventDefault();
      store.setActive({ row: Math.max(active.row < 0 ? -1 : 0, Math.min(lastRow, row)), col: Math.max(0, Math.min(lastCol, col)) });
    };
    if (active.row < 0) {
      // The lesson header row: left/right by lesson, down back to the grid; Enter opens the lesson (the button's click).
      const lessonStarts = columns.flatMap((c, i) => (c.kind === 'mark' && c.isFirst ? [i] : []));
      const at = lessonStarts.findIndex((i) => i >= active.col);
      if (event.key === 'ArrowDown') return (event.preventDefault(), store.setActive({ row: 0, col: active.col }));
      if (event.key === 'ArrowLeft') return (event.preventDefault(), store.setActive({ row: -1, col: lessonStarts[Math.max(0, at - 1)] ?? 0 }));
      if (event.key === 'ArrowRight') return (event.preventDefault(), store.setActive({ row: -1, col: lessonStarts[Math.min(lessonStarts.length - 1, at + 1)] ?? 0 }));
      return;
    }
    const { row, col } = active;
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && (event.code === 'KeyZ' || event.key === 'z' || event.key === 'я')) {
      event.preventDefault();
      if (canEdit) store.undoLast();
      return;
    }
    if (ctrl || event.altKey) return;
    switch (event.key) {
      case 'ArrowUp': {
        if (row === 0 && columns[col]?.kind === 'mark') {
          event.preventDefault();
          const column = columns[col];
          const first = columns.findIndex((c) => c.kind === 'mark' && column?.kind === 'mark' && c.lessonKey === column.lessonKey);
          store.setActive({ row: -1, col: first });
          return;
        }
        return move(row - 1, col);
      }
      case 'ArrowDown':
        return move(row + 1, col);
      case 'ArrowLeft':
        return move(row, col - 1);
      case 'ArrowRight':
        return move(row, col + 1);
      case 'Home':
        return move(row, 0);
      case 'End':
        return move(row, lastCol);
      case 'Tab':
        if (event.shiftKey) return col > 0 ? move(row, col - 1) : row > 0 ? move(row - 1, lastCol) : undefined;
        return col < lastCol ? move(row, col + 1) : row < lastRow ? move(row + 1, 0) : undefined;
      case 'Enter': {
        event.preventDefault();
        const student = students[row];
        const column = columns[col];
        const rowData = student ? (store.rows[student.id] ?? EMPTY_ROW) : EMPTY_ROW;
        const failed =
          column !== undefined &&
          (rowData.pending[slotOfColumn(column)]?.status === 'failed' ||
            (column.kind === 'mark' && column.isFirst && rowData.pending[attendanceSlot(column.lessonKey)]?.status === 'failed'));
        if (failed && canEdit) return store.retry(row, col);
        return move(event.shiftKey ? row - 1 : row + 1, col);
      }
      case 'Escape':
        event.preventDefault();
        return store.discard(row, col);
      case 'Delete':
      case 'Backspace':
        event.preventDefault();
        if (canEdit) store.enter(row, col, null);
        else store.setNotice('Страница открыта только для просмотра');
        return;
      case 'F2':
        event.preventDefault();
        if (canEdit) store.setEditing({ row, col });
        return;
      default:
        break;
    }
    if (event.key.length !== 1) return;
    if (!canEdit) {
      store.setNotice('Страница открыта только для просмотра');
      return;
    }
    if (/^[0-9]$/.test(event.key)) {
      event.preventDefault();
      store.enter(row, col, event.key);
      return;
    }
    const code = ABSENCE_KEYS[event.key.toLowerCase()] ?? ABSENCE_CODES[event.code];
    if (code) {
      event.preventDefault();
      store.markAttendance(row, col, code);
    }
  }

  function onFocus(event: FocusEvent<HTMLTableElement>) {
    const target = event.target as HTMLElement;
    const store = useJournal.getState();
    if (target.dataset.r !== undefined) store.setActive({ row: Number(target.dataset.r), col: Number(target.dataset.c) });
    else if (target.dataset.headCol !== undefined) store.setActive({ row: -1, col: Number(target.dataset.headCol) });
  }

  return (
    <div
      className="journal-scroll"
      data-testid="journal-grid-scroll"
      style={{ scrollPaddingRight: (2 + columns.filter((c) => c.kind === 'final').length) * RIGHT_WIDTH + 4 }}
    >
      <table
        id={GRID_ID}
        ref={tableRef}
        className="journal-grid"
        role="grid"
        aria-label="Журнал: обучающиеся и уроки"
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <GridHeader columns={columns} lessons={lessons} today={page.today} />
        <tbody>
          {students.map((student, index) => (
            <GridRow key={student.id} index={index} student={student} columns={columns} settings={settings} today={page.today} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const GridHeader = memo(function GridHeader({
  columns,
  lessons,
  today,
}: {
  columns: GridColumn[];
  lessons: Readonly<Record<string, Lesson>>;
  today: string;
}) {
  const selected = useJournal((s) => s.selectedLesson);
  const headActive = useJournal((s) => (s.active.row < 0 ? s.active.col : -1));
  const workTypes = useJournal((s) => s.page!.workTypes);
  const workTypeById = useMemo(() => new Map(workTypes.map((w) => [w.id, w])), [workTypes]);
  const groups: Array<{ lessonKey: string; start: number; span: number }> = [];
  columns.forEach((c, i) => {
    if (c.kind !== 'mark') return;
    const last = groups[groups.length - 1];
    if (last && last.lessonKey === c.lessonKey) last.span++;
    else groups.push({ lessonKey: c.lessonKey, start: i, span: 1 });
  });
  const finals = columns.flatMap((c, i) => (c.kind === 'final' ? [{ c, i }] : []));
  const dateCount = new Map<string, number>();
  for (const g of groups) {
    const date = g.lessonKey.slice(0, 10);
    dateCount.set(date, (dateCount.get(date) ?? 0) + 1);
  }
  return (
    <thead>
      <tr>
        <th rowSpan={2} className="jg-name jg-corner">
          Обучающийся
        </th>
        {groups.map((g) => {
          const lesson = lessons[g.lessonKey];
          if (!lesson) return <th key={g.lessonKey} colSpan={g.span} />;
          const topic = lesson.topic ?? (lesson.planTopic ? `${lesson.planTopic} (по рабочей программе)` : 'Тема не указана');
          const title = `${shortDate(lesson.date)}, ${lesson.lessonNumber}-й урок: ${topic}${lesson.homework ? `\nДомашнее задание: ${lesson.homework}` : ''}${lesson.assessment ? `\nКонтрольная работа: ${lesson.assessment}` : ''}`;
          const classes = ['jg-lesson', lesson.date === today ? 'is-today' : '', selected === g.lessonKey ? 'is-selected' : '', lesson.topic ? '' : 'no-topic']
            .filter(Boolean)
            .join(' ');
          return (
            <th key={g.lessonKey} colSpan={g.span} className={classes}>
              <button
                type="button"
                tabIndex={headActive === g.start ? 0 : -1}
                data-head-col={g.start}
                data-lesson-head={g.lessonKey}
                title={title}
                aria-label={`Урок ${shortDate(lesson.date)}, ${lesson.lessonNumber}-й: ${topic}`}
                onClick={() => {
                  useJournal.getState().selectLesson(g.lessonKey);
                  requestAnimationFrame(() => document.getElementById('journal-topic')?.focus());
                }}
              >
                {shortDate(lesson.date)}
                {(dateCount.get(lesson.date) ?? 0) > 1 && <sup>{lesson.lessonNumber}</sup>}
                {lesson.assessment && <span className="jg-assessment" aria-hidden="true">К</span>}
              </button>
            </th>
          );
        })}
        <th rowSpan={2} className="jg-stat jg-right jg-right-first" style={{ right: rightOffset(0, finals.length) }} title="Средний взвешенный балл за период">
          Ср. балл
        </th>
        <th rowSpan={2} className="jg-stat jg-right" style={{ right: rightOffset(1, finals.length) }} title="Отметка за период по среднему баллу (подсказка; ставит учитель)">
          Расчёт
        </th>
        {finals.map(({ c, i }, n) => (
          <th key={i} rowSpan={2} className="jg-final-head jg-right" style={{ right: rightOffset(2 + n, finals.length) }} title={c.kind === 'final' ? c.title : ''}>
            {c.kind === 'final' ? shortPeriodName(c.title) : ''}
          </th>
        ))}
      </tr>
      <tr>
        {columns.map((c, i) => {
          if (c.kind !== 'mark') return null;
          const workType = workTypeById.get(c.workTypeId);
          return (
            <th key={i} className={`jg-work${c.isLast ? ' jg-lesson-end' : ''}`} title={`${workType?.name ?? 'Вид работы'}, вес ${c.weight}`}>
              {workType?.shortName.slice(0, 4) ?? ''}
              {c.weight !== 1 && <sub>×{c.weight}</sub>}
            </th>
          );
        })}
      </tr>
    </thead>
  );
});

/** The averages and final marks stay in view at the right edge: each is 54 px wide. */
const RIGHT_WIDTH = 54;
function rightOffset(index: number, finals: number): number {
  return (2 + finals - 1 - index) * RIGHT_WIDTH;
}

function stateOf(...pendings: Array<Pending | undefined>): Pending['status'] | '' {
  if (pendings.some((p) => p?.status === 'failed')) return 'failed';
  if (pendings.some((p) => p?.status === 'saving')) return 'saving';
  if (pendings.some((p) => p?.status === 'saved')) return 'saved';
  return '';
}

const STATE_WORDS: Record<string, string> = { saving: 'сохраняется', saved: 'сохранено', failed: 'не сохранено' };

const GridRow = memo(function GridRow({
  index,
  student,
  columns,
  settings,
  today,
}: {
  index: number;
  student: Student;
  columns: GridColumn[];
  settings: MarkSettings;
  today: string;
}) {
  const row = useJournal((s) => s.rows[student.id] ?? EMPTY_ROW);
  const activeCol = useJournal((s) => (s.active.row === index ? s.active.col : -1));
  const editingCol = useJournal((s) => (s.editing?.row === index ? s.editing.col : -1));
  const { average, suggestion } = useMemo(() => {
    const marks = rowWeightedMarks(row, columns, settings);
    return { average: weightedAverage(marks), suggestion: suggestPeriodMark(marks, settings) };
  }, [row, columns, settings]);
  const name = `${student.lastName} ${student.firstName}`;
  const markCount = columns.findIndex((c) => c.kind === 'final');
  const cells = columns.map((column, col) => {
    const slot = slotOfColumn(column);
    const attSlot = column.kind === 'mark' && column.isFirst ? attendanceSlot(column.lessonKey) : null;
    const pending = row.pending[slot];
    const attPending = attSlot ? row.pending[attSlot] : undefined;
    const saved = column.kind === 'mark' ? (row.marks[slot]?.value ?? null) : (row.finals[slot]?.value ?? null);
    const value = shownValue(row, slot, saved);
    const code = attSlot ? shownValue(row, attSlot, row.attendance[attSlot]?.code ?? null) : null;
    const state = stateOf(pending, attPending);
    const message = [pending?.status === 'failed' ? pending.message : null, attPending?.status === 'failed' ? attPending.message : null]
      .filter(Boolean)
      .join('\n');
    const outside = column.kind === 'mark' && !isEnrolledOn(student, column.date);
    const mark = row.marks[slot];
    const classes = [
      'jc',
      column.kind === 'final' ? 'jc-final jg-right' : '',
      column.kind === 'mark' && column.isLast ? 'jg-lesson-end' : '',
      column.kind === 'mark' && column.date === today ? 'is-today' : '',
      column.kind === 'mark' && !column.isEditable ? 'is-locked' : '',
      outside ? 'is-outside' : '',
      state ? `is-${state}` : '',
      mark?.isLate ? 'is-late' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const titleParts = [
      message,
      mark?.comment ? `Комментарий: ${mark.comment}` : '',
      mark?.isLate ? 'Отметка выставлена с опозданием' : '',
      outside ? 'Обучающийся не числился в классе в этот день' : '',
    ].filter(Boolean);
    const where = column.kind === 'mark' ? `${shortDate(column.date)}, ${column.lessonNumber}-й урок` : column.title;
    return (
      <td
        key={col}
        className={classes}
        data-r={index}
        data-c={col}
        data-state={state || undefined}
        style={column.kind === 'final' ? { right: rightOffset(2 + col - markCount, columns.length - markCount) } : undefined}
        data-lesson={column.kind === 'mark' ? column.lessonKey : undefined}
        data-pos={column.kind === 'mark' ? column.position : undefined}
        data-final={column.kind === 'final' ? column.finalKind : undefined}
        tabIndex={activeCol === col ? 0 : -1}
        title={titleParts.join('\n') || undefined}
        aria-label={`${name}, ${where}: ${[value, code].filter(Boolean).join(' ') || 'пусто'}${state ? `, ${STATE_WORDS[state]}` : ''}`}
        aria-invalid={state === 'failed' || undefined}
      >
        {editingCol === col ? (
          <CellEditor row={index} col={col} initial={value ?? ''} />
        ) : (
          <>
            {value}
            {code && <span className={value ? 'jc-code jc-code-small' : 'jc-code'}>{code}</span>}
          </>
        )}
      </td>
    );
  });
  const suggestionText = suggestion.kind === 'mark' ? String(suggestion.value) : suggestion.kind === 'not-attested' ? 'н/а' : '—';
  return (
    <tr data-student={student.id} className={activeCol >= 0 ? 'is-active-row' : undefined}>
      <th scope="row" className="jg-name" title={[student.lastName, student.firstName, student.middleName].filter(Boolean).join(' ')}>
        <span className="jg-num">{index + 1}.</span> {name}
      </th>
      {cells.slice(0, markCount)}
      <td className="jc-stat jg-right jg-right-first" style={{ right: rightOffset(0, columns.length - markCount) }} data-testid="average">
        {formatAverage(average)}
      </td>
      <td className="jc-stat jc-suggest jg-right" style={{ right: rightOffset(1, columns.length - markCount) }} data-testid="suggested" title={suggestion.kind === 'not-attested' ? suggestion.reason : undefined}>
        {suggestionText}
      </td>
      {cells.slice(markCount)}
    </tr>
  );
});

function CellEditor({ row, col, initial }: { row: number; col: number; initial: string }) {
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const close = () => {
    useJournal.getState().setEditing(null);
    requestAnimationFrame(focusActiveCell);
  };
  return (
    <input
      ref={ref}
      className="jc-editor"
      aria-label="Отметка или особая отметка (н/а, осв, зач, незач)"
      value={text}
      maxLength={10}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => useJournal.getState().setEditing(null)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.stopPropagation();
          useJournal.getState().enter(row, col, text.trim() === '' ? null : text);
          close();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          close();
        }
      }}
    />
  );
}
