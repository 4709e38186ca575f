// First run: the school's name and the first administrator, with a password they choose.

import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { passwordProblem } from '../../shared/domain/passwords';
import { ApiError, errorText } from '../api/client';
import { useSession } from '../stores/session-store';

export function SetupPage() {
  const setUp = useSession((s) => s.setUp);
  const [form, setForm] = useState({ schoolName: '', lastName: '', firstName: '', middleName: '', login: '', password: '', repeat: '' });
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = passwordProblem(form.password, form.login || ' ');
    if (problem) return setError(problem);
    if (form.password !== form.repeat) return setError('Пароли не совпадают');
    setBusy(true);
    setError(null);
    try {
      await setUp({
        schoolName: form.schoolName,
        admin: { lastName: form.lastName, firstName: form.firstName, middleName: form.middleName || null, login: form.login, password: form.password },
      });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size="xs" py="xl">
      <Title order={2}>Первоначальная настройка</Title>
      <Text c="dimmed" mb="md">
        Укажите школу и создайте учётную запись администратора журнала. Пароль придумайте сами: паролей по умолчанию нет.
      </Text>
      <Paper withBorder p="lg">
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <TextInput label="Название школы" required autoFocus {...field('schoolName')} />
            <TextInput label="Фамилия" required {...field('lastName')} />
            <TextInput label="Имя" required {...field('firstName')} />
            <TextInput label="Отчество" {...field('middleName')} />
            <TextInput label="Логин" description="Латинские буквы, цифры и точки, например admin или ivanova.ap" required {...field('login')} />
            <PasswordInput label="Пароль" description="Не короче 8 символов, буквы и цифры" required {...field('password')} />
            <PasswordInput label="Пароль ещё раз" required {...field('repeat')} />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={isBusy}>
              Создать школу и войти
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
