// The external drives plugged into the server PC (issue 6, item 3): label, size, free space, a read-only badge,
// «Обновить», and optionally choosing one (the archive page picks the drive to write to). Live: the list reloads
// when the server reports a drive plugged in or out. From another PC it says the drives belong to the server PC.
//
// Usage (ArchivePage):
//   <DrivesPanel selectedIdentity={drive?.identity ?? null} onSelect={setDrive} />
// Props:
//   selectedIdentity  identity of the chosen drive, or null/undefined for none; a chosen drive that was unplugged
//                     is no longer shown as chosen (the page should check `drives` before writing).
//   onSelect(drive)   makes the drives choosable (radio cards); without it the panel only shows them.
//   allowReadOnly     lets read-only drives be chosen too (reading or verifying an archive); default false.
//   title             heading; default «Внешние диски».

import { Alert, Badge, Button, Group, Paper, Progress, Radio, Stack, Text, Title } from '@mantine/core';
import { DRIVES_OFF_MESSAGE, SERVER_PC_ONLY_MESSAGE } from '../../shared/api/drives-schemas';
import { formatBytes, isWritableDrive, useDrives, type MountedDriveView } from './use-drives';

export interface DrivesPanelProps {
  selectedIdentity?: string | null;
  onSelect?: (drive: MountedDriveView) => void;
  allowReadOnly?: boolean;
  title?: string;
}

export function DrivesPanel({ selectedIdentity = null, onSelect, allowReadOnly = false, title = 'Внешние диски' }: DrivesPanelProps) {
  const { list, error, isLoading, isRescanning, rescan } = useDrives();
  const drives = list?.drives ?? [];
  // Choosing is only meaningful at the server PC: from elsewhere nothing can be written to these drives.
  const canChoose = Boolean(onSelect) && list?.serverPc === true;

  return (
    <Stack gap="sm" data-testid="drives-panel">
      <Group justify="space-between" align="center">
        <Title order={3}>{title}</Title>
        <Button variant="light" size="xs" onClick={() => void rescan()} loading={isRescanning} disabled={list?.detection.mode === 'off'}>
          Обновить
        </Button>
      </Group>
      {list && !list.serverPc && (
        <Alert color="yellow" title="Нужен компьютер-сервер" data-testid="drives-not-server-pc">
          {SERVER_PC_ONLY_MESSAGE}
        </Alert>
      )}
      {list?.serverPc && list.detection.mode === 'off' && <Alert color="gray">{DRIVES_OFF_MESSAGE}</Alert>}
      {error && <Alert color="red">{error}</Alert>}
      {!list && isLoading && <Text c="dimmed">Поиск дисков…</Text>}
      {list && list.detection.mode !== 'off' && drives.length === 0 && (
        <Text c="dimmed" data-testid="drives-empty">
          Внешних дисков не найдено. Подключите диск к компьютеру-серверу: он появится здесь через несколько секунд.
        </Text>
      )}
      {drives.length > 0 &&
        (canChoose ? (
          <Radio.Group
            value={drives.some((d) => d.identity === selectedIdentity) ? selectedIdentity : null}
            onChange={(identity) => {
              const drive = drives.find((d) => d.identity === identity);
              if (drive) onSelect?.(drive);
            }}
            aria-label="Диск для архива"
          >
            <Stack gap="xs">
              {drives.map((drive) => (
                <Radio.Card key={drive.identity} value={drive.identity} disabled={!allowReadOnly && !isWritableDrive(drive)} p="sm" radius="md">
                  <Group wrap="nowrap" align="flex-start">
                    <Radio.Indicator disabled={!allowReadOnly && !isWritableDrive(drive)} />
                    <DriveDetails drive={drive} />
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
        ) : (
          <Stack gap="xs">
            {drives.map((drive) => (
              <Paper key={drive.identity} withBorder p="sm" radius="md">
                <DriveDetails drive={drive} />
              </Paper>
            ))}
          </Stack>
        ))}
    </Stack>
  );
}

function DriveDetails({ drive }: { drive: MountedDriveView }) {
  const used = drive.sizeBytes > 0 ? Math.min(100, Math.max(0, ((drive.sizeBytes - drive.freeBytes) / drive.sizeBytes) * 100)) : 0;
  return (
    <Stack gap={4} style={{ flex: 1 }} data-testid="drive" data-identity={drive.identity}>
      <Group gap="xs">
        <Text fw={600}>{drive.label}</Text>
        {drive.readOnly && (
          <Badge color="red" variant="light" title="Диск смонтирован только для чтения: записать архив на него нельзя">
            только чтение
          </Badge>
        )}
      </Group>
      <Text size="sm">
        Свободно {formatBytes(drive.freeBytes)} из {formatBytes(drive.sizeBytes)}
      </Text>
      <Progress value={used} size="sm" aria-label={`Занято ${Math.round(used)}%`} />
      <Text size="xs" c="dimmed">
        {drive.mountPath}
        {drive.knownSince ? ` · известен с ${new Date(drive.knownSince).toLocaleDateString('ru-RU')}` : ''}
      </Text>
    </Stack>
  );
}
