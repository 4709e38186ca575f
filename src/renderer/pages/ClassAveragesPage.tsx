// The class teacher's summary of a study period (3.3): each pupil's weighted average in every subject, the
// lessons missed (by reason), whole days missed and lates. Averages below 3,0 are highlighted.

import { Anchor, Badge, Group, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import type { Me } from '../../shared/api/schemas';
import { formatDateRu } from '../../shared/domain/calendar';
import { formatAverage } from '../../shared/domain/marks';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { ClassScope, REASONS } from './ClassAbsencesPage';

/** Below this a pupil is at risk of a 2 for the period. */
const LOW_AVERAGE = 3;

export function ClassAveragesPage({ me }: { me: Me }) {
  return (
    <ClassScope me={me} page="averages" title="Успеваемость и посещаемость">
      {(classId) => <ClassAverages classId={classId} />}
    </ClassScope>
  );
}

function ClassAverages({ classId }: { classId: number }) {
  const [periodId, setPeriodId] = useState<number | null>(null);
  const summary = useQuery(
    () => call(api.classAverages, { params: { classId }, query: periodId === null ? {} : { periodId } }),
    [classId, periodId],
  );
  return (
    <QueryView query={summary}>
      {(data) => {
        const lowCount = data.students.filter((s) => Object.values(s.averages).some((a) => a !== null && a < LOW_AVERAGE)).length;
        // Class means per subject, over pupils who have an average.
        const means = Object.fromEntries(
          data.subjects.map((subject) => {
            const values = data.students
              .map((s) => s.averages[String(subject.id)])
              .filter((a): a is number => typeof a === 'number');
            return [subject.id, values.length ? values.reduce((x, y) => x + y, 0) / values.length : null];
          }),
        );
        return (
          <Stack>
            <Group justify="space-between" align="end">
              <div>
                <Title order={2}>Успеваемость и посещаемость: {data.className} класс</Title>
                <Group gap="md">
                  <Anchor component={Link} to={`/classes/${classId}`} size="sm">
                    Список класса
                  </Anchor>
                  <Anchor component={Link} to={`/classes/${classId}/absences`} size="sm">
                    Пропуски по дням и причины
                  </Anchor>
                </Group>
              </div>
              <Select
                label="Учебный период"
                w={360}
                allowDeselect={false}
                value={String(data.period.id)}
                onChange={(v) => setPeriodId(v === null ? null : Number(v))}
                data={data.periods.map((p) => ({
                  value: String(p.id),
                  label: `${p.name} (${formatDateRu(p.startDate)} – ${formatDateRu(p.endDate)})${p.isClosed ? ', закрыт' : ''}`,
                }))}
              />
            </Group>
            <Group gap="xs">
              <Badge variant="light" color={lowCount > 0 ? 'red' : 'green'}>
                Средний балл ниже {formatAverage(LOW_AVERAGE)} хотя бы по одному предмету: {lowCount}
              </Badge>
              <Text size="sm" c="dimmed">
                Средний балл — взвешенный по весам работ; пропуски: Н — без указания причины, Б — болезнь, УП — уважительная, НП —
                неуважительная.
              </Text>
            </Group>
            {data.students.length === 0 ? (
              <Text c="dimmed">В классе нет обучающихся.</Text>
            ) : (
              <Table.ScrollContainer minWidth={600 + data.subjects.length * 56}>
                <Table striped highlightOnHover withColumnBorders stickyHeader data-testid="averages-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th rowSpan={2} w={36}>
                        №
                      </Table.Th>
                      <Table.Th rowSpan={2}>Обучающийся</Table.Th>
                      <Table.Th colSpan={data.subjects.length} ta="center">
                        Средний балл за период
                      </Table.Th>
                      <Table.Th colSpan={REASONS.length + 1} ta="center">
                        Пропущено уроков
                      </Table.Th>
                      <Table.Th rowSpan={2} ta="right">
                        Дней
                      </Table.Th>
                      <Table.Th rowSpan={2} ta="right">
                        Опозданий
                      </Table.Th>
                    </Table.Tr>
                    <Table.Tr>
                      {data.subjects.map((s) => (
                        <Table.Th key={s.id} ta="center" fz="xs">
                          <Tooltip label={s.name}>
                            <span>{s.shortName}</span>
                          </Tooltip>
                        </Table.Th>
                      ))}
                      <Table.Th ta="right" fz="xs">
                        всего
                      </Table.Th>
                      {REASONS.map((r) => (
                        <Table.Th key={r.code} ta="right" fz="xs" title={r.label}>
                          {r.code}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.students.map((s, i) => (
                      <Table.Tr key={s.id}>
                        <Table.Td>{i + 1}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Anchor component={Link} to={`/students/${s.id}`} size="sm">
                            {s.name}
                          </Anchor>
                        </Table.Td>
                        {data.subjects.map((subject) => {
                          const avg = s.averages[String(subject.id)] ?? null;
                          const isLow = avg !== null && avg < LOW_AVERAGE;
                          return (
                            <Table.Td
                              key={subject.id}
                              ta="center"
                              c={avg === null ? 'dimmed' : isLow ? 'red.8' : undefined}
                              fw={isLow ? 700 : undefined}
                              style={isLow ? { background: 'var(--mantine-color-red-1)' } : undefined}
                              data-low={isLow || undefined}
                            >
                              {formatAverage(avg)}
                            </Table.Td>
                          );
                        })}
                        <Table.Td ta="right" fw={600}>
                          {s.missedLessons}
                        </Table.Td>
                        {REASONS.map((r) => {
                          const n = s.missedByReason[r.code] ?? 0;
                          return (
                            <Table.Td
                              key={r.code}
                              ta="right"
                              c={n === 0 ? 'dimmed' : r.code === 'Н' || r.code === 'НП' ? 'red.8' : undefined}
                            >
                              {n}
                            </Table.Td>
                          );
                        })}
                        <Table.Td ta="right">{s.missedDays}</Table.Td>
                        <Table.Td ta="right">{s.lateCount}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Td />
                      <Table.Td fw={600}>По классу</Table.Td>
                      {data.subjects.map((subject) => {
                        const m = means[subject.id] ?? null;
                        return (
                          <Table.Td key={subject.id} ta="center" fw={600} c={m !== null && m < LOW_AVERAGE ? 'red.8' : undefined}>
                            {formatAverage(m)}
                          </Table.Td>
                        );
                      })}
                      <Table.Td ta="right" fw={600}>
                        {data.students.reduce((n, s) => n + s.missedLessons, 0)}
                      </Table.Td>
                      {REASONS.map((r) => (
                        <Table.Td key={r.code} ta="right" fw={600}>
                          {data.students.reduce((n, s) => n + (s.missedByReason[r.code] ?? 0), 0)}
                        </Table.Td>
                      ))}
                      <Table.Td ta="right" fw={600}>
                        {data.students.reduce((n, s) => n + s.missedDays, 0)}
                      </Table.Td>
                      <Table.Td ta="right" fw={600}>
                        {data.students.reduce((n, s) => n + s.lateCount, 0)}
                      </Table.Td>
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        );
      }}
    </QueryView>
  );
}
