// The banner on every screen of the viewer: which year, that it is read-only, and where it is read from.

import { Alert, Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { ResponseOf } from '../../shared/api/endpoint';
import type { api } from '../../shared/api/contract';
import { formatDateRu } from '../../shared/domain/calendar';

export type ArchiveHeader = ResponseOf<typeof api.archiveViewSummary>['archive'];

/** «29.11.2026 04:10» in the viewer's time zone: when the archive was written. */
function writtenAt(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${formatDateRu(date)} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export function ArchiveBanner({ archive }: { archive: ArchiveHeader }) {
  return (
    <Alert
      color="grape"
      variant="light"
      data-testid="archive-banner"
      role="note"
      aria-label={`Архив ${archive.yearName} — только просмотр`}
    >
      <Group justify="space-between" align="start" wrap="wrap" gap="xs">
        <div>
          <Text fw={700}>Архив {archive.yearName} — только просмотр</Text>
          <Text size="sm">
            {archive.schoolName}. Учебный год {formatDateRu(archive.yearStartDate)} – {formatDateRu(archive.yearEndDate)}. Диск «
            {archive.driveLabel}», архив записан {writtenAt(archive.createdAt)}.
          </Text>
          <Text size="xs" c="dimmed">
            Данные читаются из копии базы на диске; текущий журнал при просмотре не меняется. Файлы домашних заданий при просмотре
            архива не открываются.
          </Text>
        </div>
        <Anchor component={Link} to="/archive" size="sm">
          ← Архивы и внешние диски
        </Anchor>
      </Group>
    </Alert>
  );
}
