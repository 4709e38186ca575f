import { Button, Group, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { ClassTable } from './ClassesPage';

/** `leads`: the class teacher's "Мой класс", with the class's attendance and averages pages. */
export function MyClassesPage({ title, leads = false }: { title: string; leads?: boolean }) {
  const query = useQuery(() => call(api.myClasses), []);
  return (
    <>
      <Title order={2} mb="md">
        {title}
      </Title>
      {leads && (
        <Group mb="md">
          <Button component={Link} to="/my-class/absences" variant="light">
            Пропуски и причины
          </Button>
          <Button component={Link} to="/my-class/averages" variant="light">
            Средние баллы и пропуски за период
          </Button>
        </Group>
      )}
      <QueryView query={query}>
        {(data) => (data.classes.length === 0 ? <Text c="dimmed">Классы ещё не назначены.</Text> : <ClassTable classes={data.classes} />)}
      </QueryView>
    </>
  );
}
