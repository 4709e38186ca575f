// The weekly timetable of a class (edited by the administrator, with clash checks on the server) and its lessons of a week with changes (3.2).

import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../../shared/api/contract';
import type { BodyOf, ResponseOf } from '../../shared/api/endpoint';
import { addDays, formatDateRu, isoWeekday, timetableWeekdayOf, weekdayName } from '../../shared/domain/calendar';
import { ApiError, call, errorText } from '../api/client';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { YearSelect } from '../components/YearSelect';

type Subject = ResponseOf<typeof api.directories>['subjects'][number];
type ClassSummary = ResponseOf<typeof api.listClasses>['classes'][number];
type Teacher = ResponseOf<typeof api.listUsers>['users'][number];
type Timetable = ResponseOf<typeof api.getTimetable>;
type CalendarReply = ResponseOf<typeof api.getCalendar>;
type Lesson = ResponseOf<typeof api.classLessons>['lessons'][number];
type EditableSlot = BodyOf<typeof api.saveTimetable>['slots'][number];
type ChangeBody = BodyOf<typeof api.addTimetableChange>;

const WEEKDAY_SHORT = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'];
const MIN_LESSON_ROWS = 7;
const MAX_LESSON_NUMBER = 10;

/** Everything the page needs to name things: subjects, teachers (by number unless the user may list them), classes. */
interface Names {
  subjects: Subject[];
  subjectById: Map<number, Subject>;
  teachers: Teacher[];
  teacherName(id: number): string;
  teacherOptions: Array<{ value: string; label: string }>;
  subjectOptions: Array<{ value: string; label: string }>;
}

function buildNames(subjects: Subject[], teachers: Teacher[]): Names {
  const teacherById = new Map(teachers.map((t) => [t.id, t]));
  return {
    subjects,
    subjectById: new Map(subjects.map((s) => [s.id, s])),
    teachers,
    teacherName: (id) => {
      const t = teacherById.get(id);
      return t ? fullName(t) : `Учитель №${id}`;
    },
    teacherOptions: teachers
      .filter((t) => !t.isBlocked)
      .map((t) => ({ value: String(t.id), label: fullName(t) }))
      .sort((a, b) => a.label.localeCompare(b.label, 'ru')),
    subjectOptions: subjects.filter((s) => !s.isArchived).map((s) => ({ value: String(s.id), label: s.name })),
  };
}

/** Short teacher name for a narrow cell: «Иванова А. П.». */
function teacherShort(teachers: Teacher[], id: number): string {
  const t = teachers.find((x) => x.id === id);
  if (!t) return `Учитель №${id}`;
  return [t.lastName, t.firstName ? `${t.firstName[0]}.` : '', t.middleName ? `${t.middleName[0]}.` : '']
    .filter(Boolean)
    .join(' ');
}

function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

const shortDate = (date: string) => formatDateRu(date).slice(0, 5);
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function TimetablePage({ canEdit }: { canEdit: boolean }) {
  const base = useQuery(async () => {
    const [years, classes, directories, teachers] = await Promise.all([
      call(api.listYears),
      call(api.listClasses),
      call(api.directories),
      // Only the administrator may list users; everyone else sees teachers by number.
      canEdit ? call(api.listUsers, { query: { role: 'teacher' } }).then((r) => r.users) : Promise.resolve<Teacher[]>([]),
    ]);
    return { years: years.years, classes: classes.classes, names: buildNames(directories.subjects, teachers) };
  }, [canEdit]);
  const [pickedYear, setPickedYear] = useState<string | null>(null);
  const [pickedClass, setPickedClass] = useState<string | null>(null);

  return (
    <>
      <Title order={2} mb="md">
        Расписание
      </Title>
      <QueryView query={base}>
        {(data) => {
          const current = data.years.find((y) => y.isCurrent) ?? data.years[data.years.length - 1];
          const yearId = pickedYear ?? (current ? String(current.id) : null);
          const classId = pickedClass ?? (data.classes[0] ? String(data.classes[0].id) : null);
          const cls = data.classes.find((c) => String(c.id) === classId) ?? null;
          if (yearId === null)
            return <Alert color="yellow">Учебные годы ещё не созданы. Создайте год на странице «Учебный год».</Alert>;
          return (
            <Stack>
              <Group align="end">
                <YearSelect years={data.years} value={yearId} onChange={setPickedYear} />
                <Select
                  label="Класс"
                  w={140}
                  data={data.classes.map((c) => ({ value: String(c.id), label: c.name }))}
                  value={classId}
                  onChange={setPickedClass}
                  allowDeselect={false}
                  searchable
                  nothingFoundMessage="Нет такого класса"
                />
              </Group>
              {cls === null ? (
                <Alert color="yellow">Классов ещё нет.</Alert>
              ) : (
                <YearTimetable key={yearId} yearId={Number(yearId)} cls={cls} names={data.names} canEdit={canEdit} />
              )}
            </Stack>
          );
        }}
      </QueryView>
    </>
  );
}

