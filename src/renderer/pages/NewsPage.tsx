// News and events of the school (issue 5, item 8): everyone reads the feed of their own scope (the server picks
// it: the school's news, and those of the levels and classes of one's children); the administrator, the director
// and the deputies publish for the whole school, a level or a class, optionally with the date of the event, and
// take news off. The text is shown as text: whatever markup it holds is never interpreted.

import { Alert, Badge, Button, Card, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { NEWS_SCOPE_LABELS, NEWS_SCOPES } from '../../shared/api/news-schemas';
import type { Me } from '../../shared/api/schemas';
import { formatDateRu } from '../../shared/domain/calendar';
import { roleGrants } from '../../shared/domain/permissions';
import { ApiError, call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { RuDateInput } from './ControlPage';

type NewsItem = ResponseOf<typeof api.myNews>['news'][number];
type Scope = (typeof NEWS_SCOPES)[number];

function audience(n: NewsItem): string {
  if (n.scope === 'class') return `${n.className ?? ''} класс`;
  if (n.scope === 'level') return `${n.level ?? ''}-е классы`;
  return 'Вся школа';
}

function formatMoment(iso: string): string {
  const at = new Date(iso);
  return `${at.toLocaleDateString('ru-RU')} ${at.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' })}`;
}

export function NewsPage({ me }: { me: Me }) {
  const feed = useQuery(() => call(api.myNews), []);
  const canPublish = roleGrants(me.user.roles, 'news.publish');
  const [isFormOpen, setFormOpen] = useState(false);

  const remove = async (n: NewsItem) => {
    if (!window.confirm(`Снять с публикации «${n.title}»?`)) return;
    try {
      await call(api.removeNews, { params: { newsId: n.id } });
      notifications.show({ message: 'Новость снята с публикации' });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    }
    feed.reload();
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Новости и объявления</Title>
        {canPublish && <Button onClick={() => setFormOpen(true)}>Опубликовать</Button>}
      </Group>
      <QueryView query={feed}>
        {(data) =>
          data.news.length === 0 ? (
            <Text c="dimmed">Новостей пока нет.</Text>
          ) : (
            <Stack gap="sm">
              {data.news.map((n) => (
                <Card key={n.id} withBorder padding="md" data-testid="news-item">
                  <Group justify="space-between" align="start" wrap="nowrap">
                    <Stack gap={4} style={{ minWidth: 0 }}>
                      <Group gap="xs">
                        <Badge variant="light" color={n.scope === 'school' ? 'blue' : n.scope === 'level' ? 'grape' : 'teal'}>
                          {audience(n)}
                        </Badge>
                        {n.eventDate && (
                          <Badge variant="filled" color="orange">
                            Событие {formatDateRu(n.eventDate)}
                          </Badge>
                        )}
                      </Group>
                      <Title order={4} style={{ overflowWrap: 'anywhere' }}>
                        {n.title}
                      </Title>
                      <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{n.body}</Text>
                      <Text size="xs" c="dimmed">
                        {n.publishedByName}, {formatMoment(n.publishedAt)}
                      </Text>
                    </Stack>
                    {canPublish && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => void remove(n)}>
                        Снять
                      </Button>
                    )}
                  </Group>
                </Card>
              ))}
            </Stack>
          )
        }
      </QueryView>
      <Modal opened={isFormOpen} onClose={() => setFormOpen(false)} title="Новость или объявление" size="lg">
        {isFormOpen && (
          <PublishForm
            onDone={() => {
              setFormOpen(false);
              feed.reload();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

const LEVELS = Array.from({ length: 11 }, (_, i) => String(i + 1));

function PublishForm({ onDone }: { onDone(): void }) {
  const classes = useQuery(() => call(api.listClasses), []);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [scope, setScope] = useState<Scope>('school');
  const [level, setLevel] = useState<string | null>(null);
  const [classId, setClassId] = useState<string | null>(null);
  const [hasDate, setHasDate] = useState(false);
  const [eventDate, setEventDate] = useState(() => new Date().toLocaleDateString('sv-SE'));
  const [problem, setProblem] = useState<ApiError | string | null>(null);
  const [isSaving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      const result = await call(api.publishNews, {
        body: {
          title,
          body,
          scope,
          ...(scope === 'level' ? { level: level ? Number(level) : null } : {}),
          ...(scope === 'class' ? { classId: classId ? Number(classId) : null } : {}),
          eventDate: hasDate ? eventDate : null,
        },
      });
      notifications.show({ color: 'green', message: `Опубликовано. Уведомлений отправлено: ${result.notified}` });
      onDone();
    } catch (error) {
      setProblem(error instanceof ApiError ? error : errorText(error));
    } finally {
      setSaving(false);
    }
  };
  const fieldError = (field: string) => (problem instanceof ApiError ? problem.fieldMessage(field) : undefined);

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack>
        <TextInput label="Заголовок" required maxLength={200} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={fieldError('title')} />
        <Textarea label="Текст" required maxLength={5000} autosize minRows={4} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={fieldError('body')} />
        <div>
          <Text size="sm" fw={500} mb={4}>
            Кому
          </Text>
          <SegmentedControl value={scope} onChange={(v) => setScope(v as Scope)} data={NEWS_SCOPES.map((s) => ({ value: s, label: NEWS_SCOPE_LABELS[s] }))} />
        </div>
        {scope === 'level' && <Select label="Параллель" required w={200} data={LEVELS.map((l) => ({ value: l, label: `${l}-е классы` }))} value={level} onChange={setLevel} error={fieldError('level')} />}
        {scope === 'class' && (
          <Select
            label="Класс"
            required
            w={200}
            searchable
            data={(classes.data?.classes ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
            value={classId}
            onChange={setClassId}
            error={fieldError('classId')}
          />
        )}
        <Group align="end">
          <Checkbox label="Событие с датой (собрание, концерт, экскурсия)" checked={hasDate} onChange={(e) => setHasDate(e.currentTarget.checked)} />
          {hasDate && <RuDateInput label="Дата события" value={eventDate} onChange={setEventDate} />}
        </Group>
        <Text size="xs" c="dimmed">
          Получат уведомление: {scope === 'school' ? 'все родители, обучающиеся и сотрудники школы' : 'родители и обучающиеся выбранных классов, их классные руководители и учителя'}.
        </Text>
        {problem && <Alert color="red">{problem instanceof ApiError ? problem.message : problem}</Alert>}
        <Group justify="end">
          <Button type="submit" loading={isSaving}>
            Опубликовать
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
