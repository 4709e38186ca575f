// The school's directories (3.2): subjects, kinds of work with their weights, the mark settings and the attendance codes.

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
  Switch,
  Table,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { markSettingsProblems, WORK_TYPE_WEIGHT_MAX, WORK_TYPE_WEIGHT_MIN, type MarkSettings } from '../../shared/domain/directories';
import { ApiError, call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

type Directories = ResponseOf<typeof api.directories>;
type Subject = Directories['subjects'][number];
type WorkType = Directories['workTypes'][number];

const LEVEL_OPTIONS = Array.from({ length: 11 }, (_, i) => ({ value: String(i + 1), label: `${i + 1} кл.` }));
const LOWEST_MARK_OPTIONS = [
  { value: '2', label: '2 (шкала 2–5)' },
  { value: '1', label: '1 (шкала 1–5)' },
];
const MARK_OPTIONS = ['5', '4', '3', '2', '1'].map((m) => ({ value: m, label: m }));

/** A Russian message of a failed request, with the field errors the server named. */
function describeError(error: unknown): string[] {
  if (error instanceof ApiError && error.problem.errors && error.problem.errors.length > 0) {
    return error.problem.errors.map((e) => (e.label && !e.message.includes(e.label) ? `${e.label}: ${e.message}` : e.message));
  }
  return [errorText(error)];
}

/** The messages of a failed request that no input shows next to itself. */
function otherErrors(error: unknown, shownFields: readonly string[]): string[] {
  if (error === null) return [];
  if (error instanceof ApiError && error.problem.errors && error.problem.errors.length > 0) {
    const rest = error.problem.errors.filter((e) => !shownFields.includes(e.field));
    return rest.length === 0 ? [] : describeError(new ApiError({ ...error.problem, errors: rest }));
  }
  return describeError(error);
}

function ErrorList({ messages, testId, title }: { messages: readonly string[]; testId?: string; title?: string }) {
  if (messages.length === 0) return null;
  return (
    <Alert color="red" data-testid={testId} title={title}>
      {messages.length === 1 ? (
        messages[0]
      ) : (
        <List size="sm" spacing={2}>
          {messages.map((m, i) => (
            <List.Item key={i}>{m}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** Read-only inputs stay readable: Mantine fades disabled inputs to 60 %, too pale to read a whole table from. */

function toNumber(value: number | string): number {
  return typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value.replace(',', '.'));
}

export function DirectoriesPage({ canEdit }: { canEdit: boolean }) {
  const query = useQuery(() => call(api.directories), []);
  return (
    <>
      <Title order={2} mb="md">
        Справочники
      </Title>
      {!canEdit && (
        <Text size="sm" c="dimmed" mb="sm">
          Справочники меняет администратор; здесь они только для просмотра.
        </Text>
      )}
      <QueryView query={query}>
        {(data) => (
          <Tabs defaultValue="subjects" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="subjects">Предметы</Tabs.Tab>
              <Tabs.Tab value="work-types">Виды работ</Tabs.Tab>
              <Tabs.Tab value="marks">Отметки</Tabs.Tab>
              <Tabs.Tab value="attendance">Посещаемость</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="subjects" pt="md">
              <SubjectsTab subjects={data.subjects} canEdit={canEdit} onChanged={query.reload} />
            </Tabs.Panel>
            <Tabs.Panel value="work-types" pt="md">
              <WorkTypesTab workTypes={data.workTypes} canEdit={canEdit} onChanged={query.reload} />
            </Tabs.Panel>
            <Tabs.Panel value="marks" pt="md">
              <MarkSettingsEditor key={JSON.stringify(data.markSettings)} initial={data.markSettings} canEdit={canEdit} onSaved={query.reload} />
            </Tabs.Panel>
            <Tabs.Panel value="attendance" pt="md">
              <AttendanceTab codes={data.attendanceCodes} />
            </Tabs.Panel>
          </Tabs>
        )}
      </QueryView>
    </>
  );
}

// --- subjects ---

function SubjectsTab({ subjects, canEdit, onChanged }: { subjects: Subject[]; canEdit: boolean; onChanged(): void }) {
  const [editing, setEditing] = useState<Subject | null>(null);
  const [pendingId, setPendingId] = useState<number | null>(null);

  async function setArchived(subject: Subject, isArchived: boolean) {
    setPendingId(subject.id);
    try {
      await call(api.updateSubject, { params: { subjectId: subject.id }, body: { isArchived } });
      notifications.show({ color: 'green', message: isArchived ? `Предмет «${subject.name}» убран в архив` : `Предмет «${subject.name}» возвращён из архива` });
      onChanged();
    } catch (e) {
      notifications.show({ color: 'red', message: describeError(e).join('; ') });
    } finally {
      setPendingId(null);
    }
  }

  return (
    <Stack gap="md">
      {canEdit && <AddSubjectForm onAdded={onChanged} />}
      <Table.ScrollContainer minWidth={560} maw={960}>
        <Table striped highlightOnHover verticalSpacing={4} data-testid="subjects-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Название</Table.Th>
              <Table.Th>Краткое название</Table.Th>
              <Table.Th>В архиве</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {subjects.map((subject) => (
              <Table.Tr key={subject.id} c={subject.isArchived ? 'dimmed' : undefined}>
                <Table.Td>{subject.name}</Table.Td>
                <Table.Td>{subject.shortName}</Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`В архиве: ${subject.name}`}
                    checked={subject.isArchived}
                    onChange={(e) => void setArchived(subject, e.currentTarget.checked)}
                    disabled={!canEdit || pendingId === subject.id}
                  />
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" aria-label={`Изменить предмет «${subject.name}»`} onClick={() => setEditing(subject)}>
                      Изменить
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && (
        <EditSubjectModal
          subject={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Stack>
  );
}

function AddSubjectForm({ onAdded }: { onAdded(): void }) {
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setSaving] = useState(false);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      await call(api.createSubject, { body: { name, shortName } });
      notifications.show({ color: 'green', message: `Предмет «${name.trim()}» добавлен` });
      setName('');
      setShortName('');
      setError(null);
      onAdded();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Новый предмет">
      <Stack gap="xs">
        <Group align="flex-start">
          <TextInput label="Название нового предмета" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} required miw={260} />
          <TextInput label="Краткое название" value={shortName} onChange={(e) => setShortName(e.currentTarget.value)} error={fieldError('shortName')} required w={180} />
          <Button type="submit" mt={25} loading={isSaving}>
            Добавить предмет
          </Button>
        </Group>
        <ErrorList messages={otherErrors(error, ['name', 'shortName'])} />
      </Stack>
    </form>
  );
}

function EditSubjectModal({ subject, onClose, onSaved }: { subject: Subject; onClose(): void; onSaved(): void }) {
  const [name, setName] = useState(subject.name);
  const [shortName, setShortName] = useState(subject.shortName);
  const [isArchived, setArchived] = useState(subject.isArchived);
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setSaving] = useState(false);
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      await call(api.updateSubject, { params: { subjectId: subject.id }, body: { name, shortName, isArchived } });
      notifications.show({ color: 'green', message: 'Предмет сохранён' });
      onSaved();
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={`Предмет «${subject.name}»`}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput label="Название" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} required data-autofocus />
          <TextInput label="Краткое название" description="Так предмет пишется в расписании и дневнике" value={shortName} onChange={(e) => setShortName(e.currentTarget.value)} error={fieldError('shortName')} required />
          <Switch label="В архиве (не предлагается в новых учебных планах)" checked={isArchived} onChange={(e) => setArchived(e.currentTarget.checked)} />
          <ErrorList messages={otherErrors(error, ['name', 'shortName'])} />
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" loading={isSaving}>
              Сохранить
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// --- work types ---

const WORK_TYPE_FIELDS = ['name', 'shortName', 'defaultWeight'];

interface WorkTypeForm {
  name: string;
  shortName: string;
  defaultWeight: number | string;
  isWritten: boolean;
}

function WorkTypeFields({ form, setForm, error, inline }: { form: WorkTypeForm; setForm(form: WorkTypeForm): void; error: unknown; inline: boolean }) {
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  return (
    <>
      <TextInput label="Название" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={fieldError('name')} required miw={240} data-autofocus />
      <TextInput label="Краткое название" value={form.shortName} onChange={(e) => setForm({ ...form, shortName: e.currentTarget.value })} error={fieldError('shortName')} required w={160} />
      <NumberInput
        label={`Вес (${WORK_TYPE_WEIGHT_MIN}–${WORK_TYPE_WEIGHT_MAX})`}
        value={form.defaultWeight}
        onChange={(v) => setForm({ ...form, defaultWeight: v })}
        min={WORK_TYPE_WEIGHT_MIN}
        max={WORK_TYPE_WEIGHT_MAX}
        allowDecimal={false}
        allowNegative={false}
        error={fieldError('defaultWeight')}
        required
        w={110}
      />
      <Checkbox label="Письменная" checked={form.isWritten} onChange={(e) => setForm({ ...form, isWritten: e.currentTarget.checked })} mt={inline ? 32 : 0} />
    </>
  );
}

/** The form's weight as the server wants it, or a Russian problem. */
function checkedWeight(form: WorkTypeForm): number | string {
  const weight = toNumber(form.defaultWeight);
  if (!Number.isInteger(weight) || weight < WORK_TYPE_WEIGHT_MIN || weight > WORK_TYPE_WEIGHT_MAX) {
    return `Вес: целое число от ${WORK_TYPE_WEIGHT_MIN} до ${WORK_TYPE_WEIGHT_MAX}`;
  }
  return weight;
}

function WorkTypesTab({ workTypes, canEdit, onChanged }: { workTypes: WorkType[]; canEdit: boolean; onChanged(): void }) {
  const [editing, setEditing] = useState<WorkType | null>(null);
  const [pendingId, setPendingId] = useState<number | null>(null);

  async function setArchived(workType: WorkType, isArchived: boolean) {
    setPendingId(workType.id);
    try {
      await call(api.updateWorkType, { params: { workTypeId: workType.id }, body: { isArchived } });
      notifications.show({ color: 'green', message: isArchived ? `«${workType.name}» убран в архив` : `«${workType.name}» возвращён из архива` });
      onChanged();
    } catch (e) {
      notifications.show({ color: 'red', message: describeError(e).join('; ') });
    } finally {
      setPendingId(null);
    }
  }

  return (
    <Stack gap="md">
      {canEdit && <AddWorkTypeForm onAdded={onChanged} />}
      <Table.ScrollContainer minWidth={640} maw={1080}>
        <Table striped highlightOnHover verticalSpacing={4} data-testid="work-types-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Название</Table.Th>
              <Table.Th>Краткое название</Table.Th>
              <Table.Th>Вес</Table.Th>
              <Table.Th>Письменная</Table.Th>
              <Table.Th>В архиве</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {workTypes.map((workType) => (
              <Table.Tr key={workType.id} c={workType.isArchived ? 'dimmed' : undefined}>
                <Table.Td>{workType.name}</Table.Td>
                <Table.Td>{workType.shortName}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={workType.defaultWeight >= 3 ? 'red' : workType.defaultWeight === 2 ? 'orange' : 'gray'}>
                    {workType.defaultWeight}
                  </Badge>
                </Table.Td>
                <Table.Td>{workType.isWritten ? 'да' : 'нет'}</Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`В архиве: ${workType.name}`}
                    checked={workType.isArchived}
                    onChange={(e) => void setArchived(workType, e.currentTarget.checked)}
                    disabled={!canEdit || pendingId === workType.id}
                  />
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" aria-label={`Изменить вид работы «${workType.name}»`} onClick={() => setEditing(workType)}>
                      Изменить
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && (
        <EditWorkTypeModal
          workType={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Stack>
  );
}

const EMPTY_WORK_TYPE: WorkTypeForm = { name: '', shortName: '', defaultWeight: 1, isWritten: false };

function AddWorkTypeForm({ onAdded }: { onAdded(): void }) {
  const [form, setForm] = useState<WorkTypeForm>(EMPTY_WORK_TYPE);
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const weight = checkedWeight(form);
    if (typeof weight === 'string') return setError(new Error(weight));
    setSaving(true);
    try {
      await call(api.createWorkType, { body: { name: form.name, shortName: form.shortName, defaultWeight: weight, isWritten: form.isWritten } });
      notifications.show({ color: 'green', message: `Вид работы «${form.name.trim()}» добавлен` });
      setForm(EMPTY_WORK_TYPE);
      setError(null);
      onAdded();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Новый вид работы">
      <Stack gap="xs">
        <Group align="flex-start">
          <WorkTypeFields form={form} setForm={setForm} error={error} inline />
          <Button type="submit" mt={25} loading={isSaving}>
            Добавить вид работы
          </Button>
        </Group>
        <ErrorList messages={otherErrors(error, WORK_TYPE_FIELDS)} />
      </Stack>
    </form>
  );
}

function EditWorkTypeModal({ workType, onClose, onSaved }: { workType: WorkType; onClose(): void; onSaved(): void }) {
  const [form, setForm] = useState<WorkTypeForm>({ name: workType.name, shortName: workType.shortName, defaultWeight: workType.defaultWeight, isWritten: workType.isWritten });
  const [isArchived, setArchived] = useState(workType.isArchived);
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const weight = checkedWeight(form);
    if (typeof weight === 'string') return setError(new Error(weight));
    setSaving(true);
    try {
      await call(api.updateWorkType, {
        params: { workTypeId: workType.id },
        body: { name: form.name, shortName: form.shortName, defaultWeight: weight, isWritten: form.isWritten, isArchived },
      });
      notifications.show({ color: 'green', message: 'Вид работы сохранён' });
      onSaved();
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={`Вид работы «${workType.name}»`}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <WorkTypeFields form={form} setForm={setForm} error={error} inline={false} />
          <Switch label="В архиве (не предлагается для новых отметок)" checked={isArchived} onChange={(e) => setArchived(e.currentTarget.checked)} />
          <ErrorList messages={otherErrors(error, WORK_TYPE_FIELDS)} />
          <Group justify="end">
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button type="submit" loading={isSaving}>
              Сохранить
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// --- mark settings ---

interface RoundingRow {
  fromAverage: number | string;
  mark: number;
}

function MarkSettingsEditor({ initial, canEdit, onSaved }: { initial: MarkSettings; canEdit: boolean; onSaved(): void }) {
  const [lowestMark, setLowestMark] = useState<1 | 2>(initial.lowestMark);
  const [specialCodes, setSpecialCodes] = useState<string[]>([...initial.specialCodes]);
  const [rounding, setRounding] = useState<RoundingRow[]>(initial.rounding.map((r) => ({ ...r })));
  const [minimumMarks, setMinimumMarks] = useState<number | string>(initial.minimumMarksPerPeriod);
  const [editWindowDays, setEditWindowDays] = useState<number | string>(initial.editWindowDays);
  const [marklessLevels, setMarklessLevels] = useState<string[]>(initial.marklessLevels.map(String));
  const [problems, setProblems] = useState<string[]>([]);
  const [isSaving, setSaving] = useState(false);
  const disabled = !canEdit;

  const patchRow = (index: number, change: Partial<RoundingRow>) => setRounding((rows) => rows.map((r, i) => (i === index ? { ...r, ...change } : r)));

  async function save() {
    const found: string[] = [];
    const steps = rounding.map((r) => ({ fromAverage: toNumber(r.fromAverage), mark: r.mark }));
    if (steps.some((s) => !Number.isFinite(s.fromAverage))) found.push('Таблица округления: укажите средний балл в каждой строке');
    const minimumMarksPerPeriod = toNumber(minimumMarks);
    if (!Number.isInteger(minimumMarksPerPeriod)) found.push('Минимальное число отметок за период: целое число от 0 до 30');
    const days = toNumber(editWindowDays);
    if (!Number.isInteger(days)) found.push('Срок исправления отметок: целое число дней от 0 до 60');
    const settings: MarkSettings = {
      lowestMark,
      specialCodes: specialCodes.map((c) => c.trim()).filter((c) => c !== ''),
      rounding: steps,
      minimumMarksPerPeriod,
      editWindowDays: days,
      marklessLevels: marklessLevels.map(Number).sort((a, b) => a - b),
    };
    if (found.length === 0) found.push(...markSettingsProblems(settings));
    setProblems(found);
    if (found.length > 0) return;
    setSaving(true);
    try {
      await call(api.updateMarkSettings, {
        body: { ...settings, specialCodes: [...settings.specialCodes], rounding: [...settings.rounding], marklessLevels: [...settings.marklessLevels] },
      });
      notifications.show({ color: 'green', message: 'Настройки отметок сохранены' });
      onSaved();
    } catch (e) {
      setProblems(describeError(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack gap="md" maw={900}>
      <Group align="flex-start" wrap="wrap">
        <Select
          label="Низшая отметка"
          data={LOWEST_MARK_OPTIONS}
          value={String(lowestMark)}
          onChange={(v) => v && setLowestMark(v === '1' ? 1 : 2)}
          allowDeselect={false}
          disabled={disabled}
          w={180}
        />
        <NumberInput
          label="Минимум отметок за период"
          description="Чтобы выставить отметку за период"
          value={minimumMarks}
          onChange={setMinimumMarks}
          min={0}
          max={30}
          allowDecimal={false}
          allowNegative={false}
          disabled={disabled}
          w={280}
        />
        <NumberInput
          label="Срок исправления, дней"
          description="Сколько дней можно исправлять отметку"
          value={editWindowDays}
          onChange={setEditWindowDays}
          min={0}
          max={60}
          allowDecimal={false}
          allowNegative={false}
          disabled={disabled}
          w={280}
        />
      </Group>
      <TagsInput
        label="Особые отметки"
        description={disabled ? 'Пишутся в журнал вместо отметки' : 'Пишутся в журнал вместо отметки. Введите и нажмите Enter; не больше 10, до 10 знаков каждая'}
        value={specialCodes}
        onChange={setSpecialCodes}
        maxTags={10}
        disabled={disabled}
        clearable={!disabled}
      />
      <MultiSelect
        label="Безотметочные параллели"
        description="Классы, в которых отметки не ставятся"
        placeholder={marklessLevels.length === 0 ? 'Нет' : undefined}
        data={LEVEL_OPTIONS}
        value={marklessLevels}
        onChange={setMarklessLevels}
        disabled={disabled}
        clearable={!disabled}
      />
      <Stack gap={4}>
        <Text fw={600} size="sm">
          Округление среднего балла
        </Text>
        <Text size="xs" c="dimmed">
          Какую отметку за период предлагать: от указанного среднего балла и выше.
        </Text>
        <Table verticalSpacing={4} maw={480} data-testid="rounding-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>От среднего балла</Table.Th>
              <Table.Th>Отметка</Table.Th>
              {!disabled && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rounding.map((row, index) => (
              <Table.Tr key={index}>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`От среднего балла: строка ${index + 1}`}
                    value={row.fromAverage}
                    onChange={(v) => patchRow(index, { fromAverage: v })}
                    min={1}
                    max={5}
                    step={0.01}
                    decimalScale={2}
                    decimalSeparator=","
                    allowNegative={false}
                    disabled={disabled}
                    w={120}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Отметка: строка ${index + 1}`}
                    data={MARK_OPTIONS}
                    value={String(row.mark)}
                    onChange={(v) => v && patchRow(index, { mark: Number(v) })}
                    allowDeselect={false}
                    disabled={disabled}
                    w={90}
                  />
                </Table.Td>
                {!disabled && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Удалить строку округления ${index + 1}`}
                      onClick={() => setRounding((rows) => rows.filter((_, i) => i !== index))}
                      disabled={rounding.length <= 1}
                    >
                      Удалить
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {!disabled && (
          <Group>
            <Button
              size="xs"
              variant="default"
              onClick={() => setRounding((rows) => [...rows, { fromAverage: '', mark: Math.max(lowestMark, Math.min(...rows.map((r) => r.mark), 6) - 1) }])}
              disabled={rounding.length >= 5}
            >
              Добавить строку
            </Button>
          </Group>
        )}
      </Stack>
      <ErrorList messages={problems} testId="marks-problems" title="Настройки отметок не сохранены" />
      {canEdit && (
        <Group>
          <Button onClick={() => void save()} loading={isSaving} data-testid="marks-save">
            Сохранить настройки отметок
          </Button>
        </Group>
      )}
    </Stack>
  );
}

// --- attendance ---

function AttendanceTab({ codes }: { codes: Directories['attendanceCodes'] }) {
  return (
    <Stack gap="xs" maw={640}>
      <Table striped verticalSpacing={4} data-testid="attendance-codes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Код</Table.Th>
            <Table.Th>Значение</Table.Th>
            <Table.Th>Считается пропуском</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {codes.map((c) => (
            <Table.Tr key={c.code}>
              <Table.Td>
                <Badge variant="outline" color={c.isAbsence ? 'red' : 'yellow'}>
                  {c.code}
                </Badge>
              </Table.Td>
              <Table.Td>{c.label}</Table.Td>
              <Table.Td>{c.isAbsence ? 'да' : 'нет'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        Коды посещаемости установлены для всей школы и не меняются.
      </Text>
    </Stack>
  );
}
