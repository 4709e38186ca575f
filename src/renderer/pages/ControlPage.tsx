// Control of journal-keeping (3.5, 3.6): per teacher, class and subject over a period — lessons held, lessons
// without a topic or homework, unfilled lessons, marks entered late, the lag of entries, pupils with too few
// marks. A row opens the lessons of that page; a deputy writes a note to the teacher from it.

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import type { Me } from '../../shared/api/schemas';
import { formatDateRu, isValidDate } from '../../shared/domain/calendar';
import { roleGrants } from '../../shared/domain/permissions';
import { call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

type ControlRow = ResponseOf<typeof api.controlReport>['rows'][number];
type ControlNote = ResponseOf<typeof api.controlNotes>['notes'][number];

/** Entries later than this after the lesson are a problem (3.4: marks and attendance on the lesson day). */
const LAG_LIMIT_HOURS = 24;

// --- Russian date input, shared with the class teacher's pages ---

/** 'ДД.ММ.ГГГГ' (also Д.М.ГГГГ, ДД.ММ.ГГ, ГГГГ-ММ-ДД) -> 'YYYY-MM-DD', or null. */
export function parseRuDate(text: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) return isValidDate(t) ? t : null;
  const ru = /^(\d{1,2})[./,-](\d{1,2})[./,-](\d{2}|\d{4})$/.exec(t);
  if (!ru) return null;
  const year = ru[3]!.length === 2 ? `20${ru[3]}` : ru[3]!;
  const date = `${year}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}`;
  return isValidDate(date) ? date : null;
}

/** A date typed the Russian way; `onChange` gets 'YYYY-MM-DD' once the text is a real date. */
export function RuDateInput({
  label,
  value,
  onChange,
  w = 140,
}: {
  label: string;
  value: string;
  onChange(date: string): void;
  w?: number;
}) {
  const [text, setText] = useState(formatDateRu(value));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // A new value from outside (a preset period) replaces what is typed (state adjusted while rendering).
    setShown(value);
    if (parseRuDate(text) !== value) setText(formatDateRu(value));
  }
  return (
    <TextInput
      label={label}
      w={w}
      placeholder="ДД.ММ.ГГГГ"
      value={text}
      error={error}
      inputMode="numeric"
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const parsed = parseRuDate(next);
        if (parsed) {
          setError(null);
          if (parsed !== value) onChange(parsed);
        }
      }}
      onBlur={() => setError(parseRuDate(text) ? null : 'Дата в виде ДД.ММ.ГГГГ')}
    />
  );
}

export interface DateRange {
  from: string;
  to: string;
}

const iso = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');
export const thisMonth = (): DateRange => ({ from: iso(dayjs().startOf('month')), to: iso(dayjs().endOf('month')) });
export const formatRange = (r: DateRange) => `${formatDateRu(r.from)} – ${formatDateRu(r.to)}`;

interface StudyPeriod extends DateRange {
  key: string;
  name: string;
}

/** The study periods of the current year (quarters, halves, trimesters: each once). */
function useStudyPeriods() {
  return useQuery(async (): Promise<StudyPeriod[]> => {
    const { years } = await call(api.listYears);
    const year = years.find((y) => y.isCurrent) ?? years.at(-1);
    if (!year) return [];
    const { calendar } = await call(api.getCalendar, { params: { yearId: year.id } });
    const periods: StudyPeriod[] = calendar.periods.map((p) => ({
      key: `${p.scheme}-${p.number}`,
      name: p.name,
      from: p.startDate,
      to: p.endDate,
    }));
    periods.push({ key: 'year', name: `${calendar.name} учебный год`, from: calendar.startDate, to: calendar.endDate });
    return periods;
  }, []);
}

