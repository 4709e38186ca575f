// The diary (3.7) of one pupil, for a parent or the pupil: the week's lessons with topic, homework, files,
// marks and attendance, and the period's marks by subject with the average and what is needed for a 5 or a 4.
// A parent also presses «Ознакомлен», reports a planned absence (the lessons it covers are marked in the week) and
// switches between their children: the page is keyed by the pupil, so one child's data never shows under another.

import { Alert, Anchor, Badge, Button, Card, Chip, Group, Modal, SegmentedControl, Select, Stack, Table, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api/contract';
import { NOTICE_REASON_LABELS, NOTICE_REASONS } from '../../shared/api/diary-schemas';
import type { ResponseOf } from '../../shared/api/endpoint';
import { API_PREFIX } from '../../shared/api/endpoint';
import { addDays, formatDateRu } from '../../shared/domain/calendar';
import { formatAverage } from '../../shared/domain/marks';
import { ApiError, call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useSession } from '../stores/session-store';
import { useQuery } from '../stores/use-query';
import { RuDateInput } from './ControlPage';

type Week = ResponseOf<typeof api.diaryWeek>;
type Marks = ResponseOf<typeof api.studentMarks>;
type Notice = ResponseOf<typeof api.studentNotices>['notices'][number];
type Child = ResponseOf<typeof api.myChildren>['children'][number];
type ReasonCategory = (typeof NOTICE_REASONS)[number];

const ATTENDANCE_TEXT: Record<string, string> = {
  Н: 'Отсутствовал',
  Б: 'Отсутствовал по болезни',
  УП: 'Отсутствовал по уважительной причине',
  НП: 'Отсутствовал без уважительной причины',
  ОП: 'Опоздал',
};

function markColor(value: string): string {
  if (value === '5') return 'green';
  if (value === '4') return 'teal';
  if (value === '3') return 'yellow';
  if (value === '2' || value === '1') return 'red';
  return 'gray';
}

function howManyFives(n: number | null): string {
  if (n === null) return 'недостижимо';
  if (n === 0) return 'уже есть';
  return `ещё ${n} × «5»`;
}

export function DiaryPage() {
  const studentId = Number(useParams().studentId);
  const me = useSession((s) => s.me);
  const children = useQuery(() => call(api.myChildren), []);
  const own = children.data?.children ?? [];
  const isParent = (me?.user.roles.includes('parent') ?? false) && own.some((c) => c.id === studentId);
  return (
    <Stack>
      {isParent && own.length > 1 && <ChildSwitcher childList={own} studentId={studentId} />}
      <StudentDiary key={studentId} studentId={studentId} isParent={isParent} />
    </Stack>
  );
}

function ChildSwitcher({ childList, studentId }: { childList: Child[]; studentId: number }) {
  const navigate = useNavigate();
  return (
    <SegmentedControl
      aria-label="Ребёнок"
      data-testid="child-switcher"
      value={String(studentId)}
      onChange={(v) => void navigate(`/diary/${v}`)}
      data={childList.map((c) => ({ value: String(c.id), label: `${c.firstName} ${c.lastName}${c.className ? `, ${c.className}` : ''}` }))}
    />
  );
}

function StudentDiary({ studentId, isParent }: { studentId: number; isParent: boolean }) {
  const [view, setView] = useState<'week' | 'marks'>('week');
  // A notification links to the week of its lesson (?date=YYYY-MM-DD).
  const [searchParams] = useSearchParams();
  const [week, setWeek] = useState<string | null>(() => (/^\d{4}-\d{2}-\d{2}$/.test(searchParams.get('date') ?? '') ? searchParams.get('date') : null));
  const [periodId, setPeriodId] = useState<number | null>(null);
  const weekQuery = useQuery(() => call(api.diaryWeek, { params: { studentId }, query: week ? { date: week } : {} }), [studentId, week]);
  const marksQuery = useQuery(
    () => (view === 'marks' ? call(api.studentMarks, { params: { studentId }, query: periodId ? { periodId } : {} }) : Promise.resolve(null)),
    [studentId, view, periodId],
  );
  const weekStart = weekQuery.data?.weekStart ?? null;
  // The notices of the week shown (to mark the lessons they cover).
  const weekNotices = useQuery(
    () => (weekStart ? call(api.studentNotices, { params: { studentId }, query: { from: weekStart, to: addDays(weekStart, 6) } }) : Promise.resolve({ notices: [] })),
    [studentId, weekStart],
  );
  const header = weekQuery.data?.student;
  const today = weekQuery.data?.today ?? null;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          Дневник{header ? `: ${header.name}${header.className ? `, ${header.className} класс` : ''}` : ''}
        </Title>
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v as 'week' | 'marks')}
          data={[
            { value: 'week', label: 'Неделя' },
            { value: 'marks', label: 'Отметки по предметам' },
          ]}
        />
      </Group>
      {isParent && today && (
        <ParentPanel studentId={studentId} today={today} lastAcknowledgedAt={weekQuery.data?.lastAcknowledgedAt ?? null} onNoticesChanged={weekNotices.reload} />
      )}
      {view === 'week' ? (
        <QueryView query={weekQuery}>{(data) => <WeekView data={data} studentId={studentId} notices={weekNotices.data?.notices ?? []} onWeek={setWeek} />}</QueryView>
      ) : (
        <QueryView query={marksQuery}>{(data) => (data ? <MarksView data={data} onPeriod={setPeriodId} /> : null)}</QueryView>
      )}
    </Stack>
  );
}

