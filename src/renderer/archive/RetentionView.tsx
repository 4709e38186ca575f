// Retention (5.1, 5.2): what is kept until when — the archives (5 years) and the printed summary statements
// (25 years) — years whose only good copy is on one drive, and archives not verified for a long time. It only
// reports: nothing is deleted automatically, ever.

import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import type { ArchiveRetention } from '../../shared/api/archive-schemas';
import { ARCHIVE_STATUS_LABELS, formatDay, formatMoment, statusColor } from './archive-format';

export function RetentionView({ retention }: { retention: ArchiveRetention }) {
  const single = retention.years.filter((y) => y.needsSecondCopy);
  const none = retention.years.filter((y) => y.hasNoGoodCopy);
  const overdue = retention.archives.filter((a) => a.isVerificationOverdue);
  return (
    <Stack data-testid="retention-view">
      <Title order={3}>Сроки хранения</Title>
      {none.map((y) => (
        <Alert key={`none-${y.academicYearId}`} color="red" title={`${y.yearName}: нет исправной копии архива`}>
          Все копии архива этого года повреждены или не найдены. Запишите архив заново.
        </Alert>
      ))}
      {single.map((y) => (
        <Alert key={`single-${y.academicYearId}`} color="yellow" title={`${y.yearName}: архив только на одном диске`} data-testid="retention-single-copy">
          Рекомендуется записать вторую копию на другой диск и хранить диски в разных местах.
        </Alert>
      ))}
      {overdue.length > 0 && (
        <Alert color="orange" title={`Давно не проверялись (больше ${retention.overdueDays} дней)`} data-testid="retention-overdue">
          {overdue.map((a) => `${a.yearName} на диске «${a.driveLabel}» (последняя проверка ${formatMoment(a.lastVerifiedAt)})`).join('; ')}. Подключите эти диски
          к компьютеру-серверу: архивы проверятся автоматически.
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Архив</Table.Th>
            <Table.Th>Диск</Table.Th>
            <Table.Th>Хранить до</Table.Th>
            <Table.Th>Состояние</Table.Th>
            <Table.Th>Дней без проверки</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {retention.archives.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.yearName}</Table.Td>
              <Table.Td>{a.driveLabel}</Table.Td>
              <Table.Td>
                {formatDay(a.retainUntil)} {a.isExpired && <Badge color="gray">срок истёк</Badge>}
              </Table.Td>
              <Table.Td>
                <Badge color={statusColor(a.status)} tt="none">{ARCHIVE_STATUS_LABELS[a.status]}</Badge>
              </Table.Td>
              <Table.Td>
                {a.daysSinceVerified} {a.isVerificationOverdue && <Badge color="orange">пора проверить</Badge>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={4}>Сводные ведомости на бумаге (хранятся 25 лет)</Title>
      {retention.statements.length === 0 ? (
        <Text c="dimmed">Распечатанных ведомостей пока нет.</Text>
      ) : (
        <Table striped data-testid="retention-statements">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Ведомость</Table.Th>
              <Table.Th>Распечатана</Table.Th>
              <Table.Th>Подписана</Table.Th>
              <Table.Th>Где хранится</Table.Th>
              <Table.Th>Хранить до</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {retention.statements.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.title}</Table.Td>
                <Table.Td>{formatMoment(s.printedAt)}</Table.Td>
                <Table.Td>{s.signedAt ? `${formatDay(s.signedAt)}${s.signedByName ? `, ${s.signedByName}` : ''}` : <Badge color="yellow">не подписана</Badge>}</Table.Td>
                <Table.Td>{s.paperLocation ?? '—'}</Table.Td>
                <Table.Td>
                  {formatDay(s.retainUntil)} {s.isExpired && <Badge color="gray">срок истёк</Badge>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">
        По истечении срока ничего не удаляется автоматически: решение об уничтожении принимает школа по акту.
      </Text>
    </Stack>
  );
}
