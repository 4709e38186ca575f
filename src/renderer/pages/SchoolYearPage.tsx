// The school year's calendar (3.2, «режим работы школы»): parallels, study periods, vacations, transferred days and bells.

import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import type { FieldError } from '../../shared/api/problem';
import { saveCalendarBodySchema } from '../../shared/api/school-schemas';
import { toFieldErrors } from '../../shared/api/validation';
import { validateBells } from '../../shared/domain/bells';
import { formatDateRu, isoWeekday, isValidDate, schoolDaysOf, validateCalendar, weekdayName } from '../../shared/domain/calendar';
import { PERIOD_SCHEME_LABELS, type PeriodScheme } from '../../shared/domain/school-year-types';
import { ApiError, call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { RolloverDialog } from './RolloverDialog';
import { YearSelect } from '../components/YearSelect';

type CalendarReply = ResponseOf<typeof api.getCalendar>;
type Calendar = CalendarReply['calendar'];
type Bell = CalendarReply['bells'][number];
type LevelRow = Calendar['levels'][number];
type PeriodRow = Calendar['periods'][number];
type HolidayRow = Calendar['holidays'][number];
type TransferRow = Calendar['transfers'][number];

const LEVELS = Array.from({ length: 11 }, (_, i) => i + 1);
const SCHEMES = Object.keys(PERIOD_SCHEME_LABELS) as PeriodScheme[];
const SCHEME_OPTIONS = SCHEMES.map((scheme) => ({ value: scheme, label: PERIOD_SCHEME_LABELS[scheme] }));
const DAYS_OPTIONS = [
  { value: '5', label: '5 дней' },
  { value: '6', label: '6 дней' },
];
const SHIFT_OPTIONS = [
  { value: '1', label: '1 смена' },
  { value: '2', label: '2 смена' },
];
const HOLIDAY_KIND_OPTIONS = [
  { value: 'vacation', label: 'Каникулы' },
  { value: 'public_holiday', label: 'Праздник' },
];
const TRANSFER_KIND_OPTIONS = [
  { value: 'workday', label: 'Рабочий день' },
  { value: 'dayoff', label: 'Выходной' },
];
const WEEKDAY_OPTIONS = [1, 2, 3, 4, 5, 6].map((d) => ({ value: String(d), label: weekdayName(d) }));
const LEVEL_OPTIONS = LEVELS.map((level) => ({ value: String(level), label: `${level} кл.` }));
const MAX_LESSON = 10;
// Date fields are checked by validateCalendar/validateBells with better messages; zod would repeat them.
const FIELDS_CHECKED_BY_RULES = new Set(['startDate', 'endDate', 'date', 'startsAt', 'endsAt']);

/** One problem of the form: `field` is a dotted path inside the calendar ('holidays.2.name') or 'bells.3'. */
interface Problem {
  field: string;
  message: string;
}

/** Read-only inputs stay readable: Mantine fades disabled inputs to 60 %, too pale to read a whole table from. */

function replaceAt<T>(items: readonly T[], index: number, patch: Partial<T>): T[] {
  return items.map((item, i) => (i === index ? { ...item, ...patch } : item));
}

function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** 'periods[2].endDate' and 'calendar.periods.2.endDate' -> 'periods.2.endDate'. */
function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^calendar\./, '');
}

