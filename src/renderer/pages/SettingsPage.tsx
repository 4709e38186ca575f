// System parameters: network access of the journal server (127.0.0.1 only, or the school LAN), and the diary's
// reminder period for parents' «Ознакомлен» (3.7: 14 days by default).

import { Alert, Button, Group, NumberInput, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../shared/api/contract';
import { call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

function DiarySettings() {
  const query = useQuery(() => call(api.getDiarySettings), []);
  const [days, setDays] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function save(value: number) {
    setMessage(null);
    try {
      await call(api.updateDiarySettings, { body: { acknowledgeDays: value } });
      setMessage({ ok: true, text: 'Сохранено' });
      query.reload();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  }
  return (
    <QueryView query={query}>
      {(settings) => (
        <Paper withBorder p="lg" mt="md">
          <Group align="end">
            <NumberInput
              label="Родитель считается не ознакомившимся с дневником через, дней"
              min={1}
              max={90}
              value={days ?? settings.acknowledgeDays}
              onChange={(v) => setDays(typeof v === 'number' ? v : null)}
              w={420}
            />
            <Button onClick={() => void save(days ?? settings.acknowledgeDays)}>Сохранить</Button>
          </Group>
          {message && (
            <Text size="sm" c={message.ok ? 'green' : 'red'} mt="xs">
              {message.text}
            </Text>
          )}
        </Paper>
      )}
    </QueryView>
  );
}

export function SettingsPage() {
  const query = useQuery(() => call(api.getNetworkSettings), []);
  const [error, setError] = useState<string | null>(null);

  async function toggle(lanEnabled: boolean) {
    setError(null);
    try {
      await call(api.updateNetworkSettings, { body: { lanEnabled } });
      query.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <>
      <Title order={2} mb="md">
        Параметры
      </Title>
      <QueryView query={query}>
        {(n) => (
          <Paper withBorder p="lg">
            <Stack>
              <Switch
                label="Доступ к журналу из локальной сети школы"
                description="Выключено: журнал открывается только на этом компьютере. Включено: учителя подключаются с компьютеров в учительской."
                checked={n.lanEnabled}
                onChange={(e) => void toggle(e.currentTarget.checked)}
              />
              <Text size="sm">
                Сервер слушает {n.listeningOn}:{n.port}.
                {n.lanEnabled && n.lanAddresses.length > 0 && ` Адрес для учителей: ${n.lanAddresses.map((a) => `http://${a}:${n.port}`).join(', ')}`}
              </Text>
              {error && <Alert color="red">{error}</Alert>}
            </Stack>
          </Paper>
        )}
      </QueryView>
      <DiarySettings />
    </>
  );
}
