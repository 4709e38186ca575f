// The diary (3.7) of one pupil, for a parent or the pupil: the week's lessons with topic, homework, files,
// marks and attendance, and the period's marks by subject with the average and what is needed for a 5 or a 4.

import { Anchor, Badge, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { API_PREFIX } from '../../shared/api/endpoint';
import { addDays, formatDateRu } from '../../shared/domain/calendar';
import { formatAverage } from '../../shared/domain/marks';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

type Week = ResponseOf<typeof api.diaryWeek>;
type Marks = ResponseOf<typeof api.studentMarks>;

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
  const [view, setView] = useState<'week' | 'marks'>('week');
  const [week, setWeek] = useState<string | null>(null);
  const [periodId, setPeriodId] = useState<number | null>(null);
  const weekQuery = useQuery(() => call(api.diaryWeek, { params: { studentId }, query: week ? { date: week } : {} }), [studentId, week]);
  const marksQuery = useQuery(
    () => (view === 'marks' ? call(api.studentMarks, { params: { studentId }, query: periodId ? { periodId } : {} }) : Promise.resolve(null)),
    [studentId, view, periodId],
  );
  const header = weekQuery.data?.student;

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
      {view === 'week' ? (
        <QueryView query={weekQuery}>{(data) => <WeekView data={data} studentId={studentId} onWeek={setWeek} />}</QueryView>
      ) : (
        <QueryView query={marksQuery}>{(data) => (data ? <MarksView data={data} onPeriod={setPeriodId} /> : null)}</QueryView>
      )}
    </Stack>
  );
}

function WeekView({ data, studentId, onWeek }: { data: Week; studentId: number; onWeek: (date: string) => void }) {
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
