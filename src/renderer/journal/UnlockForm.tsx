// Deputies and the administrator (page.canUnlock) open past dates of this page for corrections, with a reason
// that goes to the audit log; the unlocks in force are listed.

import { Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/contract';
import { call, errorText } from '../api/client';
import { ruDate, type JournalKey, type JournalPageData } from './journal-model';

/** '15.09.2026' -> '2026-09-15', or null when it is not such a date. */
function isoFromRu(text: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!m) return null;
  return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

export function UnlockForm({ journalKey, page, onDone }: { journalKey: JournalKey; page: JournalPageData; onDone(): void }) {
  const [fromDate, setFromDate] = useState(ruDate(page.period.startDate));
  const [toDate, setToDate] = useState(ruDate(page.today < page.period.endDate ? page.today : page.period.endDate));
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState<number | string>(24);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const from = isoFromRu(fromDate);
    const to = isoFromRu(toDate);
    if (!from || !to) {
      setMessage({ ok: false, text: 'Укажите даты в виде ДД.ММ.ГГГГ, например 15.09.2026' });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const reply = await call(api.unlockJournal, { params: journalKey, body: { fromDate: from, toDate: to, reason: reason.trim(), hours: Number(hours) || 24 } });
      setMessage({ ok: true, text: `Записи с ${ruDate(reply.unlock.fromDate)} по ${ruDate(reply.unlock.toDate)} разблокированы` });
      setReason('');
      onDone();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" className="journal-panel" data-testid="unlock-form">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="xs">
          <Title order={4}>Разблокировать записи</Title>
          <Text size="sm" c="dimmed">
            Учитель сможет исправить отметки и посещаемость за эти даты. Причина попадёт в журнал изменений.
          </Text>
          <Group align="end" gap="xs">
            <TextInput label="С даты" placeholder="ДД.ММ.ГГГГ" w={140} value={fromDate} onChange={(e) => setFromDate(e.currentTarget.value)} required />
            <TextInput label="По дату" placeholder="ДД.ММ.ГГГГ" w={140} value={toDate} onChange={(e) => setToDate(e.currentTarget.value)} required />
            <NumberInput label="Срок, часов" w={120} min={1} max={168} value={hours} onChange={setHours} allowDecimal={false} />
          </Group>
          <TextInput label="Причина" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} required minLength={5} />
          <Group>
            <Button type="submit" loading={isBusy}>
              Разблокировать
            </Button>
            {message && (
              <Text size="sm" c={message.ok ? 'green' : 'red'}>
                {message.text}
              </Text>
            )}
          </Group>
          {page.unlocks.length > 0 && (
            <Table withTableBorder fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Даты</Table.Th>
                  <Table.Th>Причина</Table.Th>
                  <Table.Th>Кто разрешил</Table.Th>
                  <Table.Th>Действует до</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.unlocks.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      {ruDate(u.fromDate)} – {ruDate(u.toDate)}
                    </Table.Td>
                    <Table.Td>{u.reason}</Table.Td>
                    <Table.Td>{u.grantedBy}</Table.Td>
                    <Table.Td>{new Date(u.expiresAt).toLocaleString('ru-RU')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