function toMinutes(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function toTime(minutes: number): string {
  const clamped = Math.min(minutes, 23 * 60 + 59);
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}

/** Where a field is, in the words of the form: «Каникулы и праздники, строка 2». */
function placeOf(field: string, calendar: Calendar, bells: readonly Bell[]): string {
  const [list, indexText] = field.split('.');
  const index = Number(indexText);
  const row = Number.isInteger(index) ? index + 1 : null;
  switch (list) {
    case 'levels':
      return `Параллели, ${calendar.levels[index]?.level ?? row} классы`;
    case 'periods':
      return `Периоды, «${calendar.periods[index]?.name || `строка ${row}`}»`;
    case 'holidays':
      return `Каникулы и праздники, строка ${row}`;
    case 'transfers':
      return `Переносы дней, строка ${row}`;
    case 'bells': {
      const bell = bells[index];
      return bell ? `Звонки, ${bell.shift} смена, ${bell.lessonNumber}-й урок` : 'Звонки';
    }
    default:
      return 'Календарь';
  }
}

/** Fields left empty: reported plainly («укажите дату начала») instead of the rules' «неверная дата «»». */
function emptyFields(calendar: Calendar, bells: readonly Bell[]): Problem[] {
  const problems: Problem[] = [];
  const need = (field: string, value: string, what: string) => {
    if (value.trim() === '') problems.push({ field, message: `${placeOf(field, calendar, bells)}: укажите ${what}` });
  };
  need('startDate', calendar.startDate, 'дату начала учебного года');
  need('endDate', calendar.endDate, 'дату окончания учебного года');
  calendar.periods.forEach((p, i) => {
    need(`periods.${i}.name`, p.name, 'название периода');
    need(`periods.${i}.startDate`, p.startDate, 'дату начала');
    need(`periods.${i}.endDate`, p.endDate, 'дату окончания');
  });
  calendar.holidays.forEach((h, i) => {
    need(`holidays.${i}.name`, h.name, 'название');
    need(`holidays.${i}.startDate`, h.startDate, 'дату начала');
    need(`holidays.${i}.endDate`, h.endDate, 'дату окончания');
  });
  calendar.transfers.forEach((t, i) => need(`transfers.${i}.date`, t.date, 'дату'));
  bells.forEach((b, i) => {
    need(`bells.${i}.startsAt`, b.startsAt, 'время начала');
    need(`bells.${i}.endsAt`, b.endsAt, 'время окончания');
  });
  return problems;
}

/** The rules quote names («Осенние каникулы»); an unnamed row is quoted by its place instead of «». */
function withNamesForMessages(calendar: Calendar): Calendar {
  return {
    ...calendar,
    periods: calendar.periods.map((p, i) => (p.name.trim() ? p : { ...p, name: `без названия, строка ${i + 1}` })),
    holidays: calendar.holidays.map((h, i) => (h.name.trim() ? h : { ...h, name: `без названия, строка ${i + 1}` })),
  };
}

/** Every problem found without asking the server: empty fields, the domain rules, then the shape the server requires. */
function localProblems(calendar: Calendar, bells: readonly Bell[]): Problem[] {
  const empty = emptyFields(calendar, bells);
  // A rule's problem about an empty field (or about a bell whose time is empty) would only repeat «укажите…».
  const repeats = (field: string) => empty.some((e) => e.field === field || e.field.startsWith(`${field}.`));
  const problems: Problem[] = [
    ...empty,
    ...[...validateCalendar(withNamesForMessages(calendar)), ...validateBells(bells)]
      .map((p) => ({ field: normalizeField(p.field), message: p.message }))
      .filter((p) => !repeats(p.field)),
  ];
  const parsed = saveCalendarBodySchema.safeParse({ version: 0, calendar, bells });
  if (!parsed.success) {
    for (const error of toFieldErrors(saveCalendarBodySchema, parsed.error)) {
      const field = normalizeField(error.field);
      if (FIELDS_CHECKED_BY_RULES.has(field.split('.').pop() ?? '') || repeats(field)) continue;
      problems.push({ field, message: `${placeOf(field, calendar, bells)}: ${error.label} — ${error.message}` });
    }
  }
  return inFormOrder(problems);
}

const SECTION_ORDER = ['startDate', 'endDate', 'levels', 'periods', 'holidays', 'transfers', 'bells'];

/** Problems in the order of the tabs and rows, so the list reads like the form (the sort is stable within a row). */
function inFormOrder(problems: Problem[]): Problem[] {
  const rank = (field: string): [number, number] => {
    const [section = '', row] = field.split('.');
    const at = SECTION_ORDER.indexOf(section);
    return [at < 0 ? SECTION_ORDER.length : at, Number(row ?? -1) || 0];
  };
  return [...problems].sort((a, b) => {
    const [sa, ra] = rank(a.field);
    const [sb, rb] = rank(b.field);
    return sa - sb || ra - rb;
  });
}

function serverProblems(errors: readonly FieldError[], calendar: Calendar, bells: readonly Bell[]): Problem[] {
  return errors.map((e) => {
    const field = normalizeField(e.field);
    // The domain rules' messages are complete sentences; zod's need the place and the field's name.
    const isRule = e.label === 'Календарь';
    return { field, message: isRule ? e.message : `${placeOf(field, calendar, bells)}: ${e.label} — ${e.message}` };
  });
}

export function SchoolYearPage({ canEdit }: { canEdit: boolean }) {
  const years = useQuery(() => call(api.listYears), []);
  const [chosenYearId, setChosenYearId] = useState<number | null>(null);
  const [isCreating, setCreating] = useState(false);
  const [isRollingOver, setRollingOver] = useState(false);
  const list = years.data?.years ?? [];
  const yearId = list.find((y) => y.id === chosenYearId)?.id ?? list.find((y) => y.isCurrent)?.id ?? list[list.length - 1]?.id ?? null;

  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={2}>Учебный год</Title>
        <Group>
          <YearSelect
            label={null}
            aria-label="Учебный год"
            placeholder="Учебный год"
            years={list}
            value={yearId === null ? null : String(yearId)}
            onChange={(value) => setChosenYearId(Number(value))}
            data-testid="year-select"
          />
          {canEdit && (
            <Button variant="default" onClick={() => setCreating(true)}>
              Новый учебный год
            </Button>
          )}
          {canEdit && yearId !== null && (
            <Button variant="default" onClick={() => setRollingOver(true)}>
              Переход на следующий год…
            </Button>
          )}
        </Group>
      </Group>
      <QueryView query={years}>
        {(data) =>
          data.years.length === 0 || yearId === null ? (
            <Alert color="gray">Учебных годов пока нет.{canEdit ? ' Создайте первый кнопкой «Новый учебный год».' : ''}</Alert>
          ) : (
            <CalendarLoader yearId={yearId} canEdit={canEdit} />
          )
        }
      </QueryView>
      {isRollingOver && yearId !== null && (
        <RolloverDialog
          yearId={yearId}
          onClose={() => setRollingOver(false)}
          onDone={(id, name) => {
            setRollingOver(false);
            setChosenYearId(id);
            years.reload();
            notifications.show({ color: 'green', message: `Переход выполнен: классы переведены в ${name}` });
          }}
        />
      )}
      {isCreating && (
        <CreateYearModal
          suggestedStartYear={Math.max(new Date().getFullYear(), ...list.map((y) => Number(y.name.slice(0, 4)) + 1).filter(Number.isFinite))}
          onClose={() => setCreating(false)}
          onCreated={(id, name) => {
            setCreating(false);
            setChosenYearId(id);
            years.reload();
            notifications.show({ color: 'green', message: `Учебный год ${name} создан с календарём по умолчанию` });
          }}
        />
      )}
    </>
  );
}

