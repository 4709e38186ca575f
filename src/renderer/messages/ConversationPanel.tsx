// One conversation: its messages (author, time, text with its line breaks, files, read receipts) and the reply box.
// Message text is always rendered as text by React, never as HTML.

import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../shared/api/contract';
import { API_PREFIX } from '../../shared/api/endpoint';
import type { ConversationView, MessageView } from '../../shared/api/messages-schemas';
import { call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { conversationTitle } from './ConversationList';
import { FilePicker } from './FilePicker';
import { encodeFiles, messageTime, sizeText } from './message-files';

function receiptText(kind: 'direct' | 'class', receipt: NonNullable<MessageView['receipt']>): string {
  if (kind === 'direct' || receipt.of === 1) return receipt.read >= 1 ? 'прочитано' : 'доставлено';
  return `прочитали ${receipt.read} из ${receipt.of}`;
}

export function ConversationPanel({ conversationId, refresh, onChanged }: { conversationId: number; refresh: number; onChanged: () => void }) {
  const query = useQuery(() => call(api.getConversation, { params: { conversationId } }), [conversationId, refresh]);
  const unread = query.data?.conversation.unread ?? 0;
  const markedFor = useRef<string | null>(null);

  // Opening the conversation reads it: once per loaded state with unread messages.
  useEffect(() => {
    const key = `${conversationId}:${query.data?.messages.at(-1)?.id ?? 0}`;
    if (unread === 0 || markedFor.current === key) return;
    markedFor.current = key;
    void call(api.markRead, { params: { conversationId }, body: {} }).then(onChanged, () => undefined);
  }, [conversationId, unread, query.data, onChanged]);

  return <QueryView query={query}>{(data) => <Conversation data={data} onChanged={onChanged} />}</QueryView>;
}

function Conversation({ data, onChanged }: { data: ConversationView; onChanged: () => void }) {
  const c = data.conversation;
  const [privateTo, setPrivateTo] = useState<string | null>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const lastId = data.messages.at(-1)?.id;
  // Braces: newer browsers return a promise from scrollIntoView, and an effect may return only a cleanup function.
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'nearest' });
  }, [lastId]);

  return (
    <Stack gap="sm">
      <div>
        <Title order={3}>{c.subject}</Title>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {c.kind === 'class' ? `Сообщение классу ${c.className ?? ''}` : 'Переписка'} · {conversationTitle(c)}
          </Text>
          {c.studentName && (
            <Badge variant="light" size="sm">
              об обучающемся: {c.studentName}
            </Badge>
          )}
        </Group>
      </div>
      <Stack gap="xs" role="log" aria-label="Сообщения">
        {data.messages.map((m) => (
          <Paper
            key={m.id}
            withBorder
            p="sm"
            maw="85%"
            style={{ alignSelf: m.isMine ? 'flex-end' : 'flex-start' }}
            bg={m.isMine ? 'var(--mantine-color-blue-0)' : undefined}
            data-testid={`message-${m.id}`}
          >
            <Group justify="space-between" gap="md" wrap="nowrap">
              <Text fw={600} size="sm">
                {m.isMine ? 'Вы' : m.authorName}
              </Text>
              <Text size="xs" c="dimmed">
                {messageTime(m.createdAt)}
              </Text>
            </Group>
            {m.privateToName && (
              <Badge size="xs" variant="light" color="grape">
                {m.isMine ? `лично: ${m.privateToName}` : 'лично вам'}
              </Badge>
            )}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {m.body}
            </Text>
            {m.attachments.length > 0 && (
              <Stack gap={2} mt={4}>
                {m.attachments.map((a) => (
                  <Group key={a.id} gap="xs">
                    <Anchor size="sm" href={`${API_PREFIX}/conversations/${c.id}/attachments/${a.id}`} download={a.fileName}>
                      {a.fileName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {sizeText(a.size)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            )}
            <Group justify="flex-end" gap="xs" mt={2}>
              {data.canReplyPrivately && !m.isMine && (
                <Button size="compact-xs" variant="subtle" onClick={() => setPrivateTo(String(m.authorUserId))}>
                  Ответить лично
                </Button>
              )}
              {m.receipt && (
                <Text size="xs" c="dimmed" data-testid="receipt">
                  {receiptText(c.kind, m.receipt)}
                </Text>
              )}
            </Group>
          </Paper>
        ))}
        <div ref={bottom} />
      </Stack>
      <ReplyBox data={data} privateTo={privateTo} onPrivateTo={setPrivateTo} onSent={onChanged} />
    </Stack>
  );
}

function ReplyBox({ data, privateTo, onPrivateTo, onSent }: { data: ConversationView; privateTo: string | null; onPrivateTo: (v: string | null) => void; onSent: () => void }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [isSending, setSending] = useState(false);
  const c = data.conversation;

  async function send() {
    if (isSending || body.trim() === '') return;
    setSending(true);
    setError(null);
    try {
      const attachments = files.length > 0 ? await encodeFiles(files) : undefined;
      await call(api.postMessage, {
        params: { conversationId: c.id },
        body: { body, ...(attachments ? { attachments } : {}), ...(data.canReplyPrivately && privateTo ? { privateToUserId: Number(privateTo) } : {}) },
      });
      setBody('');
      setFiles([]);
      onPrivateTo(null);
      onSent();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        {data.canReplyPrivately && (
          <Select
            label="Кому"
            value={privateTo}
            onChange={onPrivateTo}
            clearable
            searchable
            placeholder="Всем родителям класса"
            data={c.members.map((m) => ({ value: String(m.userId), label: m.note ? `${m.name} (${m.note})` : m.name }))}
          />
        )}
        <Textarea
          label="Ответ"
          description={`Получит: ${data.canReplyPrivately && privateTo ? (c.members.find((m) => String(m.userId) === privateTo)?.name ?? '') + ' (лично)' : data.replyTo}`}
          autosize
          minRows={3}
          maxRows={12}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          disabled={isSending}
        />
        <FilePicker files={files} onChange={setFiles} onProblem={setError} disabled={isSending} />
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Text size="xs" c="dimmed">
            Ctrl+Enter — отправить
          </Text>
          <Button onClick={() => void send()} loading={isSending} disabled={body.trim() === ''}>
            Отправить
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
