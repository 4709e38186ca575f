import { Text, Title } from '@mantine/core';
import { api } from '../../shared/api/contract';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { ClassTable } from './ClassesPage';

export function MyClassesPage({ title }: { title: string }) {
  const query = useQuery(() => call(api.myClasses), []);
  return (
    <>
      <Title order={2} mb="md">
        {title}
      </Title>
      <QueryView query={query}>
        {(data) => (data.classes.length === 0 ? <Text c="dimmed">Классы ещё не назначены.</Text> : <ClassTable classes={data.classes} />)}
      </QueryView>
    </>
  );
}