function CreateYearModal({ suggestedStartYear, onClose, onCreated }: { suggestedStartYear: number; onClose(): void; onCreated(id: number, name: string): void }) {
  const [startYear, setStartYear] = useState<number | string>(suggestedStartYear);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const year = Number(startYear);
    if (startYear === '' || !Number.isInteger(year) || year < 2000 || year > 2100) return setError('Укажите год начала от 2000 до 2100');
    setSaving(true);
    try {
      const created = await call(api.createYear, { body: { startYear: year } });
      onCreated(created.id, `${year}/${year + 1}`);
    } catch (e) {
      setError(errorText(e));
      setSaving(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title="Новый учебный год">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <NumberInput
            label="Год начала"
            description={Number.isInteger(Number(startYear)) && startYear !== '' ? `Учебный год ${startYear}/${Number(startYear) + 1}` : 'Например, 2027 — для 2027/2028 учебного года'}
            value={startYear}
            onChange={setStartYear}
            min={2000}
            max={2100}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=""
            required
            data-autofocus
          />
          <Text size="sm" c="dimmed">
            Календарь заполнится по обычному образцу: четверти и полугодия, каникулы, праздники и звонки. Его можно будет изменить.
          </Text>
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" loading={isSaving}>
              Создать
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CalendarLoader({ yearId, canEdit }: { yearId: number; canEdit: boolean }) {
  const query = useQuery(() => call(api.getCalendar, { params: { yearId } }), [yearId]);
  // The open tab outlives the editor, which starts afresh after every save or reload.
  const [tab, setTab] = useState<string | null>('levels');
  return (
    <QueryView query={query}>
      {(data) => <CalendarEditor key={`${data.yearId}:${data.version}`} initial={data} canEdit={canEdit} onReload={query.reload} tab={tab} onTabChange={setTab} />}
    </QueryView>
  );
}

function yearSummary(calendar: Calendar): { period: string; schoolDays: string } {
  const period =
    isValidDate(calendar.startDate) && isValidDate(calendar.endDate) ? `${formatDateRu(calendar.startDate)} – ${formatDateRu(calendar.endDate)}` : 'даты не заданы';
  let schoolDays = '—';
  try {
    schoolDays = String(schoolDaysOf(calendar, 5).length);
  } catch {
    // An unfinished form (a wrong date, no settings for the 5th grade): nothing to count yet.
  }
  return { period, schoolDays };
}

interface CalendarEditorProps {
  initial: CalendarReply;
  canEdit: boolean;
  onReload(): void;
  tab: string | null;
  onTabChange(tab: string | null): void;
}

function CalendarEditor({ initial, canEdit, onReload, tab, onTabChange }: CalendarEditorProps) {
  const [calendar, setCalendar] = useState<Calendar>(initial.calendar);
  const [bells, setBells] = useState<Bell[]>(initial.bells);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [conflict, setConflict] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const disabled = !canEdit;
  const isDirty = JSON.stringify({ calendar, bells }) !== JSON.stringify({ calendar: initial.calendar, bells: initial.bells });
  const summary = yearSummary(calendar);
  // Only problems of a row or a field are marked in the tables; those of a whole list ('bells') are in the list above.
  const badFields = problems.map((p) => p.field).filter((f) => f.includes('.'));
  const bad = (field: string): boolean => badFields.some((f) => f === field || field.startsWith(`${f}.`));

  async function save() {
    setConflict(null);
    const found = localProblems(calendar, bells);
    setProblems(found);
    if (found.length > 0) return;
    setSaving(true);
    try {
      await call(api.saveCalendar, { params: { yearId: initial.yearId }, body: { version: initial.version, calendar, bells } });
      notifications.show({ color: 'green', message: 'Календарь сохранён' });
      onReload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else if (e instanceof ApiError && e.problem.errors && e.problem.errors.length > 0) setProblems(serverProblems(e.problem.errors, calendar, bells));
      else setProblems([{ field: '', message: errorText(e) }]);
    } finally {
      setSaving(false);
    }
  }

  function discard() {
    setCalendar(initial.calendar);
    setBells(initial.bells);
    setProblems([]);
    setConflict(null);
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" wrap="wrap">
        <Text data-testid="calendar-summary">
          {calendar.name}: {summary.period}. Учебных дней у 5 классов: <b>{summary.schoolDays}</b>
        </Text>
        {canEdit && (
          <Group gap="xs">
            {isDirty && (
              <>
                <Badge color="yellow" variant="light">
                  Есть несохранённые изменения
                </Badge>
                <Button variant="default" onClick={discard}>
                  Отменить изменения
                </Button>
              </>
            )}
            <Button onClick={() => void save()} loading={isSaving} data-testid="calendar-save">
              Сохранить
            </Button>
          </Group>
        )}
      </Group>
      {!canEdit && (
        <Text size="sm" c="dimmed">
          Календарь меняет администратор; здесь он только для просмотра.
        </Text>
      )}
      {conflict && (
        <Alert color="orange" title="Календарь не сохранён" data-testid="calendar-conflict">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{conflict}</Text>
            <Button size="xs" variant="default" onClick={onReload}>
              Загрузить заново
            </Button>
          </Stack>
        </Alert>
      )}
      {problems.length > 0 && (
        <Alert color="red" title="Календарь не сохранён: исправьте ошибки" data-testid="calendar-problems">
          <List size="sm" spacing={2}>
            {problems.map((p, i) => (
              <List.Item key={i}>{p.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Tabs value={tab} onChange={onTabChange} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="levels">Параллели</Tabs.Tab>
          <Tabs.Tab value="periods">Периоды</Tabs.Tab>
          <Tabs.Tab value="holidays">Каникулы и праздники</Tabs.Tab>
          <Tabs.Tab value="transfers">Переносы дней</Tabs.Tab>
          <Tabs.Tab value="bells">Звонки</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="levels" pt="md">
          <LevelsTab calendar={calendar} setCalendar={setCalendar} disabled={disabled} bad={bad} />
        </Tabs.Panel>
        <Tabs.Panel value="periods" pt="md">
          <PeriodsTab calendar={calendar} setCalendar={setCalendar} disabled={disabled} bad={bad} />
        </Tabs.Panel>
        <Tabs.Panel value="holidays" pt="md">
          <HolidaysTab calendar={calendar} setCalendar={setCalendar} disabled={disabled} bad={bad} />
        </Tabs.Panel>
        <Tabs.Panel value="transfers" pt="md">
          <TransfersTab calendar={calendar} setCalendar={setCalendar} disabled={disabled} bad={bad} />
        </Tabs.Panel>
        <Tabs.Panel value="bells" pt="md">
          <BellsTab bells={bells} setBells={setBells} disabled={disabled} bad={bad} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

interface TabProps {
  calendar: Calendar;
  setCalendar: (update: (calendar: Calendar) => Calendar) => void;
  disabled: boolean;
  bad(field: string): boolean;
}

function LevelsTab({ calendar, setCalendar, disabled, bad }: TabProps) {
  const patch = (index: number, change: Partial<LevelRow>) => setCalendar((c) => ({ ...c, levels: replaceAt(c.levels, index, change) }));
  const addLevel = (level: number) => {
    const settings: LevelRow = { level, periodScheme: level >= 10 ? 'halves' : 'quarters', daysPerWeek: 5, shift: 1, isMarkless: level === 1 };
    setCalendar((c) => ({ ...c, levels: [...c.levels, settings].sort((a, b) => a.level - b.level) }));
  };

  return (
    <Table.ScrollContainer minWidth={640} maw={960}>
      <Table striped verticalSpacing={4} data-testid="calendar-levels">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Параллель</Table.Th>
            <Table.Th>Деление на периоды</Table.Th>
            <Table.Th>Дней в неделю</Table.Th>
            <Table.Th>Смена</Table.Th>
            <Table.Th>Без отметок</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {LEVELS.map((level) => {
            const index = calendar.levels.findIndex((l) => l.level === level);
            const row = calendar.levels[index];
            const who = `${level} классы`;
            if (!row) {
              return (
                <Table.Tr key={level}>
                  <Table.Td>{who}</Table.Td>
                  <Table.Td colSpan={4}>
                    <Group gap="xs">
                      <Text size="sm" c="dimmed">
                        Не настроена
                      </Text>
                      {!disabled && (
                        <Button size="xs" variant="subtle" onClick={() => addLevel(level)}>
                          Настроить
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            }
            const at = `levels.${index}`;
            return (
              <Table.Tr key={level}>
                <Table.Td>{who}</Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Деление на периоды: ${who}`}
                    data={SCHEME_OPTIONS}
                    value={row.periodScheme}
                    onChange={(v) => v && patch(index, { periodScheme: v as PeriodScheme })}
                    allowDeselect={false}
                    disabled={disabled}
                    error={bad(`${at}.periodScheme`)}
                    w={150}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Дней в неделю: ${who}`}
                    data={DAYS_OPTIONS}
                    value={String(row.daysPerWeek)}
                    onChange={(v) => v && patch(index, { daysPerWeek: v === '6' ? 6 : 5 })}
                    allowDeselect={false}
                    disabled={disabled}
                    error={bad(`${at}.daysPerWeek`)}
                    w={110}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Смена: ${who}`}
                    data={SHIFT_OPTIONS}
                    value={String(row.shift)}
                    onChange={(v) => v && patch(index, { shift: v === '2' ? 2 : 1 })}
                    allowDeselect={false}
                    disabled={disabled}
                    error={bad(`${at}.shift`)}
                    w={110}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`Без отметок: ${who}`}
                    checked={row.isMarkless}
                    onChange={(e) => patch(index, { isMarkless: e.currentTarget.checked })}
                    disabled={disabled}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PeriodsTab({ calendar, setCalendar, disabled, bad }: TabProps) {
  const patch = (index: number, change: Partial<PeriodRow>) => setCalendar((c) => ({ ...c, periods: replaceAt(c.periods, index, change) }));

  return (
    <Stack gap="lg">
      <Group align="flex-end">
        <TextInput
          type="date"
          label="Начало учебного года"
          value={calendar.startDate}
          onChange={(e) => {
            const startDate = e.currentTarget.value;
            setCalendar((c) => ({ ...c, startDate }));
          }}
          disabled={disabled}
          error={bad('startDate')}
        />
        <TextInput
          type="date"
          label="Конец учебного года"
          value={calendar.endDate}
          onChange={(e) => {
            const endDate = e.currentTarget.value;
            setCalendar((c) => ({ ...c, endDate }));
          }}
          disabled={disabled}
          error={bad('endDate')}
        />
      </Group>
      {SCHEMES.map((scheme) => {
        const rows = calendar.periods.map((period, index) => ({ period, index })).filter((r) => r.period.scheme === scheme);
        const levels = calendar.levels.filter((l) => l.periodScheme === scheme).map((l) => l.level);
        return (
          <Stack key={scheme} gap="xs">
            <Group gap="xs" align="baseline">
              <Title order={4}>{PERIOD_SCHEME_LABELS[scheme]}</Title>
              <Text size="sm" c="dimmed">
                {levels.length === 0 ? 'сейчас не выбраны ни одной параллелью' : `выбраны для параллелей ${levels.join(', ')}`}
              </Text>
            </Group>
            {rows.length === 0 ? (
              <Text size="sm" c="dimmed">
                Периоды не заданы.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table striped verticalSpacing={4} data-testid={`calendar-periods-${scheme}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={50}>№</Table.Th>
                      <Table.Th>Название</Table.Th>
                      <Table.Th>Начало</Table.Th>
                      <Table.Th>Конец</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map(({ period, index }) => {
                      const at = `periods.${index}`;
                      const name = period.name.trim() || `${PERIOD_SCHEME_LABELS[scheme]}, период ${period.number}`;
                      return (
                        <Table.Tr key={index}>
                          <Table.Td>{period.number}</Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              aria-label={`Название периода: ${PERIOD_SCHEME_LABELS[scheme]}, ${period.number}`}
                              value={period.name}
                              onChange={(e) => patch(index, { name: e.currentTarget.value })}
                              disabled={disabled}
                              error={bad(`${at}.name`)}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              type="date"
                              aria-label={`Начало: ${name}`}
                              value={period.startDate}
                              onChange={(e) => patch(index, { startDate: e.currentTarget.value })}
                              disabled={disabled}
                              error={bad(`${at}.startDate`)}
                            />
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              size="xs"
                              type="date"
                              aria-label={`Конец: ${name}`}
                              value={period.endDate}
                              onChange={(e) => patch(index, { endDate: e.currentTarget.value })}
                              disabled={disabled}
                              error={bad(`${at}.endDate`)}
                            />
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}

function HolidaysTab({ calendar, setCalendar, disabled, bad }: TabProps) {
  const patch = (index: number, change: Partial<HolidayRow>) => setCalendar((c) => ({ ...c, holidays: replaceAt(c.holidays, index, change) }));
  const add = () => setCalendar((c) => ({ ...c, holidays: [...c.holidays, { kind: 'vacation', name: '', startDate: '', endDate: '', levels: null }] }));
  const remove = (index: number) => setCalendar((c) => ({ ...c, holidays: removeAt(c.holidays, index) }));

  return (
    <Stack gap="sm">
      {calendar.holidays.length === 0 ? (
        <Text c="dimmed">Каникулы и праздники не заданы.</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing={4} data-testid="calendar-holidays">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Вид</Table.Th>
                <Table.Th>Название</Table.Th>
                <Table.Th>Начало</Table.Th>
                <Table.Th>Конец</Table.Th>
                <Table.Th>Для параллелей</Table.Th>
                {!disabled && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {calendar.holidays.map((holiday, index) => {
                const at = `holidays.${index}`;
                const row = holiday.name.trim() ? `«${holiday.name.trim()}»` : `строка ${index + 1}`;
                return (
                  <Table.Tr key={index}>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={`Вид: ${row}`}
                        data={HOLIDAY_KIND_OPTIONS}
                        value={holiday.kind}
                        onChange={(v) => v && patch(index, { kind: v === 'public_holiday' ? 'public_holiday' : 'vacation' })}
                        allowDeselect={false}
                        disabled={disabled}
                        w={120}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={`Название: строка ${index + 1}`}
                        value={holiday.name}
                        onChange={(e) => patch(index, { name: e.currentTarget.value })}
                        disabled={disabled}
                        error={bad(`${at}.name`)}
                        miw={220}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        type="date"
                        aria-label={`Начало: ${row}`}
                        value={holiday.startDate}
                        onChange={(e) => patch(index, { startDate: e.currentTarget.value })}
                        disabled={disabled}
                        error={bad(`${at}.startDate`)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        type="date"
                        aria-label={`Конец: ${row}`}
                        value={holiday.endDate}
                        onChange={(e) => patch(index, { endDate: e.currentTarget.value })}
                        disabled={disabled}
                        error={bad(`${at}.endDate`)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <MultiSelect
                        size="xs"
                        aria-label={`Для параллелей: ${row}`}
                        placeholder={holiday.levels === null ? 'Вся школа' : undefined}
                        data={LEVEL_OPTIONS}
                        value={(holiday.levels ?? []).map(String)}
                        onChange={(values) => patch(index, { levels: values.length === 0 ? null : values.map(Number).sort((a, b) => a - b) })}
                        disabled={disabled}
                        error={bad(`${at}.levels`)}
                        clearable
                        miw={160}
                      />
                    </Table.Td>
                    {!disabled && (
                      <Table.Td>
                        <Button size="xs" variant="subtle" color="red" aria-label={`Удалить: ${row}`} onClick={() => remove(index)}>
                          Удалить
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!disabled && (
        <Group>
          <Button variant="default" size="xs" onClick={add}>
            Добавить каникулы или праздник
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function TransfersTab({ calendar, setCalendar, disabled, bad }: TabProps) {
  const patch = (index: number, change: Partial<TransferRow>) => setCalendar((c) => ({ ...c, transfers: replaceAt(c.transfers, index, change) }));
  const add = () => setCalendar((c) => ({ ...c, transfers: [...c.transfers, { date: '', kind: 'workday', worksAsWeekday: null, reason: '' }] }));
  const remove = (index: number) => setCalendar((c) => ({ ...c, transfers: removeAt(c.transfers, index) }));

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Рабочим днём можно сделать субботу или воскресенье (уроки идут по расписанию выбранного дня недели), выходным — день с понедельника по субботу.
      </Text>
      {calendar.transfers.length === 0 ? (
        <Text c="dimmed">Переносов нет.</Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing={4} data-testid="calendar-transfers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Дата</Table.Th>
                <Table.Th>Вид</Table.Th>
                <Table.Th>По расписанию дня</Table.Th>
                <Table.Th>Основание</Table.Th>
                {!disabled && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {calendar.transfers.map((transfer, index) => {
                const at = `transfers.${index}`;
                const row = isValidDate(transfer.date) ? formatDateRu(transfer.date) : `строка ${index + 1}`;
                return (
                  <Table.Tr key={index}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <TextInput
                          size="xs"
                          type="date"
                          aria-label={`Дата переноса: строка ${index + 1}`}
                          value={transfer.date}
                          onChange={(e) => patch(index, { date: e.currentTarget.value })}
                          disabled={disabled}
                          error={bad(`${at}.date`)}
                        />
                        <Text size="xs" c="dimmed" w={90}>
                          {isValidDate(transfer.date) ? weekdayName(isoWeekday(transfer.date)) : ''}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={`Вид переноса: ${row}`}
                        data={TRANSFER_KIND_OPTIONS}
                        value={transfer.kind}
                        onChange={(v) => v && patch(index, v === 'dayoff' ? { kind: 'dayoff', worksAsWeekday: null } : { kind: 'workday' })}
                        allowDeselect={false}
                        disabled={disabled}
                        w={140}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={`По расписанию дня: ${row}`}
                        placeholder={transfer.kind === 'dayoff' ? '—' : 'своего дня недели'}
                        data={WEEKDAY_OPTIONS}
                        value={transfer.worksAsWeekday === null ? null : String(transfer.worksAsWeekday)}
                        onChange={(v) => patch(index, { worksAsWeekday: v === null ? null : Number(v) })}
                        disabled={disabled || transfer.kind === 'dayoff'}
                        error={bad(`${at}.worksAsWeekday`)}
                        clearable
                        w={170}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={`Основание: ${row}`}
                        placeholder="Например, постановление Правительства"
                        value={transfer.reason}
                        onChange={(e) => patch(index, { reason: e.currentTarget.value })}
                        disabled={disabled}
                        error={bad(`${at}.reason`)}
                        miw={220}
                      />
                    </Table.Td>
                    {!disabled && (
                      <Table.Td>
                        <Button size="xs" variant="subtle" color="red" aria-label={`Удалить перенос: ${row}`} onClick={() => remove(index)}>
                          Удалить
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!disabled && (
        <Group>
          <Button variant="default" size="xs" onClick={add}>
            Добавить перенос
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function BellsTab({ bells, setBells, disabled, bad }: { bells: Bell[]; setBells: (update: (bells: Bell[]) => Bell[]) => void; disabled: boolean; bad(field: string): boolean }) {
  const patch = (index: number, change: Partial<Bell>) => setBells((b) => replaceAt(b, index, change));
  const remove = (index: number) => setBells((b) => removeAt(b, index));
  const add = (shift: 1 | 2) =>
    setBells((b) => {
      const ofShift = b.filter((x) => x.shift === shift);
      const last = ofShift.reduce<Bell | null>((found, x) => (found === null || x.lessonNumber > found.lessonNumber ? x : found), null);
      const lastEnd = last ? toMinutes(last.endsAt) : null;
      const start = lastEnd === null ? (shift === 1 ? 8 * 60 + 30 : 13 * 60 + 30) : lastEnd + 10;
      return [...b, { shift, lessonNumber: (last?.lessonNumber ?? 0) + 1, startsAt: toTime(start), endsAt: toTime(start + 40) }];
    });

  return (
    <Group align="flex-start" gap="xl" wrap="wrap">
      {([1, 2] as const).map((shift) => {
        const rows = bells.map((bell, index) => ({ bell, index })).filter((r) => r.bell.shift === shift);
        const maxLesson = rows.reduce((max, r) => Math.max(max, r.bell.lessonNumber), 0);
        return (
          <Stack key={shift} gap="xs" miw={340}>
            <Title order={4}>{shift} смена</Title>
            {rows.length === 0 ? (
              <Text size="sm" c="dimmed">
                Звонки не заданы.
              </Text>
            ) : (
              <Table striped verticalSpacing={4} data-testid={`calendar-bells-${shift}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Урок</Table.Th>
                    <Table.Th>Начало</Table.Th>
                    <Table.Th>Конец</Table.Th>
                    {!disabled && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map(({ bell, index }) => {
                    const at = `bells.${index}`;
                    const lesson = `${shift} смена, ${bell.lessonNumber}-й урок`;
                    return (
                      <Table.Tr key={index}>
                        <Table.Td>
                          <NumberInput
                            size="xs"
                            aria-label={`Номер урока: ${lesson}`}
                            value={bell.lessonNumber}
                            onChange={(v) => patch(index, { lessonNumber: typeof v === 'number' ? v : 0 })}
                            min={1}
                            max={MAX_LESSON}
                            allowDecimal={false}
                            allowNegative={false}
                            disabled={disabled}
                            error={bad(`${at}.lessonNumber`)}
                            w={70}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            size="xs"
                            type="time"
                            aria-label={`Начало: ${lesson}`}
                            value={bell.startsAt}
                            onChange={(e) => patch(index, { startsAt: e.currentTarget.value })}
                            disabled={disabled}
                            error={bad(`${at}.startsAt`)}
                            w={110}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            size="xs"
                            type="time"
                            aria-label={`Конец: ${lesson}`}
                            value={bell.endsAt}
                            onChange={(e) => patch(index, { endsAt: e.currentTarget.value })}
                            disabled={disabled}
                            error={bad(`${at}.endsAt`)}
                            w={110}
                          />
                        </Table.Td>
                        {!disabled && (
                          <Table.Td>
                            <Button size="xs" variant="subtle" color="red" aria-label={`Удалить урок: ${lesson}`} onClick={() => remove(index)}>
                              Удалить
                            </Button>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            )}
            {!disabled && (
              <Group>
                <Button variant="default" size="xs" onClick={() => add(shift)} disabled={maxLesson >= MAX_LESSON}>
                  Добавить урок
                </Button>
              </Group>
            )}
          </Stack>
        );
      })}
    </Group>
  );
}
