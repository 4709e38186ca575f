// The journal pages the user may open (a teacher: own subjects; a class teacher: the class; leadership: all),
// grouped by class. With many pages (the director, deputies) a class filter narrows the list.

import { Alert, Anchor, Badge, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import type { Me } from '../../shared/api/schemas';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

type Journal = ResponseOf<typeof api.journalList>['journals'][number];

const MANY_PAGES = 40;

export function JournalListPage({ me }: { me: Me }) {
  void me;
  const query = useQuery(() => call(api.journalList), []);
  return (
    <>
      <Title order={2} mb="md">
        Журнал
      </Title>
      <QueryView query={query}>{(data) => <JournalList journals={data.journals} />}</QueryView>
    </>
  );
}

function JournalList({ journals }: { journals: Journal[] }) {
  const classes = useMemo(() => {
    const byClass = new Map<number, { id: number; name: string; level: number; journals: Journal[] }>();
    for (const j of journals) {
      let entry = byClass.get(j.classId);
      if (!entry) byClass.set(j.classId, (entry = { id: j.classId, name: j.className, level: j.level, journals: [] }));
      entry.journals.push(j);
    }
    return [...byClass.values()].sort((a, b) => a.level - b.level || a.name.localeCompare(b.name, 'ru'));
  }, [journals]);
  const isMany = journals.length > MANY_PAGES;
  const [classFilter, setClassFilter] = useState<string>(isMany && classes[0] ? String(classes[0].id) : '');
  const [text, setText] = useState('');
  if (journals.length === 0) return <Alert color="yellow">Нет страниц журнала, доступных вам в этом учебном году.</Alert>;
  const needle = text.trim().toLowerCase();
  const shown = classes
    .filter((c) => classFilter === '' || String(c.id) === classFilter)
    .map((c) => ({
      ...c,
      journals: c.journals.filter((j) => needle === '' || j.subjectName.toLowerCase().includes(needle) || j.teacherNames.some((t) => t.toLowerCase().includes(needle))),
    }))
    .filter((c) => c.journals.length > 0);
  return (
    <Stack>
      {(isMany || classes.length > 3) && (
        <Group align="end">
          <NativeSelect
            label="Класс"
            w={160}
            data={[{ value: '', label: 'Все классы' }, ...classes.map((c) => ({ value: String(c.id), label: c.name }))]}
            value={classFilter}
            onChange={(e) => setClassFilter(e.currentTarget.value)}
          />
          <TextInput label="Предмет или учитель" w={260} value={text} onChange={(e) => setText(e.currentTarget.value)} />
        </Group>
      )}
      {shown.length === 0 && <Text c="dimmed">Ничего не найдено.</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {shown.map((c) => (
          <Paper key={c.id} withBorder p="sm" data-testid="journal-class">
            <Title order={4} mb="xs">
              {c.name}
            </Title>
            <Stack gap={6}>
              {c.journals
                .slice()
                .sort((a, b) => a.subjectName.localeCompare(b.subjectName, 'ru') || (a.groupName ?? '').localeCompare(b.groupName ?? '', 'ru'))
                .map((j) => (
                  <Group key={`${j.subjectId}-${j.groupKey}`} gap="xs" wrap="nowrap" justify="space-between">
                    <div>
                      <Anchor component={Link} to={`/journal/${j.classId}/${j.subjectId}/${j.groupKey}`} data-testid="journal-link">
                        {j.subjectName}
                        {j.groupName ? ` (${j.groupName})` : ''}
                      </Anchor>
                      {j.teacherNames.length > 0 && (
                        <Text size="xs" c="dimmed">
                          {j.teacherNames.join(', ')}
                        </Text>
                      )}
                    </div>
                    {j.canEdit ? (
                      <Badge size="sm" variant="light" color="green" style={{ flexShrink: 0 }}>
                        ведёте
                      </Badge>
                    ) : (
                      <Badge size="sm" variant="light" color="gray" style={{ flexShrink: 0 }}>
                        просмотр
                      </Badge>
                    )}
                  </Group>
                ))}
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
