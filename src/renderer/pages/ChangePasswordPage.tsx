// Replacing the initial password (forced at first login) or changing one's own password.

import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { passwordProblem } from '../../shared/domain/passwords';
import { errorText } from '../api/client';
import { useSession } from '../stores/session-store';

export function ChangePasswordPage({ isForced }: { isForced: boolean }) {
  const { me, changePassword, logOut } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = passwordProblem(next, me?.user.login ?? ' ');
    if (problem) return setError(problem);
    if (next !== repeat) return setError('Новые пароли не совпадают');
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      notifications.show({ color: 'green', message: 'Пароль изменён' });
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size={460} py={isForced ? 80 : 'md'}>
      <Title order={2}>{isForced ? 'Задайте свой пароль' : 'Смена пароля'}</Title>
      {isForced && (
        <Text c="dimmed" mb="md">
          Вы вошли с первичным паролем, выданным администратором. Придумайте свой пароль: его будете знать только вы.
        </Text>
      )}
      <Paper withBorder p="lg">
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <PasswordInput label={isForced ? 'Первичный пароль' : 'Текущий пароль'} autoComplete="current-password" required autoFocus value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
            <PasswordInput label="Новый пароль" description="Не короче 8 символов, буквы и цифры" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.currentTarget.value)} />
            <PasswordInput label="Новый пароль ещё раз" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={isBusy}>
              Сохранить пароль
            </Button>
            {isForced && (
              <Button variant="subtle" onClick={() => void logOut()}>
                Выйти
              </Button>
            )}
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
