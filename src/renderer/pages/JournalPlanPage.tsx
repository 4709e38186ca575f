// Plan and fact of a journal page (3.4): the work program's topics with the dates the plan puts them on and the
// dates they were held, so a teacher and a deputy see at a glance whether the class keeps to the program.

import { Alert, Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import { formatDateRu } from '../../shared/domain/calendar';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

function dates(list: readonly string[]): string {
  return list.map((d) => formatDateRu(d).slice(0, 5)).join(', ');
}

export function JournalPlanPage() {
  const raw = useParams();
  const params = { classId: Number(raw.classId), subjectId: Number(raw.subjectId), groupKey: Number(raw.groupKey) };
  const plan = useQuery(() => call(api.journalPlan, { params }), [params.classId, params.subjectId, params.groupKey]);
  const page = useQuery(() => call(api.journalPage, { params }), [params.classId, params.subjectId, params.groupKey]);
  const journalPath = `/journal/${params.classId}/${params.subjectId}/${params.groupKey}`;
  const title = page.data ? `${page.data.journal.className}${page.data.journal.groupName ? ` (${page.data.journal.groupName})` : ''}, ${page.data.journal.subjectName}` : '';

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>План и факт {title && `— ${title}`}</Title>
        <Anchor component={Link} to={journalPath}>
          К странице журнала
        </Anchor>
      </Group>
      <QueryView query={plan}>
        {(data) =>
          !data.hasProgram ? (
            <Alert color="yellow">
              Для этого предмета и параллели нет тематического планирования. Его вносит учитель в разделе «Рабочие программы».
            </Alert>
          ) : (
            <>
              <Group>
                <Badge size="lg" variant="light">
                  Уроков проведено: {data.lessonsHeld} из {data.lessonsInYear}
                </Badge>
                <Badge size="lg" variant="light">
                  Часов в программе: {data.plannedHours}
                </Badge>
                <Badge size="lg" color={data.heldOfPlannedByToday < data.plannedByToday ? 'orange' : 'green'} variant="light">
                  Пройдено тем по плану на сегодня: {data.heldOfPlannedByToday} из {data.plannedByToday}
                </Badge>
              </Group>
              {data.plannedHours !== data.lessonsInYear && (
                <Text c="dimmed" size="sm">
                  В программе {data.plannedHours} ч., а по расписанию в году {data.lessonsInYear} уроков.
                </Text>
              )}
              <Table striped withTableBorder aria-label="Темы рабочей программы">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>№</Table.Th>
                    <Table.Th>Тема</Table.Th>
                    <Table.Th>Часы</Table.Th>
                    <Table.Th>По плану</Table.Th>
                    <Table.Th>Проведено</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.topics.map((t) => {
                    const due = t.plannedDates.some((d) => page.data === null || d <= page.data.today);
                    const missed = due && t.heldDates.length === 0;
                    return (
                      <Table.Tr key={t.position} style={missed ? { background: 'var(--mantine-color-orange-0)' } : undefined}>
                        <Table.Td>{t.position}</Table.Td>
                        <Table.Td>
                          {t.title}
                          {t.plannedAssessment && (
                            <Badge ml="xs" size="sm" color="grape" variant="light">
                              {t.plannedAssessment}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{t.hours}</Table.Td>
                        <Table.Td>{dates(t.plannedDates)}</Table.Td>
                        <Table.Td>{t.heldDates.length > 0 ? dates(t.heldDates) : missed ? 'не проведена' : '—'}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
              {data.otherTopics.length > 0 && (
                <>
                  <Title order={4}>Темы уроков вне программы</Title>
                  <Table withTableBorder>
                    <Table.Tbody>
                      {data.otherTopics.map((t) => (
                        <Table.Tr key={`${t.date}-${t.topic}`}>
                          <Table.Td>{formatDateRu(t.date)}</Table.Td>
                          <Table.Td>{t.topic}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </>
              )}
            </>
          )
        }
      </QueryView>
    </Stack>
  );
}
