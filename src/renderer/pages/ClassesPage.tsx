import { Anchor, Table, Title } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

export function ClassTable({ classes }: { classes: ResponseOf<typeof api.listClasses>['classes'] }) {
  return (
    <Table striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Класс</Table.Th>
          <Table.Th>Классный руководитель</Table.Th>
          <Table.Th ta="right">Обучающихся</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {classes.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Anchor component={Link} to={`/classes/${c.id}`}>
                {c.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{c.classTeacherName ?? '—'}</Table.Td>
            <Table.Td ta="right">{c.studentCount}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function ClassesPage() {
  const query = useQuery(() => call(api.listClasses), []);
  return (
    <>
      <Title order={2} mb="md">
        Классы
      </Title>
      <QueryView query={query}>{(data) => <ClassTable classes={data.classes} />}</QueryView>
    </>
  );
}
