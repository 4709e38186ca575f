// The panel of the selected lesson, under the grid: topic and homework (saved with the lesson's version), the
// lesson's mark columns (add, change weight, remove an empty one), homework files, and a test in the schedule.
// Escape anywhere in the panel goes back to the grid's cursor.

import { Alert, Anchor, Badge, Button, Group, NativeSelect, NumberInput, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../../shared/api/contract';
import { API_PREFIX } from '../../shared/api/endpoint';
import { ATTACHMENT_MAX_BYTES } from '../../shared/api/journal-schemas';
import { call, errorText } from '../api/client';
import { focusActiveCell } from './JournalGrid';
import { ruDate, type JournalKey, type Lesson } from './journal-model';
import { useJournal } from './journal-store';
import { fileToBase64 } from '../components/file-base64';

const ALLOWED_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'pptx', 'odt', 'doc', 'xls', 'rtf', 'txt'];

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} КБ`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`;
}

function backToGrid(event: KeyboardEvent<HTMLElement>) {
  if (event.key === 'Escape') {
    event.preventDefault();
    focusActiveCell();
  }
}

export function LessonPanel({ journalKey }: { journalKey: JournalKey }) {
  const selected = useJournal((s) => s.selectedLesson);
  const lesson = useJournal((s) => (s.selectedLesson ? s.lessons[s.selectedLesson] : undefined));
  const canEdit = useJournal((s) => s.page!.canEdit);
  if (!selected || !lesson) {
    return (
      <Paper withBorder p="md" className="journal-panel">
        <Text c="dimmed">Выберите урок: нажмите на дату в заголовке или встаньте на клетку урока.</Text>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="md" className="journal-panel" onKeyDown={backToGrid} data-testid="lesson-panel">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={4}>
            Урок {ruDate(lesson.date)}, {lesson.lessonNumber}-й
          </Title>
          <Group gap="xs">
            {lesson.teacherName && (
              <Text size="sm" c="dimmed">
                {lesson.isSubstitute ? 'Замена: ' : 'Учитель: '}
                {lesson.teacherName}
              </Text>
            )}
            {lesson.assessment && <Badge color="grape">Контрольная: {lesson.assessment}</Badge>}
          </Group>
        </Group>
        {!lesson.isEditable && lesson.lockReason && (
          <Text size="sm" c="orange">
            Отметки и посещаемость на этом уроке сейчас не изменить: {lesson.lockReason}.
          </Text>
        )}
        {canEdit ? (
          <TopicForm key={selected} journalKey={journalKey} lesson={lesson} />
        ) : (
          <Stack gap={4}>
            <Text size="sm">
              <b>Тема:</b> {lesson.topic ?? <span className="journal-plan">{lesson.planTopic ?? 'не указана'}</span>}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              <b>Домашнее задание:</b> {lesson.homework ?? 'не задано'}
            </Text>
          </Stack>
        )}
        <Attachments journalKey={journalKey} lesson={lesson} canEdit={canEdit} />
        {canEdit && <Columns key={`c${selected}`} journalKey={journalKey} lesson={lesson} />}
        {canEdit && <AssessmentForm key={`a${selected}`} journalKey={journalKey} lesson={lesson} />}
      </Stack>
    </Paper>
  );
}

function TopicForm({ journalKey, lesson }: { journalKey: JournalKey; lesson: Lesson }) {
  const [topic, setTopic] = useState(lesson.topic ?? '');
  const [homework, setHomework] = useState(lesson.homework ?? '');
  const [isDirty, setDirty] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'failed'; message?: string }>({ kind: 'idle' });
  // Someone else changed the lesson: show the new text unless the teacher is typing.
  const [shown, setShown] = useState({ topic: lesson.topic, homework: lesson.homework });
  if (!isDirty && (shown.topic !== lesson.topic || shown.homework !== lesson.homework)) {
    setShown({ topic: lesson.topic, homework: lesson.homework });
    setTopic(lesson.topic ?? '');
    setHomework(lesson.homework ?? '');
  }

  async function save(event?: FormEvent) {
    event?.preventDefault();
    const current = useJournal.getState().lessons[`${lesson.date}#${lesson.lessonNumber}`] ?? lesson;
    setState({ kind: 'saving' });
    try {
      const reply = await call(api.saveLesson, {
        params: journalKey,
        body: { date: lesson.date, lessonNumber: lesson.lessonNumber, topic: topic.trim() || null, homework: homework.trim() || null, version: current.version },
      });
      useJournal.getState().applyLesson(reply.lesson, reply.revision);
      setDirty(false);
      setState({ kind: 'saved' });
    } catch (error) {
      setState({ kind: 'failed', message: errorText(error) });
    }
  }

  return (
    <form onSubmit={(e) => void save(e)}>
      <Stack gap="xs">
        <TextInput
          id="journal-topic"
          label="Тема урока"
          placeholder={lesson.planTopic ? `По рабочей программе: ${lesson.planTopic}` : 'Тема урока'}
          value={topic}
          maxLength={500}
          onChange={(e) => {
            setTopic(e.currentTarget.value);
            setDirty(true);
            setState({ kind: 'idle' });
          }}
        />
        {!lesson.topic && lesson.planTopic && (
          <Text size="xs" c="dimmed">
            Тема по рабочей программе: «{lesson.planTopic}». Запишите её или свою.
          </Text>
        )}
        <Textarea
          id="journal-homework"
          label="Домашнее задание"
          autosize
          minRows={2}
          maxRows={6}
          maxLength={4000}
          value={homework}
          onChange={(e) => {
            setHomework(e.currentTarget.value);
            setDirty(true);
            setState({ kind: 'idle' });
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
          }}
        />
        <Group gap="sm">
          <Button type="submit" loading={state.kind === 'saving'}>
            Сохранить тему и задание
          </Button>
          {state.kind === 'saved' && (
            <Text size="sm" c="green" data-testid="lesson-saved">
              Сохранено
            </Text>
          )}
          {isDirty && state.kind === 'idle' && (
            <Text size="sm" c="orange">
              Не сохранено
            </Text>
          )}
        </Group>
        {state.kind === 'failed' && (
          <Alert color="red" data-testid="lesson-error">
            {state.message}
          </Alert>
        )}
      </Stack>
    </form>
  );
}

