// Messages (issue 5, item 7): my conversations with unread badges on the left, the open one on the right, «Новое
// сообщение» and, for a class teacher, «Сообщение родителям класса». New messages arrive live (my event stream).

import { Badge, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import { API_PREFIX } from '../../shared/api/endpoint';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { ConversationList } from '../messages/ConversationList';
import { ConversationPanel } from '../messages/ConversationPanel';
import { NewMessageDialog, type DialogKind } from '../messages/NewMessageDialog';
import { useQuery } from '../stores/use-query';

export function MessagesPage() {
  const param = useParams().conversationId;
  const conversationId = param && /^\d+$/.test(param) ? Number(param) : null;
  const navigate = useNavigate();
  const [refresh, setRefresh] = useState(0);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const changed = useCallback(() => setRefresh((n) => n + 1), []);
  const list = useQuery(() => call(api.listConversations), [refresh]);
  const recipients = useQuery(() => call(api.messageRecipients), []);

  // A new message or a read receipt for me: reload what is shown.
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_PREFIX}${api.myEvents.path}`, { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | null = null;
    source.onmessage = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(changed, 300);
    };
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [changed]);

  const ledClasses = recipients.data?.ledClasses ?? [];
  const unreadTotal = list.data?.unreadTotal ?? 0;
  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={2}>Сообщения</Title>
          {unreadTotal > 0 && <Badge aria-label={`Непрочитанных сообщений: ${unreadTotal}`}>{unreadTotal}</Badge>}
        </Group>
        <Group gap="xs">
          <Button onClick={() => setDialog('direct')} disabled={!recipients.data}>
            Новое сообщение
          </Button>
          {ledClasses.length > 0 && (
            <Button variant="light" onClick={() => setDialog('class')}>
              Сообщение родителям класса
            </Button>
          )}
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="xs">
            <QueryView query={list}>{(data) => <ConversationList conversations={data.conversations} selectedId={conversationId} />}</QueryView>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {conversationId !== null ? (
            <ConversationPanel key={conversationId} conversationId={conversationId} refresh={refresh} onChanged={changed} />
          ) : (
            <Text c="dimmed">Выберите переписку слева или напишите новое сообщение.</Text>
          )}
        </Grid.Col>
      </Grid>
      {dialog && recipients.data && (
        <NewMessageDialog
          kind={dialog}
          recipients={recipients.data}
          onClose={() => setDialog(null)}
          onSent={(view) => {
            setDialog(null);
            changed();
            void navigate(`/messages/${view.conversation.id}`);
          }}
        />
      )}
    </Stack>
  );
}
