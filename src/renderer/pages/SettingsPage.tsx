// System parameters: network access of the journal server (127.0.0.1 only, or the school LAN).

import { Alert, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../shared/api/contract';
import { call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

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
    </>
  );
}
