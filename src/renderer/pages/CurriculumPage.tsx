// Curriculum (hours per week per subject and level) and teacher load with its check against the curriculum (3.2).

import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useRef, useState } from 'react';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { call, errorText } from '../api/client';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { YearSelect } from '../components/YearSelect';

type Subject = ResponseOf<typeof api.directories>['subjects'][number];
type CurriculumItem = ResponseOf<typeof api.getCurriculum>['items'][number];
type LoadReply = ResponseOf<typeof api.getLoad>;
type LoadItem = LoadReply['items'][number];
type ClassSummary = ResponseOf<typeof api.listClasses>['classes'][number];
type Teacher = ResponseOf<typeof api.listUsers>['users'][number];

/** Disabled inputs of the read-only view stay readable (Mantine dims disabled inputs a lot). */

const LEVELS = Array.from({ length: 11 }, (_, i) => i + 1);
const MAX_HOURS = 40;

/** 1.5 -> «1,5»: hours the way they are written in Russian. */
function hoursText(hours: number): string {
  return hours.toLocaleString('ru-RU', { maximumFractionDigits: 2 });
}

function toNumber(value: string | number): number | null {
  if (value === '') return null;
  const n = typeof value === 'number' ? value : Number(value.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

export function CurriculumPage({ canEdit }: { canEdit: boolean }) {
  const years = useQuery(() => call(api.listYears), []);
  const [pickedYear, setPickedYear] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('plan');

  return (
    <>
      <Title order={2} mb="md">
        Учебный план и нагрузка
      </Title>
      <QueryView query={years}>
        {(data) => {
          const current = data.years.find((y) => y.isCurrent) ?? data.years[data.years.length - 1];
          const yearId = pickedYear ?? (current ? String(current.id) : null);
          if (data.years.length === 0)
            return <Alert color="yellow">Учебные годы ещё не созданы. Создайте год на странице «Учебный год».</Alert>;
          return (
            <Stack>
              <YearSelect years={data.years} value={yearId} onChange={setPickedYear} />
              <Tabs value={tab} onChange={setTab} keepMounted={false}>
                <Tabs.List mb="md">
                  <Tabs.Tab value="plan">Учебный план</Tabs.Tab>
                  <Tabs.Tab value="load">Нагрузка</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="plan">
                  {yearId && <PlanTab key={yearId} yearId={Number(yearId)} canEdit={canEdit} />}
                </Tabs.Panel>
                <Tabs.Panel value="load">
                  {yearId && <LoadTab key={yearId} yearId={Number(yearId)} canEdit={canEdit} />}
                </Tabs.Panel>
              </Tabs>
            </Stack>
          );
        }}
      </QueryView>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Curriculum

function PlanTab({ yearId, canEdit }: { yearId: number; canEdit: boolean }) {
  const query = useQuery(async () => {
    const [directories, plan] = await Promise.all([call(api.directories), call(api.getCurriculum, { params: { yearId } })]);
    return { subjects: directories.subjects, items: plan.items, version: plan.version };
  }, [yearId]);
  return (
    <QueryView query={query}>
      {(data) => (
        // Editable state starts from the loaded plan; a changed plan on the server starts it afresh.
        <PlanEditor
          key={`${data.version}:${JSON.stringify(data.items)}`}
          yearId={yearId}
          version={data.version}
          subjects={data.subjects}
          items={data.items}
          canEdit={canEdit}
          onSaved={query.reload}
        />
      )}
    </QueryView>
  );
}

const cellKey = (subjectId: number, level: number) => `${subjectId}:${level}`;

function PlanEditor({
  yearId,
  version,
  subjects,
  items,
  canEdit,
  onSaved,
}: {
  yearId: number;
  /** The plan's version when loaded: a save by someone else since then is refused, not overwritten. */
  version: number;
  subjects: Subject[];
  items: CurriculumItem[];
  canEdit: boolean;
  onSaved(): void;
}) {
  const [hours, setHours] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(items.map((i) => [cellKey(i.subjectId, i.level), i.hoursPerWeek])),
  );
  const [forms, setForms] = useState<Record<number, string>>(() => {
    const result: Record<number, string> = {};
    for (const i of items) if (i.assessmentForm && result[i.subjectId] === undefined) result[i.subjectId] = i.assessmentForm;
    return result;
  });
  const [isDirty, setDirty] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Archived subjects stay as rows while the plan still has hours for them, so saving does not drop them silently.
  const planned = new Set(items.map((i) => i.subjectId));
  const rows = subjects.filter((s) => !s.isArchived || planned.has(s.id));
  const totals = LEVELS.map((level) => rows.reduce((sum, s) => sum + (hours[cellKey(s.id, level)] ?? 0), 0));

  function setCell(subjectId: number, level: number, value: string | number) {
    setHours((h) => ({ ...h, [cellKey(subjectId, level)]: toNumber(value) }));
    setDirty(true);
  }

  async function save() {
    const body: CurriculumItem[] = [];
    for (const s of rows) {
      const form = forms[s.id]?.trim() ?? '';
      for (const level of LEVELS) {
        const value = hours[cellKey(s.id, level)];
        if (value === null || value === undefined) continue;
        body.push({ level, subjectId: s.id, hoursPerWeek: value, assessmentForm: form === '' ? null : form });
      }
    }
    setSaving(true);
    setError(null);
    try {
      await call(api.saveCurriculum, { params: { yearId }, body: { version, items: body } });
      setDirty(false);
      notifications.show({ color: 'green', message: 'Учебный план сохранён' });
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  if (rows.length === 0) return <Alert color="yellow">В справочнике нет предметов. Добавьте их на странице «Справочники».</Alert>;

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Часов в неделю по параллелям. Пустая клетка — предмет в этой параллели не изучается.
      </Text>
      <Table.ScrollContainer minWidth={1100}>
        <Table withTableBorder withColumnBorders striped data-testid="curriculum-grid">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Предмет</Table.Th>
              {LEVELS.map((level) => (
                <Table.Th key={level} ta="center" style={{ whiteSpace: 'nowrap' }}>
                  {level} кл.
                </Table.Th>
              ))}
              <Table.Th>Форма аттестации</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Text size="sm">{s.name}</Text>
                  {s.isArchived && (
                    <Badge size="xs" color="gray" variant="light">
                      в архиве
                    </Badge>
                  )}
                </Table.Td>
                {LEVELS.map((level) => (
                  <Table.Td key={level} p={4}>
                    <NumberInput
                      size="xs"
                      w={58}
                      hideControls
                      step={0.5}
                      min={0}
                      max={MAX_HOURS}
                      decimalScale={2}
                      clampBehavior="strict"
                      aria-label={`${s.name}, ${level} класс, часов в неделю`}
                      value={hours[cellKey(s.id, level)] ?? ''}
                      onChange={(v) => setCell(s.id, level, v)}
                      disabled={!canEdit}
                    />
                  </Table.Td>
                ))}
                <Table.Td p={4}>
                  <TextInput
                    size="xs"
                    miw={160}
                    placeholder="например, контрольная работа"
                    aria-label={`${s.name}, форма аттестации`}
                    value={forms[s.id] ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setForms((f) => ({ ...f, [s.id]: value }));
                      setDirty(true);
                    }}
                    disabled={!canEdit}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>Итого часов</Table.Th>
              {totals.map((total, index) => (
                <Table.Th key={index} ta="center" data-testid={`curriculum-total-${index + 1}`}>
                  {hoursText(total)}
                </Table.Th>
              ))}
              <Table.Th />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {error && <Alert color="red">{error}</Alert>}
      {canEdit && (
        <Group>
          <Button onClick={() => void save()} loading={isSaving}>
            Сохранить
          </Button>
          {isDirty && (
            <Text size="sm" c="orange">
              Есть несохранённые изменения
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Teacher load

interface LoadRow {
  key: number;
  teacherUserId: number | null;
  classId: number | null;
  groupId: number | null;
  subjectId: number | null;
  hoursPerWeek: number | null;
}

function LoadTab({ yearId, canEdit }: { yearId: number; canEdit: boolean }) {
  // Kept here, not in the editor, so the chosen class stays shown after saving (which starts the editor afresh).
  const [classFilter, setClassFilter] = useState<string | null>(null);
  const query = useQuery(async () => {
    const [directories, classes, load, teachers] = await Promise.all([
      call(api.directories),
      call(api.listClasses),
      call(api.getLoad, { params: { yearId } }),
      // Only the administrator may list users; everyone else sees teachers by number.
      canEdit ? call(api.listUsers, { query: { role: 'teacher' } }).then((r) => r.users) : Promise.resolve<Teacher[]>([]),
    ]);
    return { subjects: directories.subjects, classes: classes.classes, load, teachers };
  }, [yearId, canEdit]);
  return (
    <QueryView query={query}>
      {(data) => (
        <Stack>
          <LoadEditor
            key={`${data.load.version}:${JSON.stringify(data.load.items)}`}
            yearId={yearId}
            version={data.load.version}
            items={data.load.items}
            subjects={data.subjects}
            classes={data.classes}
            teachers={data.teachers}
            canEdit={canEdit}
            classFilter={classFilter}
            onClassFilter={setClassFilter}
            onSaved={query.reload}
          />
          <LoadCheck check={data.load.check} subjects={data.subjects} />
        </Stack>
      )}
    </QueryView>
  );
}

function LoadEditor({
  yearId,
  version,
  items,
  subjects,
  classes,
  teachers,
  canEdit,
  classFilter,
  onClassFilter,
  onSaved,
}: {
  yearId: number;
  /** The load's version when loaded: a save by someone else since then is refused, not overwritten. */
  version: number;
  items: LoadItem[];
  subjects: Subject[];
  classes: ClassSummary[];
  teachers: Teacher[];
  canEdit: boolean;
  classFilter: string | null;
  onClassFilter(classId: string | null): void;
  onSaved(): void;
}) {
  const [rows, setRows] = useState<LoadRow[]>(() => items.map((item, index) => ({ ...item, key: index })));
  const nextKey = useRef(items.length);
  const [isDirty, setDirty] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showMissing, setShowMissing] = useState(false);

  const teacherOptions = useMemo(() => {
    const named = teachers.filter((t) => !t.isBlocked).map((t) => ({ value: String(t.id), label: fullName(t) }));
    named.sort((a, b) => a.label.localeCompare(b.label, 'ru'));
    const known = new Set(teachers.map((t) => t.id));
    const blockedOrUnknown = [...new Set(items.map((i) => i.teacherUserId))]
      .filter((id) => !named.some((o) => o.value === String(id)))
      .map((id) => {
        const t = teachers.find((x) => x.id === id);
        return { value: String(id), label: known.has(id) && t ? `${fullName(t)} (заблокирован)` : `Учитель №${id}` };
      });
    return [...named, ...blockedOrUnknown];
  }, [teachers, items]);
  const classOptions = useMemo(() => classes.map((c) => ({ value: String(c.id), label: c.name })), [classes]);
  const subjectOptions = useMemo(() => {
    const used = new Set(items.map((i) => i.subjectId));
    return subjects.filter((s) => !s.isArchived || used.has(s.id)).map((s) => ({ value: String(s.id), label: s.name }));
  }, [subjects, items]);

  const visible = classFilter === null ? rows : rows.filter((r) => String(r.classId) === classFilter);
  const visibleHours = visible.reduce((sum, r) => sum + (r.hoursPerWeek ?? 0), 0);

  function update(key: number, patch: Partial<LoadRow>) {
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setDirty(true);
  }
  function addRow() {
    const key = nextKey.current++;
    setRows((all) => [
      ...all,
      {
        key,
        teacherUserId: null,
        classId: classFilter === null ? null : Number(classFilter),
        groupId: null,
        subjectId: null,
        hoursPerWeek: null,
      },
    ]);
    setDirty(true);
  }
  function removeRow(key: number) {
    setRows((all) => all.filter((r) => r.key !== key));
    setDirty(true);
  }

  async function save() {
    const body: LoadItem[] = [];
    let incomplete = 0;
    for (const r of rows) {
      if (r.teacherUserId === null || r.classId === null || r.subjectId === null || r.hoursPerWeek === null) incomplete++;
      else
        body.push({
          teacherUserId: r.teacherUserId,
          classId: r.classId,
          groupId: r.groupId,
          subjectId: r.subjectId,
          hoursPerWeek: r.hoursPerWeek,
        });
    }
    if (incomplete > 0) {
      setShowMissing(true);
      setError(
        `Нагрузка не сохранена: в выделенных строках (${incomplete}) не указан учитель, класс, предмет или часы. Заполните их или удалите.`,
      );
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await call(api.saveLoad, { params: { yearId }, body: { version, items: body } });
      setDirty(false);
      notifications.show({ color: 'green', message: 'Нагрузка сохранена' });
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack>
      <Group align="end">
        <Select
          label="Показать класс"
          placeholder="Все классы"
          w={180}
          data={classOptions}
          value={classFilter}
          onChange={onClassFilter}
          clearable
          searchable
          nothingFoundMessage="Нет такого класса"
        />
        <Text size="sm" c="dimmed">
          Строк: {visible.length}, часов в неделю: {hoursText(visibleHours)}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={800}>
        <Table striped data-testid="load-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Учитель</Table.Th>
              <Table.Th>Класс</Table.Th>
              <Table.Th>Предмет</Table.Th>
              <Table.Th>Часов в неделю</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={canEdit ? 5 : 4}>
                  <Text size="sm" c="dimmed">
                    Нагрузка не распределена.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {visible.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label="Учитель"
                    placeholder="Учитель"
                    error={showMissing && r.teacherUserId === null}
                    data={teacherOptions}
                    value={r.teacherUserId === null ? null : String(r.teacherUserId)}
                    onChange={(v) => update(r.key, { teacherUserId: v === null ? null : Number(v) })}
                    searchable
                    nothingFoundMessage="Нет такого учителя"
                    disabled={!canEdit}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    w={110}
                    aria-label="Класс"
                    placeholder="Класс"
                    error={showMissing && r.classId === null}
                    data={classOptions}
                    value={r.classId === null ? null : String(r.classId)}
                    onChange={(v) => update(r.key, { classId: v === null ? null : Number(v), groupId: null })}
                    searchable
                    nothingFoundMessage="Нет такого класса"
                    disabled={!canEdit}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label="Предмет"
                    placeholder="Предмет"
                    error={showMissing && r.subjectId === null}
                    data={subjectOptions}
                    value={r.subjectId === null ? null : String(r.subjectId)}
                    onChange={(v) => update(r.key, { subjectId: v === null ? null : Number(v) })}
                    searchable
                    nothingFoundMessage="Нет такого предмета"
                    disabled={!canEdit}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    w={90}
                    aria-label="Часов в неделю"
                    hideControls={!canEdit}
                    error={showMissing && r.hoursPerWeek === null}
                    step={0.5}
                    min={0}
                    max={MAX_HOURS}
                    decimalScale={2}
                    clampBehavior="strict"
                    value={r.hoursPerWeek ?? ''}
                    onChange={(v) => update(r.key, { hoursPerWeek: toNumber(v) })}
                    disabled={!canEdit}
                  />
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => removeRow(r.key)}>
                      Удалить
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {error && <Alert color="red">{error}</Alert>}
      {canEdit && (
        <Group>
          <Button variant="default" onClick={addRow}>
            Добавить строку
          </Button>
          <Button onClick={() => void save()} loading={isSaving}>
            Сохранить
          </Button>
          {isDirty && (
            <Text size="sm" c="orange">
              Есть несохранённые изменения
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}

function LoadCheck({ check, subjects }: { check: LoadReply['check']; subjects: Subject[] }) {
  const [onlyProblems, setOnlyProblems] = useState(false);
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]));
  const problems = check.filter((row) => row.difference !== 0);
  const shown = onlyProblems ? problems : check;
  return (
    <Stack gap="xs" mt="lg">
      <Title order={3}>Сверка с учебным планом</Title>
      <Group justify="space-between">
        <Text data-testid="load-check-summary" fw={500} c={problems.length > 0 ? 'red' : 'green'}>
          Расхождений: {problems.length}
        </Text>
        <Switch label="Только расхождения" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.currentTarget.checked)} />
      </Group>
      <Text size="sm" c="dimmed">
        По сохранённым учебному плану и нагрузке.
      </Text>
      <Table withTableBorder data-testid="load-check">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Класс</Table.Th>
            <Table.Th>Предмет</Table.Th>
            <Table.Th ta="right">По плану, ч</Table.Th>
            <Table.Th ta="right">Назначено, ч</Table.Th>
            <Table.Th>Расхождение</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text size="sm" c="dimmed">
                  {check.length === 0 ? 'Нечего сверять: нет ни учебного плана, ни нагрузки.' : 'Расхождений нет.'}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {shown.map((row) => {
            const isUnder = row.difference < 0;
            const color =
              row.difference === 0 ? undefined : isUnder ? 'var(--mantine-color-red-light)' : 'var(--mantine-color-orange-light)';
            return (
              <Table.Tr key={`${row.classId}:${row.subjectId}`} bg={color}>
                <Table.Td>{row.className}</Table.Td>
                <Table.Td>{subjectName.get(row.subjectId) ?? `Предмет №${row.subjectId}`}</Table.Td>
                <Table.Td ta="right">{hoursText(row.planned)}</Table.Td>
                <Table.Td ta="right">{hoursText(row.assigned)}</Table.Td>
                <Table.Td>
                  {row.difference === 0 ? (
                    <Text size="sm" c="dimmed">
                      совпадает
                    </Text>
                  ) : (
                    <Text size="sm" fw={500} c={isUnder ? 'red' : 'orange'}>
                      {isUnder ? `не хватает ${hoursText(-row.difference)} ч` : `лишние ${hoursText(row.difference)} ч`}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
