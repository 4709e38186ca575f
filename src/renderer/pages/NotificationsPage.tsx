// The notification feed (issue 5, items 6 and 9): new marks, homework, absences, notices, reminders, news — the
// newest first, unread ones highlighted. Opening one marks it read and follows its link inside the app.

import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { call, errorText } from '../api/client';
import { NOTIFICATION_ARRIVED, NOTIFICATIONS_CHANGED } from '../components/NotificationBell';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

type Item = ResponseOf<typeof api.myNotifications>['notifications'][number];

const KIND_LABELS: Record<string, { label: string; color: string }> = {
  absence: { label: 'Пропуск', color: 'orange' },
  mark: { label: 'Отметка', color: 'green' },
  homework: { label: 'Задание', color: 'blue' },
  message: { label: 'Сообщение', color: 'violet' },
  news: { label: 'Новость', color: 'cyan' },
  notice: { label: 'Сообщение о пропуске', color: 'yellow' },
  'acknowledge-reminder': { label: 'Напоминание', color: 'red' },
};

function formatMoment(iso: string): string {
  const at = new Date(iso);
  return `${at.toLocaleDateString('ru-RU')} ${at.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' })}`;
}

/** Only links inside the app are followed (the server writes paths like '/diary/12'). */
const isInternal = (link: string | null): link is string => link !== null && link.startsWith('/') && !link.startsWith('//');

export function NotificationsPage() {
  const feed = useQuery(() => call(api.myNotifications), []);
  const navigate = useNavigate();
  const { reload } = feed;
  useEffect(() => {
    window.addEventListener(NOTIFICATION_ARRIVED, reload);
    return () => window.removeEventListener(NOTIFICATION_ARRIVED, reload);
  });

  const markRead = async (ids: number[] | 'all') => {
    try {
      await call(api.readNotifications, { body: { ids } });
    } catch (error) {
      toasts.show({ color: 'red', message: errorText(error) });
    }
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
    reload();
  };
  const open = async (item: Item) => {
    if (item.readAt === null) await markRead([item.id]);
    if (isInternal(item.link)) void navigate(item.link);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Уведомления</Title>
        {feed.data && feed.data.unread > 0 && (
          <Button variant="light" onClick={() => void markRead('all')}>
            Отметить все прочитанными ({feed.data.unread})
          </Button>
        )}
      </Group>
      <QueryView query={feed}>
        {(data) =>
          data.notifications.length === 0 ? (
            <Text c="dimmed">Уведомлений пока нет. Здесь появятся новые отметки, задания, пропуски, сообщения и новости.</Text>
          ) : (
            <Stack gap="xs">
              {data.notifications.map((n) => {
                const kind = KIND_LABELS[n.kind] ?? { label: 'Уведомление', color: 'gray' };
                const isUnread = n.readAt === null;
                return (
                  <Card
                    key={n.id}
                    withBorder
                    padding="sm"
                    data-testid="notification"
                    data-unread={isUnread}
                    style={isUnread ? { borderLeft: '4px solid var(--mantine-color-blue-6)', background: 'var(--mantine-color-blue-0)' } : undefined}
                  >
                    <Group justify="space-between" align="start" wrap="nowrap">
                      <Stack gap={2}>
                        <Group gap="xs">
                          <Badge size="sm" color={kind.color} variant="light">
                            {kind.label}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {formatMoment(n.createdAt)}
                          </Text>
                        </Group>
                        {isInternal(n.link) ? (
                          <Anchor component={Link} to={n.link} fw={isUnread ? 700 : 400} onClick={(e) => {
                            e.preventDefault();
                            void open(n);
                          }}>
                            {n.title}
                          </Anchor>
                        ) : (
                          <Text fw={isUnread ? 700 : 400}>{n.title}</Text>
                        )}
                        {n.body && (
                          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                            {n.body}
                          </Text>
                        )}
                      </Stack>
                      {isUnread && (
                        <Button size="xs" variant="subtle" onClick={() => void markRead([n.id])}>
                          Прочитано
                        </Button>
                      )}
                    </Group>
                  </Card>
                );
              })}
            </Stack>
          )
        }
      </QueryView>
    </Stack>
  );
}
