import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import { call } from '../api/client';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

/** A parent's children (or a pupil's own record), each opening the diary. */
export function ChildrenPage({ title }: { title: string }) {
  const query = useQuery(() => call(api.myChildren), []);
  return (
    <>
      <Title order={2} mb="md">
        {title}
      </Title>
      <QueryView query={query}>
        {(data) =>
          data.children.length === 0 ? (
            <Text c="dimmed">Пока никто не привязан к вашей учётной записи. Обратитесь к классному руководителю.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {data.children.map((c) => (
                <Card key={c.id} withBorder component={Link} to={`/diary/${c.id}`} data-testid="child-card">
                  <Text fw={600}>{fullName(c)}</Text>
                  <Text c="dimmed">{c.className ? `${c.className} класс` : 'не зачислен'}</Text>
                </Card>
              ))}
            </SimpleGrid>
          )
        }
      </QueryView>
    </>
  );
}
