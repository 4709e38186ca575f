// The archive's first screen: the classes of the archived year with their class teachers and pupil counts.

import { Anchor, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { archivePath } from './archive-source';

type Summary = ResponseOf<typeof api.archiveViewSummary>;

export function ArchiveClasses({ summary }: { summary: Summary }) {
  const { archive, classes } = summary;
  return (
    <>
      <Title order={2}>Классы {archive.yearName} учебного года</Title>
      {classes.length === 0 ? (
        <Text c="dimmed">В архиве нет классов этого учебного года.</Text>
      ) : (
        <Table striped highlightOnHover withTableBorder data-testid="archive-classes" aria-label="Классы архивного учебного года">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Класс</Table.Th>
              <Table.Th>Классный руководитель</Table.Th>
              <Table.Th ta="right">Обучающихся на конец года</Table.Th>
              <Table.Th ta="right">Обучалось в течение года</Table.Th>
              <Table.Th>Посещаемость</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {classes.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={archivePath.cls(archive.id, c.id)} fw={600}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.classTeacherName ?? <Text c="dimmed">не назначен</Text>}</Table.Td>
                <Table.Td ta="right">{c.pupilCount}</Table.Td>
                <Table.Td ta="right">{c.pupilsInYear}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={archivePath.attendance(archive.id, c.id)} size="sm">
                    успеваемость и пропуски
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