// --- what a parent does: «Ознакомлен» and planned-absence notices (3.7) ---

const STATUS: Record<Notice['status'], { label: string; color: string }> = {
  pending: { label: 'ожидает решения', color: 'yellow' },
  confirmed: { label: 'подтверждено', color: 'green' },
  rejected: { label: 'отклонено', color: 'red' },
  cancelled: { label: 'отменено', color: 'gray' },
};

function formatMoment(iso: string): string {
  const at = new Date(iso);
  return `${at.toLocaleDateString('ru-RU')} ${at.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' })}`;
}

function noticeWhen(n: Pick<Notice, 'fromDate' | 'toDate' | 'lessonNumbers'>): string {
  const dates = n.fromDate === n.toDate ? formatDateRu(n.fromDate) : `${formatDateRu(n.fromDate)} – ${formatDateRu(n.toDate)}`;
  return n.lessonNumbers ? `${dates}, уроки ${n.lessonNumbers.join(', ')}` : `${dates}, весь день`;
}

function ParentPanel({
  studentId,
  today,
  lastAcknowledgedAt,
  onNoticesChanged,
}: {
  studentId: number;
  today: string;
  lastAcknowledgedAt: string | null;
  onNoticesChanged(): void;
}) {
  const [pressedAt, setAcknowledgedAt] = useState<string | null>(null);
  // The press just made, else the last one the server remembers for this parent.
  const acknowledgedAt = pressedAt ?? lastAcknowledgedAt;
  const [isSaving, setSaving] = useState(false);
  const [isFormOpen, setFormOpen] = useState(false);
  const range = { from: addDays(today, -30), to: addDays(today, 90) };
  const notices = useQuery(() => call(api.studentNotices, { params: { studentId }, query: range }), [studentId, range.from, range.to]);
  const changed = () => {
    notices.reload();
    onNoticesChanged();
  };

  const acknowledge = async () => {
    setSaving(true);
    try {
      const result = await call(api.acknowledgeDiary, { params: { studentId }, body: {} });
      setAcknowledgedAt(result.acknowledgedAt);
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      setSaving(false);
    }
  };
  const cancel = async (n: Notice) => {
    try {
      await call(api.cancelNotice, { params: { studentId, noticeId: n.id }, body: { version: n.version } });
      notifications.show({ message: 'Сообщение о пропуске отменено' });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    }
    changed();
  };

  return (
    <Card withBorder padding="sm" data-testid="parent-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="sm">
            <Button onClick={() => void acknowledge()} loading={isSaving} color="green" variant={acknowledgedAt ? 'light' : 'filled'}>
              Ознакомлен
            </Button>
            {acknowledgedAt ? (
              <Text size="sm" c="green" data-testid="acknowledged-at">
                ✓ Вы ознакомились с дневником {formatMoment(acknowledgedAt)}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                Классный руководитель увидит, что вы ознакомились с дневником.
              </Text>
            )}
          </Group>
          <Button variant="light" onClick={() => setFormOpen(true)}>
            Сообщить о пропуске
          </Button>
        </Group>
        <QueryView query={notices}>
          {(data) =>
            data.notices.length === 0 ? null : (
              <Table aria-label="Сообщения о пропусках" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Сообщение о пропуске</Table.Th>
                    <Table.Th>Причина</Table.Th>
                    <Table.Th>Состояние</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.notices.map((n) => (
                    <Table.Tr key={n.id} data-testid="notice-row">
                      <Table.Td>{noticeWhen(n)}</Table.Td>
                      <Table.Td>
                        {NOTICE_REASON_LABELS[n.reasonCategory]}
                        {n.comment ? <Text size="xs" c="dimmed">{n.comment}</Text> : null}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS[n.status].color} variant="light">
                          {STATUS[n.status].label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {n.status === 'pending' && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => void cancel(n)}>
                            Отменить
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryView>
      </Stack>
      <Modal opened={isFormOpen} onClose={() => setFormOpen(false)} title="Сообщить о пропуске" size="lg">
        {isFormOpen && (
          <NoticeForm
            studentId={studentId}
            today={today}
            onDone={() => {
              setFormOpen(false);
              changed();
            }}
          />
        )}
      </Modal>
    </Card>
  );
}

const LESSON_CHOICES = ['1', '2', '3', '4', '5', '6', '7', '8'];

function NoticeForm({ studentId, today, onDone }: { studentId: number; today: string; onDone(): void }) {
  const [fromDate, setFromDate] = useState(today);
  const [toDate, setToDate] = useState(today);
  const [lessons, setLessons] = useState<string[]>([]);
  const [reason, setReason] = useState<ReasonCategory | null>(null);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return setProblem('Выберите причину');
    setSaving(true);
    setProblem(null);
    try {
      await call(api.createNotice, {
        params: { studentId },
        body: { fromDate, toDate, reasonCategory: reason, lessonNumbers: lessons.length > 0 ? lessons.map(Number) : null, comment: comment.trim() || null },
      });
      notifications.show({ color: 'green', message: 'Сообщение отправлено классному руководителю' });
      onDone();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : errorText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack>
        <Group>
          <RuDateInput label="С даты" value={fromDate} onChange={(d) => {
            setFromDate(d);
            if (toDate < d) setToDate(d);
          }} />
          <RuDateInput label="По дату" value={toDate} onChange={setToDate} />
        </Group>
        <div>
          <Text size="sm" fw={500}>
            Уроки (если ребёнок пропустит не весь день)
          </Text>
          <Chip.Group multiple value={lessons} onChange={setLessons}>
            <Group gap={6} mt={4}>
              {LESSON_CHOICES.map((n) => (
                <Chip key={n} value={n} size="sm">
                  {n} урок
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <Text size="xs" c="dimmed" mt={4}>
            {lessons.length === 0 ? 'Не выбрано: пропуск на весь день.' : `Только уроки ${[...lessons].sort((a, b) => Number(a) - Number(b)).join(', ')}.`}
          </Text>
        </div>
        <Select
          label="Причина"
          placeholder="Выберите"
          required
          value={reason}
          onChange={(v) => setReason(v as ReasonCategory | null)}
          data={NOTICE_REASONS.map((r) => ({ value: r, label: NOTICE_REASON_LABELS[r] }))}
          description="Только категория причины: диагноз и подробности о здоровье не указывайте."
          allowDeselect={false}
        />
        <Textarea label="Комментарий" maxLength={500} autosize minRows={2} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
        {problem && <Alert color="red">{problem}</Alert>}
        <Group justify="end">
          <Button type="submit" loading={isSaving}>
            Отправить классному руководителю
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function WeekView({ data, studentId, notices, onWeek }: { data: Week; studentId: number; notices: readonly Notice[]; onWeek: (date: string) => void }) {
  const noticeOf = (date: string, lessonNumber: number) =>
    notices.find((n) => (n.status === 'pending' || n.status === 'confirmed') && n.fromDate <= date && date <= n.toDate && (n.lessonNumbers === null || n.lessonNumbers.includes(lessonNumber)));
  return (
    <Stack>
      <Group>
        <Button variant="default" onClick={() => onWeek(addDays(data.weekStart, -7))}>
          ← Предыдущая неделя
        </Button>
        <Text fw={600}>
          {formatDateRu(data.weekStart)} – {formatDateRu(addDays(data.weekStart, 6))}
        </Text>
        <Button variant="default" onClick={() => onWeek(addDays(data.weekStart, 7))}>
          Следующая неделя →
        </Button>
        <Button variant="subtle" onClick={() => onWeek(data.today)}>
          Сегодня
        </Button>
      </Group>
      {data.days.map((day) => (
        <Card key={day.date} withBorder padding="sm" style={day.isToday ? { borderColor: 'var(--mantine-color-blue-6)', borderWidth: 2 } : undefined} data-testid={`diary-day-${day.date}`}>
          <Group justify="space-between" mb="xs">
            <Text fw={700}>
              {day.weekdayName}, {formatDateRu(day.date)}
            </Text>
            {day.isToday && <Badge>Сегодня</Badge>}
          </Group>
          {day.lessons.length === 0 ? (
            <Text c="dimmed">Уроков нет</Text>
          ) : (
            <Table verticalSpacing={4} aria-label={`Уроки ${formatDateRu(day.date)}`}>
              <Table.Tbody>
                {day.lessons.map((l) => (
                  <Table.Tr key={`${l.lessonNumber}-${l.subjectId}`}>
                    <Table.Td w={90}>
                      <Text size="sm">
                        {l.lessonNumber}. {l.startsAt ?? ''}
                      </Text>
                    </Table.Td>
                    <Table.Td w={200}>
                      <Text fw={600}>{l.subjectName}</Text>
                      {l.assessment && (
                        <Badge size="xs" color="grape" variant="light">
                          {l.assessment}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <NoticeMark notice={noticeOf(day.date, l.lessonNumber)} />
                      {l.topic && <Text size="sm">Тема: {l.topic}</Text>}
                      {l.homework && <Text size="sm">Задание: {l.homework}</Text>}
                      {l.attachments.map((a) => (
                        <Anchor key={a.id} size="sm" href={`${API_PREFIX}/students/${studentId}/attachments/${a.id}`} mr="sm">
                          📎 {a.fileName}
                        </Anchor>
                      ))}
                    </Table.Td>
                    <Table.Td w={160}>
                      <Group gap={4}>
                        {l.attendance && (
                          <Tooltip label={ATTENDANCE_TEXT[l.attendance] ?? l.attendance}>
                            <Badge color="orange" variant="outline">
                              {l.attendance}
                            </Badge>
                          </Tooltip>
                        )}
                        {l.marks.map((m, i) => (
                          <Tooltip key={i} label={`${m.workType}, вес ${m.weight}${m.comment ? `: ${m.comment}` : ''}`}>
                            <Badge size="lg" color={markColor(m.value)}>
                              {m.value}
                            </Badge>
                          </Tooltip>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      ))}
    </Stack>
  );
}

function NoticeMark({ notice }: { notice: Notice | undefined }) {
  if (!notice) return null;
  return (
    <Text size="sm" c={notice.status === 'confirmed' ? 'blue' : 'orange'} fw={500} data-testid="notice-mark">
      Сообщено о пропуске: {NOTICE_REASON_LABELS[notice.reasonCategory].toLowerCase()} ({STATUS[notice.status].label})
    </Text>
  );
}

/** Past and planned topics of the subject in the period (section 2). */
function SubjectTopics({ topics }: { topics: Marks['subjects'][number]['topics'] }) {
  const line = (list: ReadonlyArray<{ date: string; topic: string }>) =>
    list.length === 0 ? '—' : list.map((t) => `${formatDateRu(t.date).slice(0, 5)} ${t.topic}`).join('; ');
  return (
    <Stack gap={2} mt="xs">
      <Text size="sm">
        <b>Пройдено:</b> {line(topics.past)}
      </Text>
      <Text size="sm">
        <b>Впереди по программе:</b> {line(topics.planned.slice(0, 8))}
      </Text>
    </Stack>
  );
}

function MarksView({ data, onPeriod }: { data: Marks; onPeriod: (id: number) => void }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Stack>
      <Select
        label="Учебный период"
        w={260}
        value={String(data.period.id)}
        data={data.periods.map((p) => ({ value: String(p.id), label: p.name }))}
        onChange={(v) => v && onPeriod(Number(v))}
        allowDeselect={false}
      />
      <Table striped withTableBorder aria-label="Отметки по предметам">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Предмет</Table.Th>
            <Table.Th>Отметки</Table.Th>
            <Table.Th>Средний балл</Table.Th>
            <Table.Th>Выходит</Table.Th>
            <Table.Th>Для «5»</Table.Th>
            <Table.Th>Для «4»</Table.Th>
            <Table.Th>За период</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.subjects.map((s) => {
            const periodMark = s.periodMarks.find((p) => p.kind === 'period' && p.periodNumber === data.period.number);
            return [
              <Table.Tr key={s.subjectId}>
                <Table.Td>{s.subjectName}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {s.marks.map((m, i) => (
                      <Tooltip key={i} label={`${formatDateRu(m.date)}: ${m.workType}, вес ${m.weight}${m.comment ? `: ${m.comment}` : ''}`}>
                        <Badge color={markColor(m.value)} variant={m.weight > 1 ? 'filled' : 'light'}>
                          {m.value}
                          {m.weight > 1 ? <sub>{m.weight}</sub> : null}
                        </Badge>
                      </Tooltip>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Anchor component="button" onClick={() => setOpen(open === s.subjectId ? null : s.subjectId)} aria-label={`Как получен средний балл: ${s.subjectName}`}>
                    {formatAverage(s.average)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{s.suggested ?? '—'}</Table.Td>
                <Table.Td>{howManyFives(s.neededFor5)}</Table.Td>
                <Table.Td>{howManyFives(s.neededFor4)}</Table.Td>
                <Table.Td>{periodMark ? <Badge color={markColor(periodMark.value)}>{periodMark.value}</Badge> : '—'}</Table.Td>
              </Table.Tr>,
              open === s.subjectId ? (
                <Table.Tr key={`${s.subjectId}-why`}>
                  <Table.Td colSpan={7}>
                    <Text size="sm">
                      Средний балл = сумма (отметка × вес) / сумма весов ={' '}
                      {s.marks.filter((m) => /^\d$/.test(m.value)).map((m) => `${m.value}×${m.weight}`).join(' + ') || '—'} /{' '}
                      {s.marks.filter((m) => /^\d$/.test(m.value)).reduce((sum, m) => sum + m.weight, 0)} = {formatAverage(s.average)}
                    </Text>
                    <SubjectTopics topics={s.topics} />
                  </Table.Td>
                </Table.Tr>
              ) : null,
            ];
          })}
        </Table.Tbody>
      </Table>
      {data.assessments.length > 0 && (
        <>
          <Title order={4}>График контрольных работ</Title>
          <Table withTableBorder>
            <Table.Tbody>
              {data.assessments.map((a, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{formatDateRu(a.date)}</Table.Td>
                  <Table.Td>{a.subjectName}</Table.Td>
                  <Table.Td>{a.title}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