/** This month / a study period / dates of one's own. */
function PeriodPicker({ range, onChange }: { range: DateRange; onChange(range: DateRange): void }) {
  const [mode, setMode] = useState<'month' | 'period' | 'custom'>('month');
  const [periodKey, setPeriodKey] = useState<string | null>(null);
  const periods = useStudyPeriods();
  const choosePeriod = (key: string | null) => {
    setPeriodKey(key);
    const p = periods.data?.find((x) => x.key === key);
    if (p) onChange({ from: p.from, to: p.to });
  };
  return (
    <Group align="end" gap="md" wrap="wrap">
      <SegmentedControl
        value={mode}
        onChange={(v) => {
          const next = v as typeof mode;
          setMode(next);
          if (next === 'month') onChange(thisMonth());
          if (next === 'period') {
            const today = dayjs().format('YYYY-MM-DD');
            const current = periods.data?.find((p) => p.key !== 'year' && p.from <= today && today <= p.to) ?? periods.data?.[0];
            if (current) choosePeriod(current.key);
          }
        }}
        data={[
          { value: 'month', label: 'Этот месяц' },
          { value: 'period', label: 'Учебный период' },
          { value: 'custom', label: 'Свои даты' },
        ]}
      />
      {mode === 'period' && (
        <Select
          label="Период"
          w={340}
          value={periodKey}
          onChange={choosePeriod}
          allowDeselect={false}
          data={(periods.data ?? []).map((p) => ({ value: p.key, label: `${p.name} (${formatRange(p)})` }))}
        />
      )}
      {mode === 'custom' && (
        <>
          <RuDateInput label="С даты" value={range.from} onChange={(from) => onChange({ ...range, from })} />
          <RuDateInput label="По дату" value={range.to} onChange={(to) => onChange({ ...range, to })} />
        </>
      )}
      {mode !== 'custom' && (
        <Text c="dimmed" size="sm">
          {formatRange(range)}
        </Text>
      )}
    </Group>
  );
}

// --- the report table ---

type SortKey =
  | 'teacherName'
  | 'className'
  | 'subjectName'
  | 'lessonsHeld'
  | 'withoutTopic'
  | 'withoutHomework'
  | 'notFilled'
  | 'marks'
  | 'lateMarks'
  | 'medianLagHours'
  | 'maxLagHours'
  | 'studentsWithTooFewMarks';

const COLUMNS: Array<{ key: SortKey; label: string; hint?: string; numeric?: boolean }> = [
  { key: 'teacherName', label: 'Учитель' },
  { key: 'className', label: 'Класс' },
  { key: 'subjectName', label: 'Предмет' },
  { key: 'lessonsHeld', label: 'Уроков', hint: 'Проведено уроков за период', numeric: true },
  { key: 'withoutTopic', label: 'Без темы', numeric: true },
  { key: 'withoutHomework', label: 'Без д/з', hint: 'Без домашнего задания', numeric: true },
  { key: 'notFilled', label: 'Не заполнено', hint: 'Уроки без темы, отметок и посещаемости', numeric: true },
  { key: 'marks', label: 'Отметок', numeric: true },
  { key: 'lateMarks', label: 'Поздних', hint: 'Отметки, выставленные позже срока', numeric: true },
  {
    key: 'medianLagHours',
    label: 'Медиана, ч',
    hint: 'Медиана часов от конца урока до записи отметок и посещаемости',
    numeric: true,
  },
  { key: 'maxLagHours', label: 'Макс., ч', hint: 'Наибольшая задержка записи, часов', numeric: true },
  { key: 'studentsWithTooFewMarks', label: 'Мало отметок', hint: 'Обучающихся с числом отметок меньше минимума', numeric: true },
];

const classOrder = (name: string) => {
  const m = /^(\d+)(.*)$/.exec(name);
  return m ? `${m[1]!.padStart(2, '0')}${m[2]}` : name;
};

function compare(a: ControlRow, b: ControlRow, key: SortKey): number {
  const x = a[key];
  const y = b[key];
  if (key === 'className') return classOrder(a.className).localeCompare(classOrder(b.className), 'ru');
  if (typeof x === 'string' && typeof y === 'string') return x.localeCompare(y, 'ru');
  // No lag at all (nothing entered) sorts as the worst.
  const nx = x === null ? Number.POSITIVE_INFINITY : Number(x);
  const ny = y === null ? Number.POSITIVE_INFINITY : Number(y);
  return nx - ny;
}

/** Problems of a row, for highlighting; red and orange ones count for the "with problems" filter (yellow is a hint). */
function problemsOf(r: ControlRow): Partial<Record<SortKey, 'red' | 'orange' | 'yellow'>> {
  const p: Partial<Record<SortKey, 'red' | 'orange' | 'yellow'>> = {};
  if (r.withoutTopic > 0) p.withoutTopic = 'red';
  if (r.notFilled > 0) p.notFilled = 'red';
  if (r.withoutHomework > 0) p.withoutHomework = 'yellow';
  if (r.lateMarks > 0) p.lateMarks = 'orange';
  if (r.medianLagHours !== null && r.medianLagHours > LAG_LIMIT_HOURS) p.medianLagHours = 'red';
  if (r.maxLagHours !== null && r.maxLagHours > LAG_LIMIT_HOURS) p.maxLagHours = 'orange';
  if (r.studentsWithTooFewMarks > 0) p.studentsWithTooFewMarks = 'yellow';
  return p;
}

