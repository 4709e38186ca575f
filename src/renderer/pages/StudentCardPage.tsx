import { Paper, Stack, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import { call } from '../api/client';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

export function StudentCardPage() {
  const studentId = Number(useParams().studentId);
  const query = useQuery(() => call(api.studentCard, { params: { studentId } }), [studentId]);
  return (
    <QueryView query={query}>
      {(s) => (
        <Stack>
          <Title order={2}>{fullName(s)}</Title>
          <Paper withBorder p="md">
            <Text>Класс: {s.className ?? 'не зачислен'}</Text>
            <Text>Дата рождения: {s.birthDate ? dayjs(s.birthDate).locale('ru').format('D MMMM YYYY') : '—'}</Text>
            <Text mt="sm" fw={600}>
              Родители (законные представители)
            </Text>
            {s.guardians.length === 0 && <Text c="dimmed">не указаны</Text>}
            {s.guardians.map((g) => (
              <Text key={g.name}>
                {g.name}
                {g.relation ? ` (${g.relation})` : ''}
              </Text>
            ))}
          </Paper>
        </Stack>
      )}
    </QueryView>
  );
}
