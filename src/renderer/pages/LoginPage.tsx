import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorText } from '../api/client';
import { useSession } from '../stores/session-store';

export function LoginPage() {
  const { logIn, schoolName, notice } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(login, password);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size={420} py={80}>
      <Title order={2} ta="center">
        Электронный журнал
      </Title>
      {schoolName && (
        <Text ta="center" c="dimmed" mb="lg">
          {schoolName}
        </Text>
      )}
      <Paper withBorder p="lg">
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            {notice && <Alert color="yellow">{notice}</Alert>}
            <TextInput label="Логин" autoComplete="username" required autoFocus value={login} onChange={(e) => setLogin(e.currentTarget.value)} />
            <PasswordInput label="Пароль" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={isBusy}>
              Войти
            </Button>
            <Text size="xs" c="dimmed">
              Логин и первичный пароль выдаёт администратор журнала школы.
            </Text>
            <Anchor component={Link} to="/register" size="sm">
              Я родитель и у меня есть код активации
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