const hasProblems = (r: ControlRow) => Object.values(problemsOf(r)).some((c) => c !== 'yellow');

const CELL_BG = {
  red: 'var(--mantine-color-red-1)',
  orange: 'var(--mantine-color-orange-1)',
  yellow: 'var(--mantine-color-yellow-1)',
} as const;

function formatHours(h: number | null): string {
  if (h === null) return '—';
  return h < 10 ? h.toFixed(1).replace('.', ',') : String(Math.round(h));
}

function cellText(r: ControlRow, key: SortKey): ReactNode {
  switch (key) {
    case 'subjectName':
      return r.groupKey > 0 ? `${r.subjectName} (группа)` : r.subjectName;
    case 'teacherName':
      return r.teacherUserId === null ? <Text c="dimmed">не назначен</Text> : r.teacherName;
    case 'medianLagHours':
    case 'maxLagHours':
      return formatHours(r[key]);
    case 'studentsWithTooFewMarks':
      return r.studentsWithTooFewMarks > 0 ? `${r.studentsWithTooFewMarks} из ${r.students}` : '0';
    default:
      return r[key];
  }
}

const rowKey = (r: ControlRow) => `${r.teacherUserId ?? 0}:${r.classId}:${r.subjectId}:${r.groupKey}`;

export function ControlPage({ me }: { me: Me }) {
  const canNote = roleGrants(me.user.roles, 'control.note');
  const [range, setRange] = useState<DateRange>(thisMonth);
  const [tab, setTab] = useState<string | null>('report');
  const notes = useQuery(() => call(api.controlNotes, { query: {} }), []);
  const [noteFor, setNoteFor] = useState<ControlRow | null>(null);
  return (
    <Stack>
      <Title order={2}>Контроль ведения журнала</Title>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="report">Сводка по учителям</Tabs.Tab>
          <Tabs.Tab value="notes">Замечания{notes.data ? ` (${notes.data.notes.length})` : ''}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="report" pt="md">
          <Stack>
            <PeriodPicker range={range} onChange={setRange} />
            <Report range={range} canNote={canNote} onNote={setNoteFor} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <QueryView query={notes}>{(data) => <NotesTable notes={data.notes} />}</QueryView>
        </Tabs.Panel>
      </Tabs>
      {noteFor && noteFor.teacherUserId !== null && (
        <NoteDialog
          row={noteFor}
          range={range}
          onClose={() => setNoteFor(null)}
          onDone={() => {
            setNoteFor(null);
            notes.reload();
          }}
        />
      )}
    </Stack>
  );
}

