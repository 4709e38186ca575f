// The list of my conversations, newest activity first, with unread badges and the last message's preview.

import { Badge, Group, NavLink, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { ConversationSummary } from '../../shared/api/messages-schemas';
import { messageTime } from './message-files';

export function conversationTitle(c: ConversationSummary): string {
  if (c.kind === 'class') return c.members.length === 1 ? c.members[0]!.name : `Родители ${c.className ?? ''} класса`;
  return c.members.map((m) => m.name).join(', ') || 'Без собеседника';
}

export function ConversationList({ conversations, selectedId }: { conversations: readonly ConversationSummary[]; selectedId: number | null }) {
  if (conversations.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        Переписок пока нет.
      </Text>
    );
  }
  return (
    <Stack gap={2} component="nav" aria-label="Переписки">
      {conversations.map((c) => (
        <NavLink
          key={c.id}
          component={Link}
          to={`/messages/${c.id}`}
          active={c.id === selectedId}
          data-testid={`conversation-${c.id}`}
          label={
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" fw={c.unread > 0 ? 700 : 500} lineClamp={1}>
                {conversationTitle(c)}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {messageTime(c.lastMessageAt)}
              </Text>
            </Group>
          }
          description={
            <>
              <Text size="xs" fw={600} lineClamp={1} component="span" display="block">
                {c.kind === 'class' ? 'Классу: ' : ''}
                {c.subject}
                {c.studentName ? ` · ${c.studentName}` : ''}
              </Text>
              {c.lastMessage && (
                <Text size="xs" c="dimmed" lineClamp={2} component="span" display="block">
                  {c.lastMessage.authorName}: {c.lastMessage.preview}
                </Text>
              )}
            </>
          }
          rightSection={
            c.unread > 0 ? (
              <Badge size="sm" circle aria-label={`Непрочитанных: ${c.unread}`}>
                {c.unread}
              </Badge>
            ) : null
          }
        />
      ))}
    </Stack>
  );
}
