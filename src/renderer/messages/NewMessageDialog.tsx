// «Новое сообщение» (to one person I may write to, picked from /messages/recipients) and «Сообщение родителям
// класса» (a class teacher to all parents of their class; each parent's reply reaches the class teacher only).

import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { api } from '../../shared/api/contract';
import type { ConversationView, Recipients } from '../../shared/api/messages-schemas';
import { call, errorText } from '../api/client';
import { FilePicker } from './FilePicker';
import { encodeFiles } from './message-files';

export type DialogKind = 'direct' | 'class';

export function NewMessageDialog({ kind, recipients, onClose, onSent }: { kind: DialogKind; recipients: Recipients; onClose: () => void; onSent: (view: ConversationView) => void }) {
  const options = recipientOptions(recipients);
  const [to, setTo] = useState<string | null>(null);
  const [classId, setClassId] = useState<string | null>(recipients.ledClasses.length === 1 ? String(recipients.ledClasses[0]!.id) : null);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [isSending, setSending] = useState(false);
  const chosen = to ? options.byValue.get(to) : undefined;
  const ready = subject.trim() !== '' && body.trim() !== '' && (kind === 'direct' ? Boolean(chosen) : Boolean(classId));

  async function send() {
    if (!ready || isSending) return;
    setSending(true);
    setError(null);
    try {
      const attachments = files.length > 0 ? await encodeFiles(files) : undefined;
      const view =
        kind === 'direct'
          ? await call(api.startConversation, {
              body: { recipientUserId: chosen!.userId, subject, body, ...(chosen!.studentId !== null ? { studentId: chosen!.studentId } : {}), ...(attachments ? { attachments } : {}) },
            })
          : await call(api.startClassConversation, { params: { classId: Number(classId) }, body: { subject, body, ...(attachments ? { attachments } : {}) } });
      onSent(view);
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
    <Modal opened onClose={onClose} title={kind === 'direct' ? 'Новое сообщение' : 'Сообщение родителям класса'} size="lg">
      <Stack gap="sm">
        {kind === 'direct' ? (
          options.data.length === 0 ? (
            <Alert color="yellow">Сейчас вам некому написать: нет учителей, родителей или сотрудников, с которыми вы связаны.</Alert>
          ) : (
            <Select
              label="Кому"
              placeholder="Начните вводить фамилию"
              searchable
              limit={200}
              data={options.data}
              value={to}
              onChange={setTo}
              nothingFoundMessage="Никого не найдено"
              required
            />
          )
        ) : (
          <>
            <Select
              label="Класс"
              data={recipients.ledClasses.map((c) => ({ value: String(c.id), label: `${c.name} — родителей: ${c.parentCount}` }))}
              value={classId}
              onChange={setClassId}
              required
            />
            <Text size="sm" c="dimmed">
              Сообщение получат все родители класса. Ответ каждого родителя увидите только вы.
            </Text>
          </>
        )}
        <TextInput label="Тема" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} maxLength={200} required />
        <Textarea label="Сообщение" autosize minRows={5} maxRows={16} value={body} onChange={(e) => setBody(e.currentTarget.value)} onKeyDown={onKeyDown} required />
        <FilePicker files={files} onChange={setFiles} onProblem={setError} disabled={isSending} />
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Text size="xs" c="dimmed">
            Ctrl+Enter — отправить
          </Text>
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button onClick={() => void send()} loading={isSending} disabled={!ready}>
            Отправить
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface Option {
  userId: number;
  studentId: number | null;
}

/** Grouped options of the picker; a person may be in several groups (about different children). */
function recipientOptions(recipients: Recipients) {
  const byValue = new Map<string, Option>();
  const data = recipients.groups
    .map((g) => ({
      group: g.label,
      items: g.recipients.flatMap((r) => {
        const value = `${r.userId}:${r.studentId ?? ''}`;
        if (byValue.has(value)) return [];
        byValue.set(value, { userId: r.userId, studentId: r.studentId });
        return [{ value, label: r.note ? `${r.name} — ${r.note}` : r.name }];
      }),
    }))
    .filter((g) => g.items.length > 0);
  return { data, byValue };
}
