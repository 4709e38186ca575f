import { Anchor, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import { call } from '../api/client';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

export function ClassStudentsPage() {
  const classId = Number(useParams().classId);
  const query = useQuery(() => call(api.classStudents, { params: { classId } }), [classId]);
  return (
    <QueryView query={query}>
      {(data) => (
        <>
          <Title order={2}>Класс {data.className}</Title>
          <Text c="dimmed" mb="md">
            Обучающихся: {data.students.length}
          </Text>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={50}>№</Table.Th>
                <Table.Th>Фамилия, имя, отчество</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.students.map((s, i) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/students/${s.id}`}>
                      {fullName(s)}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </QueryView>
  );
}
