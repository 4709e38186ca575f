// A class's attendance and averages in the archived year, by study period: the same summary the class teacher
// sees in the live journal (ClassAveragesPage), read from the archive, without links to live pupil cards.

import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import { formatDateRu } from '../../shared/domain/calendar';
import { formatAverage } from '../../shared/domain/marks';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { archivePath } from './archive-source';

const REASONS = [
  { code: 'Н', label: 'без указания причины' },
  { code: 'Б', label: 'по болезни' },
  { code: 'УП', label: 'по уважительной причине' },
  { code: 'НП', label: 'по неуважительной причине' },
];

export function ArchiveAttendance({ archiveId, classId }: { archiveId: number; classId: number }) {
  const [periodId, setPeriodId] = useState<number | null>(null);
  const query = useQuery(
    () => call(api.archiveViewAverages, { params: { archiveId, classId }, query: periodId === null ? {} : { periodId } }),
    [archiveId, classId, periodId],
  );
  return (
    <QueryView query={query}>
      {(data) => (
        <Stack gap="sm">
          <Group justify="space-between" align="end" wrap="wrap">
            <div>
              <Anchor component={Link} to={archivePath.cls(archiveId, classId)} size="sm">
                ← {data.className} класс: страницы журнала
              </Anchor>
              <Title order={2}>Успеваемость и посещаемость: {data.className} класс</Title>
            </div>
            <NativeSelect
              label="Учебный период"
              w={360}
              value={String(data.period.id)}
              onChange={(e) => setPeriodId(Number(e.currentTarget.value))}
              data={data.periods.map((p) => ({
                value: String(p.id),
                label: `${p.name} (${formatDateRu(p.startDate)} – ${formatDateRu(p.endDate)})`,
              }))}
            />
          </Group>
          <Text size="sm" c="dimmed">
            Средний балл — взвешенный по весам работ; пропуски: Н — без указания причины, Б — болезнь, УП — уважительная, НП —
            неуважительная; день считается пропущенным, если пропущены все его уроки.
          </Text>
          {data.students.length === 0 ? (
            <Text c="dimmed">В классе не было обучающихся в этом периоде.</Text>
          ) : (
            <Table.ScrollContainer minWidth={600 + data.subjects.length * 56}>
              <Table
                striped
                withColumnBorders
                stickyHeader
                data-testid="archive-attendance"
                aria-label="Успеваемость и пропуски по обучающимся"
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>№</Table.Th>
                    <Table.Th>Обучающийся</Table.Th>
                    {data.subjects.map((s) => (
                      <Table.Th key={s.id} ta="center" fz="xs" title={s.name}>
                        {s.shortName}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right" fz="xs">
                      Пропущено уроков
                    </Table.Th>
                    {REASONS.map((r) => (
                      <Table.Th key={r.code} ta="right" fz="xs" title={r.label}>
                        {r.code}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right" fz="xs">
                      Дней
                    </Table.Th>
                    <Table.Th ta="right" fz="xs">
                      Опозданий
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.students.map((s, i) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{i + 1}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.name}</Table.Td>
                      {data.subjects.map((subject) => {
                        const avg = s.averages[String(subject.id)] ?? null;
                        return (
                          <Table.Td key={subject.id} ta="center" c={avg === null ? 'dimmed' : avg < 3 ? 'red.8' : undefined}>
                            {formatAverage(avg)}
                          </Table.Td>
                        );
                      })}
                      <Table.Td ta="right" fw={600}>
                        {s.missedLessons}
                      </Table.Td>
                      {REASONS.map((r) => (
                        <Table.Td key={r.code} ta="right" c={(s.missedByReason[r.code] ?? 0) === 0 ? 'dimmed' : undefined}>
                          {s.missedByReason[r.code] ?? 0}
                        </Table.Td>
                      ))}
                      <Table.Td ta="right">{s.missedDays}</Table.Td>
                      <Table.Td ta="right">{s.lateCount}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <AbsenceList archiveId={archiveId} classId={classId} from={data.period.startDate} to={data.period.endDate} />
        </Stack>
      )}
    </QueryView>
  );
}

/** Every missed lesson and late arrival of the period, by date: loaded only when asked for (a long list). */
function AbsenceList({ archiveId, classId, from, to }: { archiveId: number; classId: number; from: string; to: string }) {
  const [isShown, setShown] = useState(false);
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="light" onClick={() => setShown((v) => !v)} aria-expanded={isShown}>
          {isShown ? 'Скрыть пропуски по дням' : 'Показать пропуски по дням'}
        </Button>
      </Group>
      {isShown && <AbsenceTable archiveId={archiveId} classId={classId} from={from} to={to} />}
    </Stack>
  );
}

function AbsenceTable({ archiveId, classId, from, to }: { archiveId: number; classId: number; from: string; to: string }) {
  const query = useQuery(
    () => call(api.archiveViewAbsences, { params: { archiveId, classId }, query: { from, to } }),
    [archiveId, classId, from, to],
  );
  return (
    <QueryView query={query}>
      {({ absences }) =>
        absences.length === 0 ? (
          <Text c="dimmed">Пропусков и опозданий в этом периоде не было.</Text>
        ) : (
          <Table striped withTableBorder data-testid="archive-absences" aria-label="Пропуски и опоздания по дням">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Дата</Table.Th>
                <Table.Th>Урок</Table.Th>
                <Table.Th>Предмет</Table.Th>
                <Table.Th>Обучающийся</Table.Th>
                <Table.Th>Отметка</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...absences]
                .sort((a, b) => (a.date === b.date ? a.lessonNumber - b.lessonNumber : a.date < b.date ? -1 : 1))
                .map((a) => (
                  <Table.Tr key={`${a.lessonId}:${a.studentId}`}>
                    <Table.Td>{formatDateRu(a.date)}</Table.Td>
                    <Table.Td>{a.lessonNumber}</Table.Td>
                    <Table.Td>{a.subjectName}</Table.Td>
                    <Table.Td>{a.studentName}</Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        color={a.code === 'ОП' ? 'gray' : a.code === 'Б' || a.code === 'УП' ? 'blue' : 'red'}
                      >
                        {a.code === 'ОП' ? 'опоздание' : `${a.code} — ${REASONS.find((r) => r.code === a.code)?.label ?? ''}`}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        )
      }
    </QueryView>
  );
}
