// The list of yearly archives: year, drive, folder, created, retain until, status of the last verification with
// the damaged or missing files by name, and «Проверить» (the administrator; the drive must be plugged in). Each
// row opens the archive in the past-year viewer (/archive/<id>).

import { Alert, Badge, Button, List, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import type { ArchiveItem } from '../../shared/api/archive-schemas';
import { call, errorText } from '../api/client';
import { ARCHIVE_STATUS_LABELS, formatDay, formatMoment, formatSize, statusColor } from './archive-format';

export function ArchiveList({ archives, canManage, onChanged }: { archives: readonly ArchiveItem[]; canManage: boolean; onChanged(): void }) {
  const [verifying, setVerifying] = useState<number | null>(null);

  const verify = async (a: ArchiveItem) => {
    setVerifying(a.id);
    try {
      const result = await call(api.verifyArchive, { params: { archiveId: a.id }, body: {} });
      notifications.show({
        color: result.status === 'ok' ? 'green' : 'red',
        message:
          result.status === 'ok'
            ? `Архив ${a.yearName} исправен: проверено файлов — ${result.checkedFiles}`
            : `Архив ${a.yearName}: ${ARCHIVE_STATUS_LABELS[result.status].toLowerCase()}. Проблем: ${result.problems.length}`,
      });
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    } finally {
      setVerifying(null);
      onChanged();
    }
  };

  return (
    <>
      <Title order={3}>Архивы</Title>
      {archives.length === 0 ? (
        <Text c="dimmed">Архивов пока нет.</Text>
      ) : (
        <Table striped data-testid="archive-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Учебный год</Table.Th>
              <Table.Th>Диск</Table.Th>
              <Table.Th>Записан</Table.Th>
              <Table.Th>Объём</Table.Th>
              <Table.Th>Хранить до</Table.Th>
              <Table.Th>Состояние</Table.Th>
              <Table.Th>Проверен</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {archives.map((a) => (
              <Table.Tr key={a.id} data-testid={`archive-row-${a.id}`}>
                <Table.Td>
                  <Link to={`/archive/${a.id}`}>{a.yearName}</Link>
                  <Text size="xs" c="dimmed">
                    {a.folder}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {a.driveLabel} {a.driveAttached ? <Badge size="xs" color="green">подключён</Badge> : <Badge size="xs" color="gray">не подключён</Badge>}
                </Table.Td>
                <Table.Td>{formatMoment(a.createdAt)}</Table.Td>
                <Table.Td>
                  {formatSize(a.totalBytes)}, файлов: {a.fileCount}
                </Table.Td>
                <Table.Td>{formatDay(a.retainUntil)}</Table.Td>
                <Table.Td>
                  <Badge color={statusColor(a.status)} tt="none">{ARCHIVE_STATUS_LABELS[a.status]}</Badge>
                  {a.problems.length > 0 && (
                    <List size="xs" mt={4}>
                      {a.problems.slice(0, 10).map((p) => (
                        <List.Item key={p.file + p.problem}>
                          <b>{p.file}</b>: {p.problem}
                        </List.Item>
                      ))}
                      {a.problems.length > 10 && <List.Item>… и ещё {a.problems.length - 10}</List.Item>}
                    </List>
                  )}
                </Table.Td>
                <Table.Td>{formatMoment(a.lastVerifiedAt)}</Table.Td>
                <Table.Td>
                  {canManage && (
                    <Button
                      size="xs"
                      variant="light"
                      loading={verifying === a.id}
                      disabled={!a.driveAttached || verifying !== null}
                      title={a.driveAttached ? 'Прочитать архив с диска и сверить каждый файл с описью' : 'Подключите диск с этим архивом'}
                      onClick={() => void verify(a)}
                    >
                      Проверить
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {archives.some((a) => a.status !== 'ok') && (
        <Alert color="red" title="Есть повреждённые или ненайденные архивы">
          Запишите архив этого года заново на исправный диск; повреждённый архив не удаляется автоматически.
        </Alert>
      )}
    </>
  );
}