function Columns({ journalKey, lesson }: { journalKey: JournalKey; lesson: Lesson }) {
  const workTypes = useJournal((s) => s.page!.workTypes);
  const [workTypeId, setWorkTypeId] = useState(String(workTypes.find((w) => w.isWritten)?.id ?? workTypes[0]?.id ?? ''));
  const chosen = workTypes.find((w) => String(w.id) === workTypeId);
  const [weight, setWeight] = useState<number | string>(chosen?.defaultWeight ?? 1);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const nameOf = (id: number) => workTypes.find((w) => w.id === id)?.name ?? `Вид работы №${id}`;

  async function run(action: () => Promise<{ lesson: Lesson; revision: number }>) {
    setBusy(true);
    setError(null);
    try {
      const reply = await action();
      useJournal.getState().applyLesson(reply.lesson, reply.revision);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        Колонки отметок
      </Text>
      {lesson.columns.map((c) => (
        <Group key={c.position} gap="xs">
          <Text size="sm">
            {c.position}. {nameOf(c.workTypeId)}, вес {c.weight}
          </Text>
          {c.id !== null && lesson.columns.length > 1 && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              disabled={isBusy}
              onClick={() => void run(() => call(api.removeMarkColumn, { params: { ...journalKey, columnId: c.id! } }))}
            >
              Удалить колонку
            </Button>
          )}
        </Group>
      ))}
      {lesson.columns.length < 5 && (
        <Group align="end" gap="xs">
          <NativeSelect
            label="Вид работы"
            w={260}
            data={workTypes.map((w) => ({ value: String(w.id), label: `${w.name} (вес ${w.defaultWeight})` }))}
            value={workTypeId}
            onChange={(e) => {
              setWorkTypeId(e.currentTarget.value);
              setWeight(workTypes.find((w) => String(w.id) === e.currentTarget.value)?.defaultWeight ?? 1);
            }}
          />
          <NumberInput label="Вес" w={80} min={1} max={10} value={weight} onChange={setWeight} allowDecimal={false} />
          <Button
            variant="light"
            loading={isBusy}
            onClick={() =>
              void run(() =>
                call(api.addMarkColumn, {
                  params: journalKey,
                  body: { date: lesson.date, lessonNumber: lesson.lessonNumber, workTypeId: Number(workTypeId), weight: Number(weight) || undefined },
                }),
              )
            }
          >
            Добавить колонку
          </Button>
        </Group>
      )}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}

function Attachments({ journalKey, lesson, canEdit }: { journalKey: JournalKey; lesson: Lesson; canEdit: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function upload(file: File) {
    setError(null);
    const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
    if (!ALLOWED_EXTENSIONS.includes(extension)) {
      setError(`Файл «${file.name}» не принят: можно прикрепить ${ALLOWED_EXTENSIONS.join(', ')}`);
      return;
    }
    if (file.size > ATTACHMENT_MAX_BYTES) {
      setError(`Файл «${file.name}» больше 10 МБ`);
      return;
    }
    setBusy(true);
    try {
      const contentBase64 = await fileToBase64(file);
      const reply = await call(api.attachFile, { params: journalKey, body: { date: lesson.date, lessonNumber: lesson.lessonNumber, fileName: file.name, contentBase64 } });
      useJournal.getState().applyLesson(reply.lesson, reply.revision);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove(attachmentId: number) {
    setError(null);
    try {
      const reply = await call(api.removeAttachment, { params: { ...journalKey, attachmentId } });
      useJournal.getState().applyLesson(reply.lesson, reply.revision);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        Файлы к домашнему заданию
      </Text>
      {lesson.attachments.length === 0 && (
        <Text size="sm" c="dimmed">
          Файлов нет.
        </Text>
      )}
      {lesson.attachments.map((a) => (
        <Group key={a.id} gap="xs">
          <Anchor href={`${API_PREFIX}/attachments/${a.id}`} download={a.fileName} size="sm">
            {a.fileName}
          </Anchor>
          <Text size="xs" c="dimmed">
            {sizeText(a.size)}
          </Text>
          {canEdit && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(a.id)}>
              Удалить файл
            </Button>
          )}
        </Group>
      ))}
      {canEdit && (
        <label className="journal-file">
          <span>Прикрепить файл (до 10 МБ: pdf, docx, xlsx, pptx, odt, rtf, txt, png, jpg)</span>
          <input
            type="file"
            disabled={isBusy}
            accept={ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',')}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void upload(file);
            }}
          />
        </label>
      )}
      {isBusy && (
        <Text size="sm" c="dimmed">
          Файл загружается…
        </Text>
      )}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}

function AssessmentForm({ journalKey, lesson }: { journalKey: JournalKey; lesson: Lesson }) {
  const workTypes = useJournal((s) => s.page!.workTypes);
  const written = workTypes.filter((w) => w.isWritten);
  const [workTypeId, setWorkTypeId] = useState(String(written[0]?.id ?? workTypes[0]?.id ?? ''));
  const [title, setTitle] = useState('');
  const [result, setResult] = useState<{ ok: boolean; messages: string[] } | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    try {
      const reply = await call(api.journalAssessments, { params: journalKey, body: { date: lesson.date, workTypeId: Number(workTypeId), title: title.trim() } });
      setTitle('');
      setResult({ ok: true, messages: [`Контрольная «${reply.assessment.title}» внесена в график на ${ruDate(reply.assessment.date)}`, ...reply.warnings] });
    } catch (e) {
      setResult({ ok: false, messages: [errorText(e)] });
    }
  }

  return (
    <form onSubmit={(e) => void add(e)}>
      <Stack gap={6}>
        <Text fw={600} size="sm">
          Контрольная работа в этот день
        </Text>
        <Group align="end" gap="xs">
          <NativeSelect
            label="Вид работы"
            w={220}
            data={(written.length > 0 ? written : workTypes).map((w) => ({ value: String(w.id), label: w.name }))}
            value={workTypeId}
            onChange={(e) => setWorkTypeId(e.currentTarget.value)}
          />
          <TextInput label="Тема работы" w={260} value={title} maxLength={200} onChange={(e) => setTitle(e.currentTarget.value)} />
          <Button type="submit" variant="light" disabled={title.trim() === ''}>
            Внести в график
          </Button>
        </Group>
        {result &&
          result.messages.map((m, i) => (
            <Text key={i} size="sm" c={!result.ok ? 'red' : i === 0 ? 'green' : 'orange'}>
              {m}
            </Text>
          ))}
      </Stack>
    </form>
  );
}
