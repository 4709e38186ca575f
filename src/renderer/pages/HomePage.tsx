import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import type { Me } from '../../shared/api/schemas';
import { navigationFor } from '../../shared/domain/navigation';
import { call, errorText } from '../api/client';
import { useQuery } from '../stores/use-query';

export function HomePage({ me }: { me: Me }) {
  const sections = navigationFor(me.user.roles).filter((n) => n.path !== '/');
  const teaches = me.user.roles.includes('teacher') || me.user.roles.includes('class_teacher');
  return (
    <>
      <Title order={2} mb="xs">
        Здравствуйте, {me.user.firstName} {me.user.middleName ?? ''}
      </Title>
      <Text c="dimmed" mb="lg">
        {me.schoolName}
      </Text>
      {teaches && <MyControlNotes />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {sections.map((s) => (
          <Card key={s.path} withBorder component={Link} to={s.path}>
            <Text fw={600}>{s.label}</Text>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}

/** The deputy's notes to this teacher on journal-keeping (3.5): unread ones first, each marked read here. */
function MyControlNotes() {
  const notes = useQuery(() => call(api.myControlNotes), []);
  const [showRead, setShowRead] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const all = notes.data?.notes ?? [];
  if (all.length === 0) return null;
  const unread = all.filter((n) => n.readAt === null);
  const read = all.filter((n) => n.readAt !== null);
  const shown = showRead ? [...unread, ...read] : unread;
  async function markRead(noteId: number) {
    try {
      await call(api.readControlNote, { params: { noteId }, body: {} });
      setError(null);
      notes.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Card
      withBorder
      mb="lg"
      data-testid="my-control-notes"
      style={unread.length > 0 ? { borderColor: 'var(--mantine-color-orange-5)' } : undefined}
    >
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600}>Замечания по ведению журнала</Text>
          {unread.length > 0 && <Badge color="orange">новых: {unread.length}</Badge>}
        </Group>
        {read.length > 0 && (
          <Button size="compact-xs" variant="subtle" onClick={() => setShowRead((v) => !v)}>
            {showRead ? 'Скрыть прочитанные' : `Прочитанные (${read.length})`}
          </Button>
        )}
      </Group>
      {shown.length === 0 && (
        <Text c="dimmed" size="sm">
          Новых замечаний нет.
        </Text>
      )}
      <Stack gap="xs">
        {shown.map((n) => (
          <Group key={n.id} justify="space-between" align="start" wrap="nowrap">
            <div>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={n.readAt ? 'dimmed' : undefined}>
                {n.text}
              </Text>
              <Text size="xs" c="dimmed">
                {n.authorName}, {dayjs(n.createdAt).format('DD.MM.YYYY HH:mm')}
                {n.readAt ? ` · прочитано ${dayjs(n.readAt).format('DD.MM.YYYY')}` : ''}
              </Text>
            </div>
            {n.readAt === null && (
              <Button size="compact-xs" variant="light" style={{ flexShrink: 0 }} onClick={() => void markRead(n.id)}>
                Прочитано
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      {error && (
        <Alert color="red" mt="xs">
          {error}
        </Alert>
      )}
    </Card>
  );
}