function YearTimetable({ yearId, cls, names, canEdit }: { yearId: number; cls: ClassSummary; names: Names; canEdit: boolean }) {
  const query = useQuery(async () => {
    const [timetable, calendar] = await Promise.all([
      call(api.getTimetable, { params: { yearId } }),
      call(api.getCalendar, { params: { yearId } }),
    ]);
    return { timetable, calendar };
  }, [yearId]);
  const [tab, setTab] = useState<string | null>('week-template');
  return (
    <QueryView query={query}>
      {(data) => (
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List mb="md">
            <Tabs.Tab value="week-template">Недельное расписание</Tabs.Tab>
            <Tabs.Tab value="week-lessons">Уроки на неделю</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="week-template">
            {/* Local edits start from the loaded version; saving or reloading brings a new version and starts afresh. */}
            <TemplateEditor
              key={`${yearId}:${data.timetable.version}`}
              timetable={data.timetable}
              calendar={data.calendar}
              cls={cls}
              names={names}
              canEdit={canEdit}
              onReload={query.reload}
            />
          </Tabs.Panel>
          <Tabs.Panel value="week-lessons">
            <WeekLessons
              cls={cls}
              calendar={data.calendar}
              timetableVersion={data.timetable.version}
              names={names}
              canEdit={canEdit}
            />
          </Tabs.Panel>
        </Tabs>
      )}
    </QueryView>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The weekly template

interface CellEdit {
  weekday: number;
  lessonNumber: number;
  /** Index in the local slot list of the whole-class slot being edited; null for a new one. */
  index: number | null;
}

function TemplateEditor({
  timetable,
  calendar,
  cls,
  names,
  canEdit,
  onReload,
}: {
  timetable: Timetable;
  calendar: CalendarReply;
  cls: ClassSummary;
  names: Names;
  canEdit: boolean;
  onReload(): void;
}) {
  const [slots, setSlots] = useState<EditableSlot[]>(() => timetable.slots.map((s) => ({ ...s })));
  const [isDirty, setDirty] = useState(false);
  const [editing, setEditing] = useState<CellEdit | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<{ message: string; isConflict: boolean } | null>(null);

  const classSlots = slots.map((slot, index) => ({ slot, index })).filter(({ slot }) => slot.classId === cls.id);
  const sixDays =
    calendar.calendar.levels.find((l) => l.level === cls.level)?.daysPerWeek === 6 ||
    classSlots.some(({ slot }) => slot.weekday === 6);
  const weekdays = sixDays ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5];
  const rowCount = Math.max(MIN_LESSON_ROWS, ...classSlots.map(({ slot }) => slot.lessonNumber));
  const lessonNumbers = Array.from({ length: rowCount }, (_, i) => i + 1);
  const bells = new Map(
    calendar.bells
      .filter((b) => b.shift === (calendar.calendar.levels.find((l) => l.level === cls.level)?.shift ?? 1))
      .map((b) => [b.lessonNumber, b]),
  );

  const inCell = (weekday: number, lessonNumber: number) =>
    classSlots.filter(({ slot }) => slot.weekday === weekday && slot.lessonNumber === lessonNumber);

  function openCell(weekday: number, lessonNumber: number) {
    const whole = inCell(weekday, lessonNumber).find(({ slot }) => slot.groupId === null);
    setEditing({ weekday, lessonNumber, index: whole ? whole.index : null });
  }

  function moveFocus(event: KeyboardEvent<HTMLElement>, row: number, column: number) {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const target = event.currentTarget
      .closest('table')
      ?.querySelector<HTMLElement>(`[data-cell="${row + move[0]}-${column + move[1]}"]`);
    target?.focus();
  }

  function applyEdit(edit: CellEdit, value: { subjectId: number; teacherUserId: number; room: string | null } | null) {
    setSlots((all) => {
      if (value === null) return edit.index === null ? all : all.filter((_, i) => i !== edit.index);
      if (edit.index !== null) return all.map((s, i) => (i === edit.index ? { ...s, ...value } : s));
      return [
        ...all,
        {
          id: null,
          weekday: edit.weekday,
          lessonNumber: edit.lessonNumber,
          classId: cls.id,
          groupId: null,
          validFrom: null,
          validTo: null,
          ...value,
        },
      ];
    });
    setDirty(true);
    setEditing(null);
  }

  async function save() {
    setSaving(true);
    setError(null);
    try {
      await call(api.saveTimetable, { params: { yearId: timetable.yearId }, body: { version: timetable.version, slots } });
      notifications.show({ color: 'green', message: 'Расписание сохранено' });
      onReload();
    } catch (e) {
      setError({ message: errorText(e), isConflict: e instanceof ApiError && e.status === 409 });
    } finally {
      setSaving(false);
    }
  }

  const editedSlot = editing?.index != null ? slots[editing.index] : undefined;

  return (
    <Stack>
      {canEdit && (
        <Text size="sm" c="dimmed">
          Нажмите на клетку (или выберите её стрелками и нажмите Enter), чтобы поставить, изменить или убрать урок. Изменения
          уходят на сервер только по кнопке «Сохранить расписание».
        </Text>
      )}
      <Table.ScrollContainer minWidth={sixDays ? 960 : 820}>
        <Table withTableBorder withColumnBorders layout="fixed" data-testid="timetable-grid">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>Урок</Table.Th>
              {weekdays.map((d) => (
                <Table.Th key={d} ta="center">
                  {WEEKDAY_SHORT[d - 1]}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lessonNumbers.map((lessonNumber, row) => {
              const bell = bells.get(lessonNumber);
              return (
                <Table.Tr key={lessonNumber}>
                  <Table.Td>
                    <Text fw={600}>{lessonNumber}</Text>
                    {bell && (
                      <Text size="xs" c="dimmed">
                        {bell.startsAt}–{bell.endsAt}
                      </Text>
                    )}
                  </Table.Td>
                  {weekdays.map((weekday, column) => {
                    const here = inCell(weekday, lessonNumber);
                    const label = `${capitalized(weekdayName(weekday))}, ${lessonNumber}-й урок`;
                    const content = <CellContent entries={here.map(({ slot }) => slot)} names={names} />;
                    return (
                      <Table.Td key={weekday} p={0} data-testid={`slot-${weekday}-${lessonNumber}`}>
                        {canEdit ? (
                          <button
                            type="button"
                            data-cell={`${row}-${column}`}
                            aria-label={here.length === 0 ? `${label}: пусто` : label}
                            onClick={() => openCell(weekday, lessonNumber)}
                            onKeyDown={(e) => moveFocus(e, row, column)}
                            style={cellButtonStyle}
                          >
                            {content}
                          </button>
                        ) : (
                          <div style={{ ...cellButtonStyle, cursor: 'default' }}>{content}</div>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {error && (
        <Alert
          color="red"
          title={error.isConflict ? 'Расписание изменил другой администратор' : 'Расписание не сохранено'}
          data-testid="timetable-error"
        >
          <Stack gap="xs">
            <Text size="sm">{error.message}</Text>
            {error.isConflict && (
              <Group>
                <Button size="xs" variant="white" color="red" onClick={onReload}>
                  Загрузить заново
                </Button>
                <Text size="xs">Ваши несохранённые изменения будут потеряны.</Text>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {canEdit && (
        <Group>
          <Button onClick={() => void save()} loading={isSaving}>
            Сохранить расписание
          </Button>
          {isDirty && (
            <Text size="sm" c="orange">
              Есть несохранённые изменения
            </Text>
          )}
        </Group>
      )}
      {editing && (
        <SlotModal
          key={`${editing.weekday}-${editing.lessonNumber}`}
          title={`${cls.name}: ${weekdayName(editing.weekday)}, ${editing.lessonNumber}-й урок`}
          slot={editedSlot}
          names={names}
          onClose={() => setEditing(null)}
          onApply={(value) => applyEdit(editing, value)}
        />
      )}
    </Stack>
  );
}

const cellButtonStyle = {
  display: 'block',
  width: '100%',
  minHeight: 64,
  padding: '6px 8px',
  border: 'none',
  background: 'transparent',
  textAlign: 'left',
  font: 'inherit',
  color: 'inherit',
  cursor: 'pointer',
} as const;

function CellContent({ entries, names }: { entries: EditableSlot[]; names: Names }) {
  if (entries.length === 0) return null;
  const whole = entries.filter((s) => s.groupId === null);
  const groups = entries.filter((s) => s.groupId !== null);
  return (
    <Stack gap={2}>
      {whole.map((s, i) => (
        <div key={i}>
          <Text size="sm" fw={600} lh={1.2}>
            {names.subjectById.get(s.subjectId)?.shortName ?? `Предмет №${s.subjectId}`}
          </Text>
          <Text size="xs" c="dimmed" lh={1.2}>
            {teacherShort(names.teachers, s.teacherUserId)}
            {s.room ? `, каб. ${s.room}` : ''}
          </Text>
        </div>
      ))}
      {groups.length > 0 && (
        <Text size="xs" c="dimmed" lh={1.2}>
          Подгруппы: {groups.map((s) => names.subjectById.get(s.subjectId)?.shortName ?? `№${s.subjectId}`).join(', ')}
        </Text>
      )}
    </Stack>
  );
}

function SlotModal({
  title,
  slot,
  names,
  onClose,
  onApply,
}: {
  title: string;
  slot: EditableSlot | undefined;
  names: Names;
  onClose(): void;
  onApply(value: { subjectId: number; teacherUserId: number; room: string | null } | null): void;
}) {
  const [subjectId, setSubjectId] = useState<string | null>(slot ? String(slot.subjectId) : null);
  const [teacherId, setTeacherId] = useState<string | null>(slot ? String(slot.teacherUserId) : null);
  const [room, setRoom] = useState(slot?.room ?? '');
  const [error, setError] = useState<string | null>(null);
  const subjectOptions = withCurrent(
    names.subjectOptions,
    slot?.subjectId,
    (id) => names.subjectById.get(id)?.name ?? `Предмет №${id}`,
  );
  const teacherOptions = withCurrent(names.teacherOptions, slot?.teacherUserId, names.teacherName);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (subjectId === null || teacherId === null) {
      setError('Выберите предмет и учителя');
      return;
    }
    onApply({ subjectId: Number(subjectId), teacherUserId: Number(teacherId), room: room.trim() === '' ? null : room.trim() });
  }

  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit}>
        <Stack>
          <Select
            label="Предмет"
            data={subjectOptions}
            value={subjectId}
            onChange={setSubjectId}
            searchable
            nothingFoundMessage="Нет такого предмета"
            openOnFocus={false}
            data-autofocus
          />
          <Select
            label="Учитель"
            data={teacherOptions}
            value={teacherId}
            onChange={setTeacherId}
            searchable
            nothingFoundMessage="Нет такого учителя"
          />
          <TextInput label="Кабинет" value={room} onChange={(e) => setRoom(e.currentTarget.value)} maxLength={20} />
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="space-between">
            <Group>
              <Button type="submit">Готово</Button>
              <Button variant="default" onClick={onClose}>
                Отмена
              </Button>
            </Group>
            {slot && (
              <Button color="red" variant="light" onClick={() => onApply(null)}>
                Убрать урок
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Options plus the current value when it is not among them (an archived subject, a teacher not listed). */
function withCurrent(
  options: Array<{ value: string; label: string }>,
  current: number | undefined,
  label: (id: number) => string,
) {
  if (current === undefined || options.some((o) => o.value === String(current))) return options;
  return [...options, { value: String(current), label: label(current) }];
}

// ---------------------------------------------------------------------------------------------------------------
// Lessons of a week

type ChangeDialog = { kind: 'cancel'; lesson: Lesson } | { kind: 'substitute'; lesson: Lesson } | { kind: 'extra'; date: string };

function WeekLessons({
  cls,
  calendar,
  timetableVersion,
  names,
  canEdit,
}: {
  cls: ClassSummary;
  calendar: CalendarReply;
  timetableVersion: number;
  names: Names;
  canEdit: boolean;
}) {
  const [monday, setMonday] = useState(() => mondayOf(todayIso()));
  const saturday = addDays(monday, 5);
  const query = useQuery(
    () => call(api.classLessons, { params: { classId: cls.id }, query: { from: monday, to: saturday } }),
    [cls.id, monday, timetableVersion],
  );
  const [dialog, setDialog] = useState<ChangeDialog | null>(null);
  const days = Array.from({ length: 6 }, (_, i) => addDays(monday, i));

  async function undoChange(changeId: number) {
    if (!window.confirm('Отменить это изменение расписания? Урок вернётся к недельному расписанию.')) return;
    try {
      await call(api.removeTimetableChange, { params: { changeId } });
      notifications.show({ color: 'green', message: 'Изменение отменено' });
      query.reload();
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  /** Why a date has no lessons per the calendar, or null when it is a school day for the class. */
  function dayOffReason(date: string): string | null {
    try {
      if (timetableWeekdayOf(calendar.calendar, cls.level, date) !== null) return null;
    } catch {
      return null;
    }
    const holiday = calendar.calendar.holidays.find(
      (h) => h.startDate <= date && date <= h.endDate && (h.levels === null || h.levels.includes(cls.level)),
    );
    if (holiday) return holiday.name;
    if (date < calendar.calendar.startDate || date > calendar.calendar.endDate) return 'вне учебного года';
    return 'выходной';
  }

  return (
    <Stack>
      <Group>
        <Button variant="default" onClick={() => setMonday(addDays(monday, -7))}>
          ← Предыдущая
        </Button>
        <Button variant="default" onClick={() => setMonday(mondayOf(todayIso()))}>
          Эта неделя
        </Button>
        <Button variant="default" onClick={() => setMonday(addDays(monday, 7))}>
          Следующая →
        </Button>
        <Text fw={600} data-testid="week-label">
          {shortDate(monday)}–{shortDate(saturday)}
        </Text>
      </Group>
      <QueryView query={query}>
        {(data) => (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="week-lessons">
            {days.map((date) => {
              const lessons = data.lessons.filter((l) => l.date === date);
              const reason = lessons.length === 0 ? dayOffReason(date) : null;
              return (
                <Paper key={date} withBorder p="sm" data-testid={`day-${date}`}>
                  <Text fw={600} mb="xs">
                    {capitalized(weekdayName(isoWeekday(date)))}, {shortDate(date)}
                  </Text>
                  {lessons.length === 0 ? (
                    <Group gap={6}>
                      <Text size="sm" c="dimmed">
                        Нет уроков
                      </Text>
                      {reason && (
                        <Text size="xs" c="dimmed">
                          ({reason})
                        </Text>
                      )}
                    </Group>
                  ) : (
                    <Stack gap={6}>
                      {lessons.map((lesson) => (
                        <LessonLine
                          key={`${lesson.lessonNumber}:${lesson.slotId ?? ''}:${lesson.changeId ?? ''}`}
                          lesson={lesson}
                          names={names}
                          canEdit={canEdit}
                          onCancel={() => setDialog({ kind: 'cancel', lesson })}
                          onSubstitute={() => setDialog({ kind: 'substitute', lesson })}
                          onUndo={(changeId) => void undoChange(changeId)}
                        />
                      ))}
                    </Stack>
                  )}
                  {canEdit && reason === null && (
                    <Button size="compact-xs" variant="light" mt="sm" onClick={() => setDialog({ kind: 'extra', date })}>
                      Дополнительный урок
                    </Button>
                  )}
                </Paper>
              );
            })}
          </SimpleGrid>
        )}
      </QueryView>
      {dialog && (
        <ChangeModal
          dialog={dialog}
          cls={cls}
          names={names}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            query.reload();
          }}
        />
      )}
    </Stack>
  );
}

function LessonLine({
  lesson,
  names,
  canEdit,
  onCancel,
  onSubstitute,
  onUndo,
}: {
  lesson: Lesson;
  names: Names;
  canEdit: boolean;
  onCancel(): void;
  onSubstitute(): void;
  onUndo(changeId: number): void;
}) {
  const isExtra = lesson.slotId === null;
  const isSubstituted = lesson.replacedTeacherUserId !== null;
  return (
    <Group gap="xs" wrap="nowrap" align="start" data-testid="lesson">
      <Text fw={600} w={18} ta="right">
        {lesson.lessonNumber}
      </Text>
      <Stack gap={0} style={{ flex: 1 }}>
        <Group gap={6}>
          <Text size="sm" fw={500}>
            {names.subjectById.get(lesson.subjectId)?.name ?? `Предмет №${lesson.subjectId}`}
          </Text>
          {lesson.groupId !== null && (
            <Badge size="xs" color="gray" variant="light">
              подгруппа
            </Badge>
          )}
          {isSubstituted && (
            <Badge size="xs" color="orange">
              Замена
            </Badge>
          )}
          {isExtra && (
            <Badge size="xs" color="teal">
              Доп. урок
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {names.teacherName(lesson.teacherUserId)}
          {isSubstituted && lesson.replacedTeacherUserId !== null
            ? ` (вместо: ${names.teacherName(lesson.replacedTeacherUserId)})`
            : ''}
          {lesson.room ? `, каб. ${lesson.room}` : ''}
        </Text>
        {canEdit && (
          <Group gap={4} mt={2}>
            {lesson.slotId !== null && (
              <>
                <Button size="compact-xs" variant="subtle" color="red" onClick={onCancel}>
                  Отменить
                </Button>
                <Button size="compact-xs" variant="subtle" onClick={onSubstitute}>
                  Заменить учителя
                </Button>
              </>
            )}
            {lesson.changeId !== null && (
              <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onUndo(lesson.changeId ?? 0)}>
                {isExtra ? 'Убрать доп. урок' : 'Отменить замену'}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Group>
  );
}

function ChangeModal({
  dialog,
  cls,
  names,
  onClose,
  onDone,
}: {
  dialog: ChangeDialog;
  cls: ClassSummary;
  names: Names;
  onClose(): void;
  onDone(): void;
}) {
  const date = dialog.kind === 'extra' ? dialog.date : dialog.lesson.date;
  const lesson = dialog.kind === 'extra' ? null : dialog.lesson;
  const [reason, setReason] = useState('');
  const [teacherId, setTeacherId] = useState<string | null>(null);
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [room, setRoom] = useState(lesson?.room ?? '');
  const [lessonNumber, setLessonNumber] = useState<number | string>(1);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  const subjectName = (id: number) => names.subjectById.get(id)?.name ?? `Предмет №${id}`;
  const when = `${cls.name}, ${weekdayName(isoWeekday(date))} ${formatDateRu(date)}`;
  const title =
    dialog.kind === 'cancel'
      ? `Отмена урока: ${when}`
      : dialog.kind === 'substitute'
        ? `Замена учителя: ${when}`
        : `Дополнительный урок: ${when}`;

  function body(): ChangeBody | string {
    const why = reason.trim();
    if (why === '') return 'Укажите причину';
    const roomValue = room.trim() === '' ? null : room.trim();
    if (dialog.kind === 'cancel') return { kind: 'cancel', date, slotId: dialog.lesson.slotId ?? 0, reason: why };
    if (teacherId === null) return 'Выберите учителя';
    if (dialog.kind === 'substitute') {
      return {
        kind: 'substitute',
        date,
        slotId: dialog.lesson.slotId ?? 0,
        teacherUserId: Number(teacherId),
        room: roomValue,
        reason: why,
      };
    }
    if (subjectId === null) return 'Выберите предмет';
    const number = typeof lessonNumber === 'number' ? lessonNumber : Number(lessonNumber);
    if (!Number.isInteger(number) || number < 1 || number > MAX_LESSON_NUMBER)
      return `Номер урока — от 1 до ${MAX_LESSON_NUMBER}`;
    return {
      kind: 'extra',
      date,
      lessonNumber: number,
      classId: cls.id,
      groupId: null,
      subjectId: Number(subjectId),
      teacherUserId: Number(teacherId),
      room: roomValue,
      reason: why,
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const change = body();
    if (typeof change === 'string') {
      setError(change);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await call(api.addTimetableChange, { body: change });
      notifications.show({ color: 'green', message: 'Изменение расписания сохранено' });
      onDone();
    } catch (e) {
      setError(errorText(e));
      setSaving(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          {lesson && (
            <Text size="sm">
              {lesson.lessonNumber}-й урок: {subjectName(lesson.subjectId)}, {names.teacherName(lesson.teacherUserId)}
            </Text>
          )}
          {dialog.kind === 'extra' && (
            <>
              <NumberInput
                label="Номер урока"
                min={1}
                max={MAX_LESSON_NUMBER}
                value={lessonNumber}
                onChange={setLessonNumber}
                allowDecimal={false}
              />
              <Select
                label="Предмет"
                data={names.subjectOptions}
                value={subjectId}
                onChange={setSubjectId}
                searchable
                nothingFoundMessage="Нет такого предмета"
              />
            </>
          )}
          {dialog.kind !== 'cancel' &&
            (names.teacherOptions.length > 0 ? (
              <Select
                label={dialog.kind === 'substitute' ? 'Замещающий учитель' : 'Учитель'}
                data={names.teacherOptions.filter((o) => o.value !== String(lesson?.teacherUserId))}
                value={teacherId}
                onChange={setTeacherId}
                searchable
                nothingFoundMessage="Нет такого учителя"
              />
            ) : (
              <Alert color="yellow">Список учителей недоступен.</Alert>
            ))}
          {dialog.kind !== 'cancel' && (
            <TextInput label="Кабинет" value={room} onChange={(e) => setRoom(e.currentTarget.value)} maxLength={20} />
          )}
          <TextInput
            label="Причина"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={200}
            data-autofocus={dialog.kind === 'cancel' || undefined}
          />
          {error && <Alert color="red">{error}</Alert>}
          <Group>
            <Button type="submit" loading={isSaving} color={dialog.kind === 'cancel' ? 'red' : undefined}>
              {dialog.kind === 'cancel' ? 'Отменить урок' : 'Сохранить'}
            </Button>
            <Button variant="default" onClick={onClose}>
              Закрыть
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
