import { Alert, Button, Card, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import { normaliseActivationCode } from '../../shared/domain/activation-codes';
import { ApiError, call, errorText } from '../api/client';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useSession } from '../stores/session-store';
import { useQuery } from '../stores/use-query';
import { ActivationCodeInput, typedCodeProblem } from './RegisterPage';

/** A parent's children (or a pupil's own record), each opening the diary. */
export function ChildrenPage({ title }: { title: string }) {
  const isParent = useSession((s) => s.me?.user.roles.includes('parent') ?? false);
  const query = useQuery(() => call(api.myChildren), []);
  return (
    <>
      <Title order={2} mb="md">
        {title}
      </Title>
      <QueryView query={query}>
        {(data) =>
          data.children.length === 0 ? (
            <Text c="dimmed">
              {isParent
                ? 'Пока никто не привязан к вашей учётной записи. Добавьте ребёнка по коду активации от классного руководителя.'
                : 'Пока никто не привязан к вашей учётной записи. Обратитесь к классному руководителю.'}
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {data.children.map((c) => (
                <Card key={c.id} withBorder component={Link} to={`/diary/${c.id}`} data-testid="child-card">
                  <Text fw={600}>{fullName(c)}</Text>
                  <Text c="dimmed">{c.className ? `${c.className} класс` : 'не зачислен'}</Text>
                </Card>
              ))}
            </SimpleGrid>
          )
        }
      </QueryView>
      {isParent && <LinkChildForm onLinked={query.reload} />}
    </>
  );
}

/** «Добавить ребёнка по коду»: a further child attached with the code from their class teacher's sheet. */
function LinkChildForm({ onLinked }: { onLinked: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [linked, setLinked] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (isBusy) return;
    setLinked(null);
    const problem = typedCodeProblem(code);
    if (problem) return setError(problem);
    setError(null);
    setBusy(true);
    try {
      const { child } = await call(api.linkChild, { body: { code: normaliseActivationCode(code) } });
      setCode('');
      setLinked(`${fullName(child)}${child.className ? `, ${child.className} класс` : ''}`);
      onLinked();
    } catch (e) {
      setError(e instanceof ApiError ? (e.fieldMessage('code') ?? e.message) : errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" mt="xl" maw={560}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Title order={4} mb={4}>
          Добавить ребёнка по коду
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Код активации выдаёт классный руководитель ребёнка; он действует один раз.
        </Text>
        <Group align="flex-start">
          <ActivationCodeInput
            label="Код активации"
            value={code}
            error={error}
            onChange={(value) => {
              setCode(value);
              setError(null);
            }}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={isBusy} mt={25}>
            Добавить
          </Button>
        </Group>
        {linked && (
          <Alert color="green" mt="sm" role="status">
            Ребёнок добавлен: {linked}
          </Alert>
        )}
      </form>
    </Paper>
  );
}
