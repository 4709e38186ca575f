// Work programs and thematic plans (3.4): the ordered topics of a subject at a class level in a
// school year. A teacher edits the programs of what they teach (or loads them from XLSX/CSV);
// everyone else on staff reads them. The journal takes lessons' default topics from them in order.

import {
  ActionIcon,
  Alert,
  Autocomplete,
  Badge,
  Button,
  FileButton,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import type { Me } from '../../shared/api/schemas';
import { MAX_ASSESSMENT, MAX_TOPIC_HOURS, MAX_TOPIC_TITLE, MAX_TOPICS, totalHours } from '../../shared/api/work-program-schemas';
import { roleGrants } from '../../shared/domain/permissions';
import { ApiError, call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { saveFile } from '../components/save-file';
import { useQuery } from '../stores/use-query';
import { fileToBase64 } from '../components/file-base64';
import { YearSelect } from '../components/YearSelect';

type Subject = ResponseOf<typeof api.directories>['subjects'][number];
type ProgramList = ResponseOf<typeof api.listWorkPrograms>;
type Program = ResponseOf<typeof api.getWorkProgram>;
type ImportReport = ResponseOf<typeof api.importWorkProgram>;

interface Scope {
  subjectId: number;
  level: number;
}

const LEVELS = Array.from({ length: 11 }, (_, i) => i + 1);
/** Suggestions only: any wording the school uses is accepted. */
const ASSESSMENT_SUGGESTIONS = [
  'Контрольная работа',
  'Проверочная работа',
  'Диктант',
  'Изложение',
  'Сочинение',
  'Тест',
  'Зачёт',
  'Практическая работа',
  'Лабораторная работа',
];

export function WorkProgramsPage({ me }: { me: Me }) {
  // The role decides whether editing controls exist at all; the server also says per program whether this teacher teaches it.
  const mayEditRole = roleGrants(me.user.roles, 'workProgram.edit');
  const base = useQuery(async () => {
    const [years, directories] = await Promise.all([call(api.listYears), call(api.directories)]);
    return { years: years.years, subjects: directories.subjects };
  }, []);
  const [pickedYear, setPickedYear] = useState<string | null>(null);

  return (
    <>
      <Title order={2} mb="md">
        Рабочие программы и тематическое планирование
      </Title>
      <QueryView query={base}>
        {(data) => {
          if (data.years.length === 0) return <Alert color="yellow">Учебные годы ещё не созданы.</Alert>;
          const current = data.years.find((y) => y.isCurrent) ?? data.years[data.years.length - 1];
          const yearId = pickedYear ?? (current ? String(current.id) : null);
          return (
            <Stack>
              <YearSelect years={data.years} value={yearId} onChange={setPickedYear} />
              {yearId && <YearPrograms key={yearId} yearId={Number(yearId)} subjects={data.subjects} mayEditRole={mayEditRole} />}
            </Stack>
          );
        }}
      </QueryView>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The year: what this teacher teaches, the programs already written, and the chosen one

function YearPrograms({ yearId, subjects, mayEditRole }: { yearId: number; subjects: Subject[]; mayEditRole: boolean }) {
  const list = useQuery(() => call(api.listWorkPrograms, { query: { yearId } }), [yearId]);
  const [picked, setPicked] = useState<Scope | null>(null);
  return (
    <QueryView query={list}>
      {(data) => {
        // A teacher starts on what they teach; others on the first program written.
        const scope = picked ?? data.teaching[0] ?? data.programs[0] ?? null;
        return (
          <Stack>
            <ScopePicker subjects={subjects} list={data} scope={scope} onPick={setPicked} />
            {scope ? (
              <ProgramView
                key={`${scope.subjectId}:${scope.level}`}
                yearId={yearId}
                scope={scope}
                mayEditRole={mayEditRole}
                onSaved={list.reload}
              />
            ) : (
              <Alert color="gray">Выберите предмет и параллель.</Alert>
            )}
            <ProgramsOfYear list={data} current={scope} onPick={setPicked} />
          </Stack>
        );
      }}
    </QueryView>
  );
}

const sameScope = (a: Scope | null, b: Scope) => a !== null && a.subjectId === b.subjectId && a.level === b.level;

function ScopePicker({
  subjects,
  list,
  scope,
  onPick,
}: {
  subjects: Subject[];
  list: ProgramList;
  scope: Scope | null;
  onPick(scope: Scope): void;
}) {
  const written = new Set(list.programs.map((p) => p.subjectId));
  const options = subjects.filter((s) => !s.isArchived || written.has(s.id)).map((s) => ({ value: String(s.id), label: s.name }));
  return (
    <Stack gap="xs">
      {list.teaching.length > 0 && (
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            Мои предметы:
          </Text>
          {list.teaching.map((t) => (
            <Button
              key={`${t.subjectId}:${t.level}`}
              size="compact-sm"
              variant={sameScope(scope, t) ? 'filled' : 'light'}
              onClick={() => onPick({ subjectId: t.subjectId, level: t.level })}
            >
              {t.subjectName}, {t.level} кл.
            </Button>
          ))}
        </Group>
      )}
      <Group align="end">
        <Select
          label="Предмет"
          w={280}
          searchable
          nothingFoundMessage="Нет такого предмета"
          data={options}
          value={scope ? String(scope.subjectId) : null}
          onChange={(v) => v && onPick({ subjectId: Number(v), level: scope?.level ?? 1 })}
          allowDeselect={false}
        />
        <Select
          label="Параллель"
          w={130}
          data={LEVELS.map((l) => ({ value: String(l), label: `${l} класс` }))}
          value={scope ? String(scope.level) : null}
          onChange={(v) => v && onPick({ subjectId: scope?.subjectId ?? Number(options[0]?.value ?? 0), level: Number(v) })}
          allowDeselect={false}
          disabled={options.length === 0}
        />
      </Group>
    </Stack>
  );
}

function ProgramsOfYear({ list, current, onPick }: { list: ProgramList; current: Scope | null; onPick(scope: Scope): void }) {
  return (
    <Stack gap="xs" mt="lg">
      <Title order={3}>Программы этого года</Title>
      {list.programs.length === 0 ? (
        <Text size="sm" c="dimmed">
          Пока ни одной программы.
        </Text>
      ) : (
        <Table striped highlightOnHover data-testid="work-program-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Параллель</Table.Th>
              <Table.Th>Предмет</Table.Th>
              <Table.Th ta="right">Тем</Table.Th>
              <Table.Th ta="right">Часов</Table.Th>
              <Table.Th>Автор</Table.Th>
              <Table.Th>Изменена</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.programs.map((p) => (
              <Table.Tr
                key={`${p.subjectId}:${p.level}`}
                style={{ cursor: 'pointer' }}
                bg={sameScope(current, p) ? 'var(--mantine-color-blue-light)' : undefined}
                onClick={() => onPick({ subjectId: p.subjectId, level: p.level })}
              >
                <Table.Td>{p.level}</Table.Td>
                <Table.Td>{p.subjectName}</Table.Td>
                <Table.Td ta="right">{p.topicCount}</Table.Td>
                <Table.Td ta="right">{p.totalHours}</Table.Td>
                <Table.Td>{p.authorName ?? '—'}</Table.Td>
                <Table.Td>{new Date(p.updatedAt).toLocaleString('ru-RU')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// One program: the topic editor (or the read-only list) and the import from a file

function ProgramView({
  yearId,
  scope,
  mayEditRole,
  onSaved,
}: {
  yearId: number;
  scope: Scope;
  mayEditRole: boolean;
  onSaved(): void;
}) {
  const params = { yearId, subjectId: scope.subjectId, level: scope.level };
  const query = useQuery(() => call(api.getWorkProgram, { params }), [yearId, scope.subjectId, scope.level]);
  const changed = () => {
    query.reload();
    onSaved();
  };
  return (
    <QueryView query={query}>
      {(program) => (
        <Paper withBorder p="md">
          <Stack>
            <Group justify="space-between">
              <Title order={3}>
                {program.subjectName}, {program.level} класс
              </Title>
              <Text size="sm" c="dimmed" data-testid="work-program-meta">
                {program.version === 0
                  ? 'Программа ещё не составлена'
                  : `Версия ${program.version}${program.authorName ? `, ${program.authorName}` : ''}${program.updatedAt ? `, ${new Date(program.updatedAt).toLocaleString('ru-RU')}` : ''}`}
              </Text>
            </Group>
            {mayEditRole && !program.canEdit && (
              <Alert color="gray">
                Вы не преподаёте этот предмет в этой параллели по нагрузке этого года: программу можно только просмотреть.
              </Alert>
            )}
            {program.canEdit ? (
              <>
                {/* Editable state starts from the loaded program; a newer version on the server starts it afresh. */}
                <TopicEditor key={program.version} program={program} onSaved={changed} onReload={query.reload} />
                <ImportPanel program={program} onCommitted={changed} />
              </>
            ) : (
              <TopicList program={program} />
            )}
          </Stack>
        </Paper>
      )}
    </QueryView>
  );
}

function TopicList({ program }: { program: Program }) {
  if (program.topics.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Тем нет.
      </Text>
    );
  return (
    <Table striped withTableBorder data-testid="work-program-topics">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={50}>№</Table.Th>
          <Table.Th>Тема</Table.Th>
          <Table.Th ta="right">Часов</Table.Th>
          <Table.Th>Контрольная работа</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {program.topics.map((t) => (
          <Table.Tr key={t.position}>
            <Table.Td>{t.position}</Table.Td>
            <Table.Td>{t.title}</Table.Td>
            <Table.Td ta="right">{t.hours}</Table.Td>
            <Table.Td>{t.plannedAssessment ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <TotalsFooter count={program.topics.length} hours={totalHours(program.topics)} />
    </Table>
  );
}

function TotalsFooter({ count, hours }: { count: number; hours: number }) {
  return (
    <Table.Tfoot>
      <Table.Tr>
        <Table.Th />
        <Table.Th data-testid="work-program-totals">
          Тем: {count}, часов: {hours}
        </Table.Th>
        <Table.Th />
        <Table.Th />
      </Table.Tr>
    </Table.Tfoot>
  );
}

interface Row {
  key: number;
  title: string;
  /** null while the field is empty: saved as 1 hour. */
  hours: number | null;
  plannedAssessment: string;
}

/** The list with one row moved by `delta` places (kept in bounds). */
function moved<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (target < 0 || target >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item!);
  return copy;
}

function TopicEditor({ program, onSaved, onReload }: { program: Program; onSaved(): void; onReload(): void }) {
  const [rows, setRows] = useState<Row[]>(() =>
    program.topics.map((t, index) => ({
      key: index,
      title: t.title,
      hours: t.hours,
      plannedAssessment: t.plannedAssessment ?? '',
    })),
  );
  const nextKey = useRef(program.topics.length);
  const [isDirty, setDirty] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const [showMissing, setShowMissing] = useState(false);
  const [error, setError] = useState<{ text: string; isStale: boolean } | null>(null);

  function change(next: Row[]) {
    setRows(next);
    setDirty(true);
  }
  const update = (key: number, patch: Partial<Row>) => change(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const addRow = () => change([...rows, { key: nextKey.current++, title: '', hours: 1, plannedAssessment: '' }]);

  async function save() {
    const untitled = rows.filter((r) => r.title.trim() === '').length;
    if (untitled > 0) {
      setShowMissing(true);
      setError({
        text: `Не сохранено: у ${untitled} ${untitled === 1 ? 'строки' : 'строк'} не указана тема. Заполните или удалите их.`,
        isStale: false,
      });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await call(api.saveWorkProgram, {
        params: { yearId: program.yearId, subjectId: program.subjectId, level: program.level },
        body: {
          version: program.version,
          topics: rows.map((r) => ({
            title: r.title,
            hours: r.hours ?? 1,
            plannedAssessment: r.plannedAssessment.trim() === '' ? null : r.plannedAssessment,
          })),
        },
      });
      setDirty(false);
      notifications.show({ color: 'green', message: 'Тематическое планирование сохранено' });
      onSaved();
    } catch (e) {
      setError({ text: errorText(e), isStale: e instanceof ApiError && e.status === 409 });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Темы в порядке прохождения: журнал подставляет темы уроков по этому порядку. «Часов» — сколько уроков отводится на тему.
      </Text>
      <Table.ScrollContainer minWidth={800}>
        <Table striped data-testid="work-program-editor">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={50}>№</Table.Th>
              <Table.Th>Тема</Table.Th>
              <Table.Th w={100}>Часов</Table.Th>
              <Table.Th w={230}>Контрольная работа</Table.Th>
              <Table.Th w={120} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text size="sm" c="dimmed">
                    Тем пока нет: добавьте их или загрузите из файла.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((r, index) => (
              <Table.Tr key={r.key}>
                <Table.Td>{index + 1}</Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Тема ${index + 1}`}
                    placeholder="Тема"
                    maxLength={MAX_TOPIC_TITLE}
                    error={showMissing && r.title.trim() === ''}
                    value={r.title}
                    onChange={(e) => update(r.key, { title: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    w={80}
                    aria-label={`Часов, тема ${index + 1}`}
                    min={1}
                    max={MAX_TOPIC_HOURS}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="strict"
                    value={r.hours ?? ''}
                    onChange={(v) => update(r.key, { hours: typeof v === 'number' ? v : v === '' ? null : Number(v) || null })}
                  />
                </Table.Td>
                <Table.Td>
                  <Autocomplete
                    size="xs"
                    aria-label={`Контрольная работа, тема ${index + 1}`}
                    placeholder="нет"
                    maxLength={MAX_ASSESSMENT}
                    data={ASSESSMENT_SUGGESTIONS}
                    value={r.plannedAssessment}
                    onChange={(value) => update(r.key, { plannedAssessment: value })}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Выше, тема ${index + 1}`}
                      disabled={index === 0}
                      onClick={() => change(moved(rows, index, -1))}
                    >
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Ниже, тема ${index + 1}`}
                      disabled={index === rows.length - 1}
                      onClick={() => change(moved(rows, index, 1))}
                    >
                      ↓
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Удалить тему ${index + 1}`}
                      onClick={() => change(rows.filter((x) => x.key !== r.key))}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <TotalsFooter count={rows.length} hours={totalHours(rows.map((r) => ({ hours: r.hours ?? 1 })))} />
        </Table>
      </Table.ScrollContainer>
      {error && (
        <Alert color="red" role="alert">
          <Stack gap="xs">
            <Text size="sm">{error.text}</Text>
            {error.isStale && (
              <Group>
                <Button size="xs" variant="default" onClick={onReload}>
                  Загрузить сохранённую версию
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      <Group>
        <Button variant="default" onClick={addRow} disabled={rows.length >= MAX_TOPICS}>
          Добавить тему
        </Button>
        <Button onClick={() => void save()} loading={isSaving}>
          Сохранить
        </Button>
        {isDirty && (
          <Text size="sm" c="orange">
            Есть несохранённые изменения
          </Text>
        )}
        {rows.length >= MAX_TOPICS && (
          <Badge color="orange" variant="light">
            Не больше {MAX_TOPICS} тем
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

function ImportPanel({ program, onCommitted }: { program: Program; onCommitted(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function run(commit: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call(api.importWorkProgram, {
        params: { yearId: program.yearId, subjectId: program.subjectId, level: program.level },
        body: { fileName: file.name, contentBase64: await fileToBase64(file), commit, version: program.version },
      });
      setReport(result);
      if (result.isCommitted) {
        notifications.show({ color: 'green', message: `Загружено тем: ${result.topics.length}` });
        onCommitted();
      }
    } catch (e) {
      setReport(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  function downloadTemplate() {
    call(api.workProgramTemplate).then(
      (blob) => saveFile(blob, 'шаблон-тематическое-планирование.xlsx'),
      (e: unknown) => setError(errorText(e)),
    );
  }

  return (
    <Paper withBorder p="sm" mt="md">
      <Stack gap="xs">
        <Text fw={500}>Загрузка из файла</Text>
        <Text size="sm" c="dimmed">
          XLSX или CSV (UTF-8 или Windows-1251) со столбцами «Тема», «Часы» (пусто — 1 час) и «Контрольная работа». Сначала файл
          проверяется; запись заменяет весь список тем и выполняется, только если ошибок нет.
        </Text>
        <Group>
          <Button variant="default" onClick={downloadTemplate}>
            Скачать шаблон
          </Button>
          <FileButton
            onChange={(f) => {
              setFile(f);
              setReport(null);
            }}
            accept=".xlsx,.csv,.txt"
          >
            {(props) => (
              <Button variant="light" {...props}>
                {file ? `Файл: ${file.name}` : 'Выбрать файл'}
              </Button>
            )}
          </FileButton>
          <Button disabled={!file} loading={isBusy} onClick={() => void run(false)}>
            Проверить
          </Button>
          <Button
            color="green"
            disabled={!report || report.problems.length > 0 || report.isCommitted || report.validRows === 0}
            loading={isBusy}
            onClick={() => void run(true)}
          >
            Записать
          </Button>
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {report && <ImportReportView report={report} />}
      </Stack>
    </Paper>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <Stack gap="xs" data-testid="work-program-import-report">
      <Text size="sm">
        Строк в файле: {report.totalRows}; без ошибок: {report.validRows}; ошибок: {report.problems.length}.
        {report.isCommitted
          ? ' Записано.'
          : report.problems.length > 0
            ? ' Ничего не записано: исправьте файл и проверьте снова.'
            : ` Можно записывать: тем ${report.topics.length}, часов ${totalHours(report.topics)}.`}
      </Text>
      {report.ignoredColumns.length > 0 && (
        <Text size="sm" c="orange">
          Не используются столбцы: {report.ignoredColumns.join(', ')}
        </Text>
      )}
      {!report.isCommitted &&
        report.notes.map((note) => (
          <Text size="sm" c="orange" key={note}>
            {note}
          </Text>
        ))}
      {report.problems.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Строка</Table.Th>
              <Table.Th>Столбец</Table.Th>
              <Table.Th>Ошибка</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.problems.map((p, i) => (
              <Table.Tr key={i}>
                <Table.Td>{p.rowNumber}</Table.Td>
                <Table.Td>{p.column}</Table.Td>
                <Table.Td>{p.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
