// One class of the archived year: its journal pages (subjects, groups, teachers) and the way to its attendance.

import { Anchor, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { archivePath } from './archive-source';

export function ArchiveClass({ archiveId, classId }: { archiveId: number; classId: number }) {
  const query = useQuery(() => call(api.archiveViewClass, { params: { archiveId, classId } }), [archiveId, classId]);
  return (
    <QueryView query={query}>
      {({ class: cls, journals }) => (
        <Stack gap="sm">
          <div>
            <Anchor component={Link} to={archivePath.root(archiveId)} size="sm">
              ← Все классы архива
            </Anchor>
            <Title order={2}>{cls.name} класс</Title>
            <Text size="sm" c="dimmed">
              Классный руководитель: {cls.classTeacherName ?? 'не назначен'}. Обучающихся на конец года: {cls.pupilCount} (в
              течение года: {cls.pupilsInYear}).
            </Text>
          </div>
          <Group>
            <Anchor component={Link} to={archivePath.attendance(archiveId, classId)}>
              Успеваемость и посещаемость класса
            </Anchor>
          </Group>
          <Title order={3}>Страницы журнала</Title>
          {journals.length === 0 ? (
            <Text c="dimmed">В архиве нет страниц журнала этого класса.</Text>
          ) : (
            <List spacing={4} data-testid="archive-journals" aria-label="Страницы журнала класса">
              {journals.map((j) => (
                <List.Item key={`${j.subjectId}:${j.groupKey}`}>
                  <Anchor component={Link} to={archivePath.journal(archiveId, j)}>
                    {j.subjectName}
                    {j.groupName ? ` (${j.groupName})` : ''}
                  </Anchor>
                  {j.teacherNames.length > 0 && (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      — {j.teacherNames.join(', ')}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
    </QueryView>
  );
}
