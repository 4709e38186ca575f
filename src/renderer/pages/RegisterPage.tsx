// A parent registers themselves with the activation code printed on the sheet the class teacher handed out
// (3.3, 3.7): the code, their name, a login (suggested from the name) and a password they choose. On success
// the server signs them in, and they land on their children.

import { Alert, Anchor, Button, Container, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title, type TextInputProps } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api/contract';
import { CODE_LENGTH, formatActivationCode, normaliseActivationCode } from '../../shared/domain/activation-codes';
import { LOGIN_PATTERN, suggestLogin } from '../../shared/domain/logins';
import { passwordProblem } from '../../shared/domain/passwords';
import { ApiError, call, errorText } from '../api/client';
import { useSession } from '../stores/session-store';

/** What a typed code looks like while typing: upper case, Cyrillic look-alikes as Latin, in groups XXXXX-XXXXX. */
export function formatTypedCode(typed: string): string {
  return formatActivationCode(normaliseActivationCode(typed).slice(0, CODE_LENGTH));
}

/** Refusal before asking the server: only a code of the wrong length (the server says the rest). */
export function typedCodeProblem(typed: string): string | null {
  const length = normaliseActivationCode(typed).length;
  if (length === 0) return 'Введите код с листка, который выдал классный руководитель';
  if (length !== CODE_LENGTH) return `Код состоит из ${CODE_LENGTH} латинских букв и цифр, например K7MQX-4TPRW`;
  return null;
}

/** The activation code field: formats as the parent types (XXXXX-XXXXX), accepts the Russian layout's look-alikes. */
export function ActivationCodeInput({ value, onChange, ...props }: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (value: string) => void }) {
  return (
    <TextInput
      label="Код активации"
      placeholder="XXXXX-XXXXX"
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      styles={{ input: { fontFamily: 'monospace', letterSpacing: '0.08em' } }}
      {...props}
      value={value}
      onChange={(e) => onChange(formatTypedCode(e.currentTarget.value))}
    />
  );
}

const EMPTY = { code: '', lastName: '', firstName: '', middleName: '', login: '', password: '', repeat: '', phone: '', email: '' };
type Field = keyof typeof EMPTY;
const NAME_FIELDS: readonly Field[] = ['lastName', 'firstName', 'middleName'];

export function RegisterPage() {
  const navigate = useNavigate();
  const schoolName = useSession((s) => s.schoolName);
  const [form, setForm] = useState(EMPTY);
  /** Once the parent edits the login themselves, the name no longer changes it. */
  const [isLoginEdited, setLoginEdited] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  function update(name: Field, value: string) {
    const next = { ...form, [name]: value };
    if (NAME_FIELDS.includes(name) && !isLoginEdited) {
      next.login = next.lastName.trim() && next.firstName.trim() ? suggestLogin(next.lastName.trim(), next.firstName.trim(), next.middleName.trim() || null) : '';
    }
    if (name === 'login') setLoginEdited(value !== '');
    setForm(next);
    if (fieldErrors[name]) setFieldErrors({ ...fieldErrors, [name]: undefined });
  }
  const field = (name: Field) => ({
    value: form[name],
    error: fieldErrors[name],
    onChange: (e: { currentTarget: { value: string } }) => update(name, e.currentTarget.value),
  });

  const login = form.login.trim().toLowerCase();
  const livePasswordProblem = form.password ? passwordProblem(form.password, login || ' ') : null;

  function localProblems(): Partial<Record<Field, string>> {
    const problems: Partial<Record<Field, string>> = {};
    const codeProblem = typedCodeProblem(form.code);
    if (codeProblem) problems.code = codeProblem;
    if (!form.lastName.trim()) problems.lastName = 'Укажите фамилию';
    if (!form.firstName.trim()) problems.firstName = 'Укажите имя';
    if (!LOGIN_PATTERN.test(login)) problems.login = 'Логин: 3-40 латинских букв, цифр, точек, дефисов или подчёркиваний';
    const passwordIssue = passwordProblem(form.password, login || ' ');
    if (passwordIssue) problems.password = passwordIssue;
    else if (form.password !== form.repeat) problems.repeat = 'Пароли не совпадают';
    return problems;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (isBusy) return;
    const problems = localProblems();
    setFieldErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const me = await call(api.registerParent, {
        body: {
          code: normaliseActivationCode(form.code),
          lastName: form.lastName.trim(),
          firstName: form.firstName.trim(),
          middleName: form.middleName.trim() || null,
          login,
          password: form.password,
          ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
          ...(form.email.trim() ? { email: form.email.trim() } : {}),
        },
      });
      // Signed in (the server set the session cookie): the same state change as after the login form.
      void navigate('/children', { replace: true });
      useSession.setState({ status: 'signed-in', me, notice: null });
    } catch (e) {
      setBusy(false);
      if (!(e instanceof ApiError)) return setError(errorText(e));
      if (e.status === 409) return setFieldErrors({ login: e.message });
      const shown: Partial<Record<Field, string>> = {};
      for (const f of e.problem.errors ?? []) if (f.field in EMPTY) shown[f.field as Field] = f.message;
      setFieldErrors(shown);
      if (Object.keys(shown).length === 0) setError(e.message);
    }
  }

  return (
    <Container size={560} py="xl">
      <Title order={2} ta="center">
        Регистрация родителя по коду
      </Title>
      {schoolName && (
        <Text ta="center" c="dimmed">
          {schoolName}
        </Text>
      )}
      <Text c="dimmed" size="sm" ta="center" mb="lg">
        Код активации напечатан на листке, который выдал классный руководитель. Один код — для одного ребёнка, он действует один раз.
      </Text>
      <Paper withBorder p="lg">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <ActivationCodeInput required autoFocus value={form.code} error={fieldErrors.code} onChange={(code) => update('code', code)} />
            <TextInput label="Фамилия" required autoComplete="family-name" {...field('lastName')} />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput label="Имя" required autoComplete="given-name" {...field('firstName')} />
              <TextInput label="Отчество" autoComplete="additional-name" {...field('middleName')} />
            </SimpleGrid>
            <TextInput
              label="Логин"
              description="Предложен по фамилии и инициалам; можно изменить (латинские буквы, цифры, точки)"
              required
              autoComplete="username"
              {...field('login')}
            />
            <PasswordInput
              label="Пароль"
              description={livePasswordProblem ?? (form.password ? 'Пароль подходит' : 'Не короче 8 символов, буквы и цифры; придумайте сами')}
              required
              autoComplete="new-password"
              {...field('password')}
            />
            <PasswordInput label="Пароль ещё раз" required autoComplete="new-password" {...field('repeat')} />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput label="Телефон" description="Необязательно" type="tel" autoComplete="tel" {...field('phone')} />
              <TextInput label="Электронная почта" description="Необязательно" type="email" autoComplete="email" {...field('email')} />
            </SimpleGrid>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={isBusy}>
              Зарегистрироваться и войти
            </Button>
            <Anchor component={Link} to="/" size="sm" ta="center">
              У меня уже есть логин и пароль — войти
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
