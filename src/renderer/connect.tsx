// Shown by the Electron shell on first start (from a local file): is this PC the school's
// server, or a desktop that connects to it? Uses window.desktop from the preload.

import '@mantine/core/styles.css';
import { Alert, Button, Container, Group, MantineProvider, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { DesktopApi } from '../shared/desktop-api';
import { theme } from './theme';

declare global {
  interface Window {
    desktop?: DesktopApi;
  }
}

function ConnectPage() {
  const [address, setAddress] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const desktop = window.desktop;

  async function run(action: () => Promise<{ ok: true } | { ok: false; message: string }>) {
    setBusy(true);
    setMessage(null);
    const result = await action();
    setBusy(false);
    if (!result.ok) setMessage(result.message);
  }

  if (!desktop) return <Alert color="red">Эта страница работает только в настольном приложении.</Alert>;
  return (
    <Container size="sm" py="xl">
      <Title order={2} mb="md">
        Электронный журнал: первый запуск на этом компьютере
      </Title>
      <Stack>
        <Paper withBorder p="lg">
          <Title order={4}>Этот компьютер — сервер школы</Title>
          <Text size="sm" c="dimmed" mb="sm">
            Здесь будет храниться журнал. Выберите это на компьютере администратора. Другие компьютеры школы подключатся к нему по сети.
          </Text>
          <Button loading={isBusy} onClick={() => void run(() => desktop.chooseServerMode())}>
            Хранить журнал на этом компьютере
          </Button>
        </Paper>
        <Paper withBorder p="lg">
          <Title order={4}>Подключиться к серверу школы</Title>
          <Text size="sm" c="dimmed" mb="sm">
            Адрес сервера сообщит администратор (например, 192.168.1.10). Он запоминается, спрашивать больше не будем.
          </Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => desktop.chooseClientMode(address));
            }}
          >
            <Group align="end">
              <TextInput label="Адрес сервера журнала" value={address} onChange={(e) => setAddress(e.currentTarget.value)} autoFocus style={{ flex: 1 }} />
              <Button type="submit" loading={isBusy}>
                Подключиться
              </Button>
            </Group>
          </form>
        </Paper>
        {message && <Alert color="red">{message}</Alert>}
      </Stack>
    </Container>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <ConnectPage />
    </MantineProvider>
  </StrictMode>,
);