function Report({ range, canNote, onNote }: { range: DateRange; canNote: boolean; onNote(row: ControlRow): void }) {
  const isValid = range.from <= range.to;
  const report = useQuery(
    () => (isValid ? call(api.controlReport, { query: range }) : Promise.resolve({ from: range.from, to: range.to, rows: [] })),
    [range.from, range.to],
  );
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'teacherName', desc: false });
  const [teacher, setTeacher] = useState<string | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [drill, setDrill] = useState<ControlRow | null>(null);

  const rows = useMemo(() => {
    const all = report.data?.rows ?? [];
    const filtered = all.filter(
      (r) => (teacher === null || String(r.teacherUserId ?? 0) === teacher) && (!onlyProblems || hasProblems(r)),
    );
    const sorted = [...filtered].sort(
      (a, b) => compare(a, b, sort.key) || compare(a, b, 'teacherName') || compare(a, b, 'className'),
    );
    return sort.desc ? sorted.reverse() : sorted;
  }, [report.data, teacher, onlyProblems, sort]);

  const teachers = useMemo(() => {
    const seen = new Map<string, string>();
    for (const r of report.data?.rows ?? [])
      seen.set(String(r.teacherUserId ?? 0), r.teacherUserId === null ? 'Учитель не назначен' : r.teacherName);
    return [...seen].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'ru'));
  }, [report.data]);

  if (!isValid) return <Alert color="yellow">Начало периода позже его конца.</Alert>;
  const all = report.data?.rows ?? [];
  const withProblems = all.filter(hasProblems).length;

  return (
    <QueryView query={report}>
      {() => (
        <Stack>
          <Group justify="space-between" align="end">
            <Group align="end">
              <Select
                label="Учитель"
                placeholder="Все учителя"
                w={280}
                searchable
                clearable
                value={teacher}
                onChange={setTeacher}
                data={teachers}
              />
              <SegmentedControl
                value={onlyProblems ? 'problems' : 'all'}
                onChange={(v) => setOnlyProblems(v === 'problems')}
                data={[
                  { value: 'all', label: `Все (${all.length})` },
                  { value: 'problems', label: `С замечаниями (${withProblems})` },
                ]}
              />
              {report.isLoading && <Loader size="sm" aria-label="Загрузка" />}
            </Group>
            <Group gap="xs">
              <Badge color="red" variant="light">
                нет темы, не заполнено, задержка &gt; {LAG_LIMIT_HOURS} ч
              </Badge>
              <Badge color="orange" variant="light">
                поздние отметки
              </Badge>
              <Badge color="yellow" variant="light">
                нет д/з, мало отметок
              </Badge>
            </Group>
          </Group>
          <Text size="sm" c="dimmed">
            Щёлкните предмет, чтобы увидеть уроки страницы журнала за период{canNote ? ' и написать замечание учителю' : ''}.
            Столбцы сортируются щелчком по заголовку.
          </Text>
          {rows.length === 0 ? (
            <Text c="dimmed">{all.length === 0 ? 'За этот период уроков нет.' : 'Нет строк по выбранному отбору.'}</Text>
          ) : (
            <Table.ScrollContainer minWidth={1000} style={report.isLoading ? { opacity: 0.5 } : undefined}>
              <Table striped highlightOnHover stickyHeader fz="sm" verticalSpacing={6} data-testid="control-table">
                <Table.Thead>
                  <Table.Tr>
                    {COLUMNS.map((c) => (
                      <Table.Th
                        key={c.key}
                        ta={c.numeric ? 'right' : 'left'}
                        aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                      >
                        <Tooltip label={c.hint ?? c.label} disabled={!c.hint} withinPortal>
                          <UnstyledButton
                            fw={600}
                            fz="sm"
                            onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.numeric === true }))}
                          >
                            {c.label}
                            {sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                          </UnstyledButton>
                        </Tooltip>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => {
                    const problems = problemsOf(r);
                    return (
                      <Table.Tr key={rowKey(r)}>
                        {COLUMNS.map((c) => (
                          <Table.Td
                            key={c.key}
                            ta={c.numeric ? 'right' : 'left'}
                            style={
                              problems[c.key]
                                ? { background: CELL_BG[problems[c.key]!], fontWeight: 600 }
                                : c.key === 'teacherName'
                                  ? { whiteSpace: 'nowrap' }
                                  : undefined
                            }
                          >
                            {c.key === 'subjectName' ? (
                              <Anchor
                                component="button"
                                type="button"
                                size="sm"
                                ta="left"
                                title="Уроки за период"
                                onClick={() => setDrill(r)}
                              >
                                {cellText(r, c.key)}
                              </Anchor>
                            ) : (
                              cellText(r, c.key)
                            )}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {drill && (
            <LessonsDialog
              row={drill}
              range={range}
              canNote={canNote}
              onNote={() => {
                setDrill(null);
                onNote(drill);
              }}
              onClose={() => setDrill(null)}
            />
          )}
        </Stack>
      )}
    </QueryView>
  );
}

function LessonsDialog({
  row,
  range,
  canNote,
  onNote,
  onClose,
}: {
  row: ControlRow;
  range: DateRange;
  canNote: boolean;
  onNote(): void;
  onClose(): void;
}) {
  const params = { classId: row.classId, subjectId: row.subjectId, groupKey: row.groupKey };
  const lessons = useQuery(
    () => call(api.journalControl, { params, query: range }),
    [row.classId, row.subjectId, row.groupKey, range.from, range.to],
  );
  const [onlyIncomplete, setOnlyIncomplete] = useState(true);
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={`${row.className}, ${cellText(row, 'subjectName') as string} — ${row.teacherName}`}
    >
      <QueryView query={lessons}>
        {(data) => {
          const incomplete = data.lessons.filter((l) => !l.isComplete);
          const shown = onlyIncomplete ? incomplete : data.lessons;
          return (
            <Stack>
              <Group justify="space-between">
                <SegmentedControl
                  value={onlyIncomplete ? 'incomplete' : 'all'}
                  onChange={(v) => setOnlyIncomplete(v === 'incomplete')}
                  data={[
                    { value: 'incomplete', label: `Незаполненные (${incomplete.length})` },
                    { value: 'all', label: `Все уроки (${data.lessons.length})` },
                  ]}
                />
                <Group gap="xs">
                  {canNote && row.teacherUserId !== null && (
                    <Button size="xs" variant="light" onClick={onNote}>
                      Написать замечание
                    </Button>
                  )}
                  <Anchor component={Link} to={`/journal/${row.classId}/${row.subjectId}/${row.groupKey}`} size="sm">
                    Открыть страницу журнала
                  </Anchor>
                </Group>
              </Group>
              {shown.length === 0 ? (
                <Text c="dimmed">{onlyIncomplete ? 'Все уроки периода заполнены.' : 'Уроков за период нет.'}</Text>
              ) : (
                <Table striped fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Дата</Table.Th>
                      <Table.Th ta="right">Урок</Table.Th>
                      <Table.Th>Тема</Table.Th>
                      <Table.Th>Домашнее задание</Table.Th>
                      <Table.Th ta="right">Отметок</Table.Th>
                      <Table.Th ta="right">Отсутствий</Table.Th>
                      <Table.Th>Чего не хватает</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.map((l) => (
                      <Table.Tr key={`${l.date}#${l.lessonNumber}`}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {dayjs(l.date).locale('ru').format('dd, DD.MM.YYYY')}
                        </Table.Td>
                        <Table.Td ta="right">{l.lessonNumber}</Table.Td>
                        <Table.Td>
                          {l.topic ?? (
                            <Text c="red" size="sm">
                              нет темы
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {l.homework ?? (
                            <Text c="dimmed" size="sm">
                              —
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">{l.marks}</Table.Td>
                        <Table.Td ta="right">{l.absences}</Table.Td>
                        <Table.Td>
                          {l.isComplete ? (
                            <Text size="sm" c="green.8">
                              заполнен
                            </Text>
                          ) : (
                            <Text size="sm" c="red.8">
                              {l.missing.join(', ')}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          );
        }}
      </QueryView>
    </Modal>
  );
}

/** A draft that names what the row shows, for the deputy to edit. */
function draftNote(row: ControlRow, range: DateRange): string {
  const issues = [
    row.notFilled > 0 ? `не заполнено уроков: ${row.notFilled}` : null,
    row.withoutTopic > 0 ? `уроков без темы: ${row.withoutTopic}` : null,
    row.withoutHomework > 0 ? `без домашнего задания: ${row.withoutHomework}` : null,
    row.lateMarks > 0 ? `отметок выставлено с опозданием: ${row.lateMarks}` : null,
    row.maxLagHours !== null && row.maxLagHours > LAG_LIMIT_HOURS
      ? `записи вносятся с задержкой до ${formatHours(row.maxLagHours)} ч`
      : null,
    row.studentsWithTooFewMarks > 0 ? `у ${row.studentsWithTooFewMarks} обучающихся мало отметок` : null,
  ].filter(Boolean);
  const subject = cellText(row, 'subjectName') as string;
  return issues.length === 0
    ? ''
    : `${row.className}, ${subject}, ${formatRange(range)}: ${issues.join('; ')}. Прошу заполнить журнал.`;
}

function NoteDialog({ row, range, onClose, onDone }: { row: ControlRow; range: DateRange; onClose(): void; onDone(): void }) {
  const [text, setText] = useState(() => draftNote(row, range));
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      await call(api.addControlNote, {
        body: { teacherUserId: row.teacherUserId!, classId: row.classId, subjectId: row.subjectId, text },
      });
      notifications.show({ color: 'green', message: `Замечание отправлено: ${row.teacherName}` });
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title={`Замечание учителю: ${row.teacherName}`} size="lg">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Text size="sm" c="dimmed">
            {row.className}, {cellText(row, 'subjectName') as string}. Учитель увидит замечание на главной странице.
          </Text>
          <Textarea
            label="Текст замечания"
            required
            autosize
            minRows={4}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-autofocus
          />
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" loading={isSaving} disabled={text.trim().length === 0}>
              Отправить
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function NotesTable({ notes }: { notes: readonly ControlNote[] }) {
  if (notes.length === 0) return <Text c="dimmed">Замечаний пока нет.</Text>;
  return (
    <Table striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Дата</Table.Th>
          <Table.Th>Учитель</Table.Th>
          <Table.Th>Замечание</Table.Th>
          <Table.Th>Автор</Table.Th>
          <Table.Th>Прочитано</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {notes.map((n) => (
          <Table.Tr key={n.id}>
            <Table.Td>{dayjs(n.createdAt).format('DD.MM.YYYY HH:mm')}</Table.Td>
            <Table.Td>{n.teacherName}</Table.Td>
            <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{n.text}</Table.Td>
            <Table.Td>{n.authorName}</Table.Td>
            <Table.Td>
              {n.readAt ? (
                <Badge color="green" variant="light">
                  {dayjs(n.readAt).format('DD.MM.YYYY')}
                </Badge>
              ) : (
                <Badge color="gray" variant="light">
                  нет
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
