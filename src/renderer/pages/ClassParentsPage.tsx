// The class teacher's page of the class's parents (3.3, 3.7): who pressed «Ознакомлен» in the diary and when
// (overdue ones highlighted, with a reminder through their notification feed), and the parents' planned-absence
// notices, which the class teacher confirms into attendance reasons or rejects. The leadership sees both, read-only.

import { Alert, Badge, Button, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import { NOTICE_REASON_LABELS } from '../../shared/api/diary-schemas';
import type { ResponseOf } from '../../shared/api/endpoint';
import type { Me } from '../../shared/api/schemas';
import { formatDateRu } from '../../shared/domain/calendar';
import { call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { RuDateInput, type DateRange } from './ControlPage';

type Acknowledgements = ResponseOf<typeof api.classAcknowledgements>;
type Notice = ResponseOf<typeof api.classNotices>['notices'][number];

function formatMoment(iso: string): string {
  const at = new Date(iso);
  return `${at.toLocaleDateString('ru-RU')} ${at.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' })}`;
}

/** `classes/:classId/parents` names the class; `my-class/parents` takes the class this class teacher leads. */
export function ClassParentsPage({ me }: { me: Me }) {
  const param = useParams().classId;
  const led = useQuery(async () => {
    if (param !== undefined) return [];
    const { classes } = await call(api.myClasses);
    const candidates = classes.filter((c) => c.classTeacherName !== null);
    const overviews = await Promise.all(candidates.map((c) => call(api.classOverview, { params: { classId: c.id } })));
    return candidates.filter((_, i) => overviews[i]!.classTeacherUserId === me.user.id);
  }, [param, me.user.id]);
  if (param !== undefined) return <ClassParents key={param} me={me} classId={Number(param)} />;
  return (
    <QueryView query={led}>
      {(classes) => {
        if (classes.length === 1) return <ClassParents key={classes[0]!.id} me={me} classId={classes[0]!.id} />;
        if (classes.length === 0) return <Alert color="yellow">В этом учебном году вы не руководите классом.</Alert>;
        return (
          <Stack>
            <Title order={2}>Родители класса</Title>
            <Text>Выберите класс:</Text>
            <Group>
              {classes.map((c) => (
                <Button key={c.id} component={Link} to={`/classes/${c.id}/parents`} variant="light">
                  {c.name}
                </Button>
              ))}
            </Group>
          </Stack>
        );
      }}
    </QueryView>
  );
}

function ClassParents({ me, classId }: { me: Me; classId: number }) {
  const overview = useQuery(() => call(api.classOverview, { params: { classId } }), [classId]);
  // The server decides; the buttons are offered to the class teacher of this class.
  const canLead = me.user.roles.includes('class_teacher') && overview.data?.classTeacherUserId === me.user.id;
  return (
    <Stack>
      <Title order={2}>Родители{overview.data ? `: ${overview.data.name} класс` : ''}</Title>
      <NoticesSection classId={classId} canLead={canLead} />
      <AcknowledgementsSection classId={classId} canLead={canLead} />
    </Stack>
  );
}

// --- «Ознакомлен» ---

function AcknowledgementsSection({ classId, canLead }: { classId: number; canLead: boolean }) {
  const table = useQuery(() => call(api.classAcknowledgements, { params: { classId } }), [classId]);
  const [isReminding, setReminding] = useState(false);

  const remind = async (guardianUserIds?: number[]) => {
    setReminding(true);
    try {
      const { reminded } = await call(api.remindParents, { params: { classId }, body: guardianUserIds ? { guardianUserIds } : {} });
      notifications.show({ color: reminded > 0 ? 'green' : 'gray', message: reminded > 0 ? `Напоминание отправлено: ${reminded}` : 'Некому напоминать: все с учётной записью ознакомились вовремя' });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      setReminding(false);
    }
  };

  return (
    <QueryView query={table}>
      {(data: Acknowledgements) => {
        const overdue = data.rows.filter((r) => r.isOverdue && r.hasAccount);
        return (
          <Stack gap="xs">
            <Group justify="space-between">
              <div>
                <Title order={3}>«Ознакомлен» с дневником</Title>
                <Text size="sm" c="dimmed">
                  Давно не знакомились — больше {data.overdueDays} дней или ни разу: {data.rows.filter((r) => r.isOverdue).length} из {data.rows.length}
                </Text>
              </div>
              {canLead && (
                <Button onClick={() => void remind()} loading={isReminding} disabled={overdue.length === 0} color="orange">
                  Напомнить всем давно не знакомившимся ({overdue.length})
                </Button>
              )}
            </Group>
            <Table withTableBorder aria-label="Ознакомление родителей с дневником">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Обучающийся</Table.Th>
                  <Table.Th>Родитель</Table.Th>
                  <Table.Th>Последнее «Ознакомлен»</Table.Th>
                  {canLead && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((r) => (
                  <Table.Tr
                    key={`${r.studentId}-${r.guardianUserId}`}
                    data-testid="acknowledgement-row"
                    data-overdue={r.isOverdue}
                    style={r.isOverdue ? { background: 'var(--mantine-color-red-0)' } : undefined}
                  >
                    <Table.Td>{r.studentName}</Table.Td>
                    <Table.Td>
                      {r.guardianName}
                      {!r.hasAccount && (
                        <Badge ml="xs" size="xs" color="gray" variant="light">
                          нет учётной записи
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {r.lastAcknowledgedAt ? (
                        <Text size="sm" c={r.isOverdue ? 'red' : undefined}>
                          {formatMoment(r.lastAcknowledgedAt)}
                          {r.daysSince !== null && r.daysSince > 0 ? ` (${r.daysSince} дн. назад)` : r.daysSince === 0 ? ' (сегодня)' : ''}
                        </Text>
                      ) : (
                        <Text size="sm" c="red">
                          ни разу
                        </Text>
                      )}
                    </Table.Td>
                    {canLead && (
                      <Table.Td>
                        {r.isOverdue && r.hasAccount && (
                          <Button size="xs" variant="subtle" onClick={() => void remind([r.guardianUserId])} disabled={isReminding}>
                            Напомнить
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        );
      }}
    </QueryView>
  );
}

// --- planned-absence notices ---

const STATUS: Record<Notice['status'], { label: string; color: string }> = {
  pending: { label: 'ожидает решения', color: 'yellow' },
  confirmed: { label: 'подтверждено', color: 'green' },
  rejected: { label: 'отклонено', color: 'red' },
  cancelled: { label: 'отменено родителем', color: 'gray' },
};

const aroundToday = (): DateRange => ({ from: dayjs().subtract(60, 'day').format('YYYY-MM-DD'), to: dayjs().add(60, 'day').format('YYYY-MM-DD') });

function NoticesSection({ classId, canLead }: { classId: number; canLead: boolean }) {
  const [range, setRange] = useState<DateRange>(aroundToday);
  const isValid = range.from <= range.to;
  const notices = useQuery(
    () => (isValid ? call(api.classNotices, { params: { classId }, query: range }) : Promise.resolve({ notices: [] })),
    [classId, range.from, range.to],
  );
  const [busy, setBusy] = useState<number | null>(null);

  const decide = async (n: Notice, decision: 'confirmed' | 'rejected') => {
    setBusy(n.id);
    try {
      const result = await call(api.decideNotice, { params: { classId, noticeId: n.id }, body: { decision, version: n.version } });
      notifications.show({
        color: 'green',
        message:
          decision === 'confirmed'
            ? `Подтверждено${result.reasonsSet > 0 ? `: причина проставлена на ${result.reasonsSet} уроках` : '. Причина будет проставлена, когда учителя отметят пропуск'}`
            : 'Сообщение отклонено',
      });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      setBusy(null);
      notices.reload();
    }
  };

  const sorted = (list: readonly Notice[]) => [...list].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || b.fromDate.localeCompare(a.fromDate));

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="end">
        <Title order={3}>Сообщения о пропусках</Title>
        <Group>
          <RuDateInput label="С даты" value={range.from} onChange={(from) => setRange({ ...range, from })} />
          <RuDateInput label="По дату" value={range.to} onChange={(to) => setRange({ ...range, to })} />
        </Group>
      </Group>
      {!isValid && <Alert color="yellow">Начало периода позже его конца.</Alert>}
      <QueryView query={notices}>
        {(data) =>
          data.notices.length === 0 ? (
            <Text c="dimmed">За эти даты родители не сообщали о пропусках.</Text>
          ) : (
            <Table withTableBorder aria-label="Сообщения о пропусках класса">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Обучающийся</Table.Th>
                  <Table.Th>Когда</Table.Th>
                  <Table.Th>Причина</Table.Th>
                  <Table.Th>Отправлено</Table.Th>
                  <Table.Th>Состояние</Table.Th>
                  {canLead && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted(data.notices).map((n) => (
                  <Table.Tr key={n.id} data-testid="class-notice-row">
                    <Table.Td>{n.studentName}</Table.Td>
                    <Table.Td>
                      {n.fromDate === n.toDate ? formatDateRu(n.fromDate) : `${formatDateRu(n.fromDate)} – ${formatDateRu(n.toDate)}`}
                      <Text size="xs" c="dimmed">
                        {n.lessonNumbers ? `уроки ${n.lessonNumbers.join(', ')}` : 'весь день'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {NOTICE_REASON_LABELS[n.reasonCategory]}
                      {n.comment && (
                        <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                          {n.comment}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatMoment(n.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS[n.status].color} variant="light">
                        {STATUS[n.status].label}
                      </Badge>
                    </Table.Td>
                    {canLead && (
                      <Table.Td>
                        {n.status === 'pending' && (
                          <Group gap={4} wrap="nowrap">
                            <Tooltip label={n.reasonCategory === 'illness' ? 'Пропуски станут «Б»' : 'Пропуски станут «УП»'}>
                              <Button size="xs" color="green" loading={busy === n.id} onClick={() => void decide(n, 'confirmed')}>
                                Подтвердить
                              </Button>
                            </Tooltip>
                            <Button size="xs" color="red" variant="light" disabled={busy === n.id} onClick={() => void decide(n, 'rejected')}>
                              Отклонить
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryView>
    </Stack>
  );
}
