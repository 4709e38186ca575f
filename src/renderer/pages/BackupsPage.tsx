// Backups of the journal database (issue 6, item 7): where and when the daily copies are made and how many are
// kept, the list of copies, a copy on request, and the restore in two steps — the copy is first unpacked and
// checked in a separate folder (the administrator reads its summary), then the server switches to it at a restart.

import { Alert, Badge, Button, Checkbox, Group, List, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { api } from '../../shared/api/contract';
import { BACKUP_KIND_LABELS, type backupListSchema, type backupSettingsSchema, type preparedRestoreSchema, type switchRestoreResultSchema } from '../../shared/api/backup-schemas';
import { ApiError, call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

type BackupList = z.infer<typeof backupListSchema>;
type BackupSettings = z.infer<typeof backupSettingsSchema>;
type PreparedRestore = z.infer<typeof preparedRestoreSchema>;
type SwitchResult = z.infer<typeof switchRestoreResultSchema>;

const formatTime = (iso: string) => new Date(iso).toLocaleString('ru-RU');

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 0 })} КБ`;
  return `${(bytes / 1024 / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;
}

/**
 * The form is remounted whenever the stored settings change (its key), so that it shows what the server kept; the
 * «Сохранено» note therefore lives in the parent (`isSaved`), or the remount after a save would wipe it unseen.
 */
function SettingsForm({ settings, isSaved, onSaved, onEdited }: { settings: BackupSettings; isSaved: boolean; onSaved: () => void; onEdited: () => void }) {
  const [isDefault, setDefault] = useState(settings.folder === null);
  const [folder, setFolder] = useState(settings.folder ?? '');
  const [keepDaily, setKeepDaily] = useState<number | string>(settings.keepDaily);
  const [timeOfDay, setTimeOfDay] = useState(settings.timeOfDay);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [isSaving, setSaving] = useState(false);
  // Any change after a save makes «Сохранено» untrue for what is on the screen.
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      onEdited();
    };

  async function save() {
    setError(null);
    onEdited();
    setSaving(true);
    try {
      await call(api.saveBackupSettings, { body: { folder: isDefault ? null : folder, keepDaily: typeof keepDaily === 'number' ? keepDaily : Number(keepDaily), timeOfDay } });
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e : errorText(e));
    } finally {
      setSaving(false);
    }
  }
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);

  return (
    <Paper withBorder p="lg" mb="md">
      <Title order={4} mb="sm">
        Настройки
      </Title>
      {/* A real form: Enter in «Папка» or «Время» saves, as in any other form. */}
      <form
        aria-label="Настройки резервного копирования"
        onSubmit={(e) => {
          e.preventDefault();
          if (!isSaving) void save();
        }}
      >
        <Stack gap="sm">
          <Checkbox label={`Папка по умолчанию: ${settings.defaultFolder}`} checked={isDefault} onChange={(e) => edited(setDefault)(e.currentTarget.checked)} />
          {!isDefault && (
            <TextInput
              label="Папка для резервных копий"
              description="Полный путь к папке, например на внешнем диске: E:\Копии журнала или /media/usb/Копии журнала. Папка будет создана, если её нет."
              value={folder}
              onChange={(e) => edited(setFolder)(e.currentTarget.value)}
              error={fieldError('folder')}
            />
          )}
          <Group align="start">
            <NumberInput label="Сколько ежедневных копий хранить" min={1} max={365} value={keepDaily} onChange={edited(setKeepDaily)} w={260} error={fieldError('keepDaily')} />
            <TextInput
              label="Время ежедневной копии"
              description="Если компьютер был выключен в это время, копия будет сделана после включения"
              placeholder="02:00"
              value={timeOfDay}
              onChange={(e) => edited(setTimeOfDay)(e.currentTarget.value)}
              w={360}
              error={fieldError('timeOfDay')}
            />
          </Group>
          <Text size="sm" c="dimmed">
            Копии, созданные вручную и перед восстановлением, автоматически не удаляются.
          </Text>
          <Group>
            <Button type="submit" loading={isSaving}>
              Сохранить настройки
            </Button>
            {isSaved && (
              <Text c="green" size="sm">
                Сохранено
              </Text>
            )}
          </Group>
          {/* A field's own message is shown under the field; other refusals (rights, disk) here. */}
          {error && (typeof error === 'string' || !error.problem.errors?.length) && <Alert color="red">{typeof error === 'string' ? error : error.message}</Alert>}
        </Stack>
      </form>
    </Paper>
  );
}

/** After the switch: waits until the restarted server answers, then reloads the page. */
function WaitForRestart({ result }: { result: SwitchResult }) {
  const [isLate, setLate] = useState(false);
  useEffect(() => {
    if (!result.isRestarting) return undefined;
    const startedAt = Date.now();
    let hasBeenDown = false;
    let isActive = true;
    const timer = setInterval(() => {
      call(api.health).then(
        (health) => {
          // A fresh uptime (or an answer after the server was down) is the restarted server.
          const secondsSince = (Date.now() - startedAt) / 1000;
          if (isActive && (hasBeenDown || health.uptimeSeconds <= secondsSince + 1)) {
            isActive = false;
            window.location.reload();
          }
        },
        () => {
          hasBeenDown = true;
        },
      );
      if (Date.now() - startedAt > 120_000) setLate(true);
    }, 1000);
    return () => {
      isActive = false;
      clearInterval(timer);
    };
  }, [result.isRestarting]);
  return (
    <Alert color="blue" mb="md" data-testid="restore-switch">
      <Text>{result.message}</Text>
      {result.isRestarting ? (
        <Text mt="xs">Сервер перезапускается; страница обновится сама, когда он снова ответит. После этого, возможно, придётся войти заново.</Text>
      ) : (
        <Text mt="xs" fw={600}>
          Перезапустите сервер журнала (закройте и снова откройте программу на компьютере-сервере): переключение произойдёт при запуске.
        </Text>
      )}
      {isLate && (
        <Text mt="xs" c="red">
          Сервер не отвечает больше двух минут. Проверьте компьютер-сервер и запустите программу журнала.
        </Text>
      )}
    </Alert>
  );
}

function PreparedView({ prepared, onChanged, onSwitched }: { prepared: PreparedRestore; onChanged: () => void; onSwitched: (result: SwitchResult) => void }) {
  const [isConfirmed, setConfirmed] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = prepared.summary;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="lg" mb="md" data-testid="restore-prepared">
      <Title order={4} mb="sm">
        Восстановление: копия {prepared.backupFileName} от {formatTime(prepared.backupCreatedAt)}
      </Title>
      <Text mb="xs">Копия развёрнута в отдельной папке и проверена. Проверьте, та ли это база данных:</Text>
      <List mb="sm">
        <List.Item>Школа: {s.schoolName ?? 'не указана'}</List.Item>
        <List.Item>Учебные годы: {s.academicYears.length > 0 ? s.academicYears.join(', ') : 'нет'}</List.Item>
        <List.Item>Пользователей: {s.users}, учеников: {s.students}, отметок: {s.marks}</List.Item>
        <List.Item>Последняя запись журнала изменений: {s.lastAuditAt ? formatTime(s.lastAuditAt) : 'нет'}</List.Item>
        <List.Item>
          Проверка целостности: пройдена; журнал изменений: {s.auditIntact ? 'цепочка не нарушена' : <Text span c="red">нарушен — {s.auditProblem}</Text>}
        </List.Item>
        {s.isUpgraded && <List.Item>Копия сделана более старой версией программы; её структура обновлена.</List.Item>}
      </List>
      <Alert color="yellow" mb="sm">
        Всё, что внесено в журнал после {formatTime(prepared.backupCreatedAt)}, в восстановленной базе данных отсутствует. Текущая база данных не удаляется: перед
        переключением создаётся её копия «перед восстановлением», а сами файлы текущей базы переносятся в папку replaced в папке данных журнала. Для переключения сервер
        перезапускается; пользователи на минуту потеряют связь.
      </Alert>
      {prepared.isSwitchPending ? (
        <Text fw={600} mb="sm">
          Переключение назначено и произойдёт при перезапуске сервера.
        </Text>
      ) : (
        <Checkbox mb="sm" label="Я проверил(а) сводку и хочу переключить журнал на эту копию" checked={isConfirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
      )}
      <Group>
        {!prepared.isSwitchPending && (
          <Button
            color="red"
            disabled={!isConfirmed}
            loading={isBusy}
            onClick={() => void run(async () => onSwitched(await call(api.switchRestore, { params: { restoreId: prepared.restoreId } })))}
          >
            Переключиться на эту копию
          </Button>
        )}
        <Button
          variant="default"
          disabled={isBusy}
          onClick={() =>
            void run(async () => {
              await call(api.cancelRestore, { params: { restoreId: prepared.restoreId } });
              onChanged();
            })
          }
        >
          {prepared.isSwitchPending ? 'Отменить назначенное переключение' : 'Отменить восстановление'}
        </Button>
      </Group>
      {error && (
        <Alert color="red" mt="sm">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

function BackupTable({ data, busyId, onRestore }: { data: BackupList; busyId: number | null; onRestore: (id: number) => void }) {
  if (data.backups.length === 0) return <Text c="dimmed">Копий пока нет.</Text>;
  return (
    <Table striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Создана</Table.Th>
          <Table.Th>Вид</Table.Th>
          <Table.Th>Файл</Table.Th>
          <Table.Th>Размер</Table.Th>
          <Table.Th>Кто</Table.Th>
          <Table.Th>Состояние</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {data.backups.map((b) => (
          <Table.Tr key={b.id}>
            <Table.Td>{formatTime(b.createdAt)}</Table.Td>
            <Table.Td>{BACKUP_KIND_LABELS[b.kind]}</Table.Td>
            <Table.Td title={b.filePath}>
              <Text size="sm">{b.fileName}</Text>
            </Table.Td>
            <Table.Td>{formatSize(b.sizeBytes)}</Table.Td>
            <Table.Td>{b.createdByName ?? 'по расписанию'}</Table.Td>
            <Table.Td>
              {b.removedAt ? (
                <Badge color="gray">удалена {formatTime(b.removedAt)}</Badge>
              ) : b.isPresent ? (
                <Badge color="green">есть</Badge>
              ) : (
                <Badge color="red" title={b.filePath}>
                  файл не найден
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {b.isPresent && (
                <Button size="xs" variant="light" loading={busyId === b.id} disabled={busyId !== null || data.prepared?.isSwitchPending === true} onClick={() => onRestore(b.id)}>
                  Восстановить…
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function BackupsPage() {
  const query = useQuery(() => call(api.listBackups), []);
  const [isCreating, setCreating] = useState(false);
  const [restoringId, setRestoringId] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [switched, setSwitched] = useState<SwitchResult | null>(null);
  const [isSettingsSaved, setSettingsSaved] = useState(false);

  async function createNow() {
    setCreating(true);
    setMessage(null);
    try {
      const { backup } = await call(api.createBackup);
      setMessage({ ok: true, text: `Копия создана: ${backup.filePath} (${formatSize(backup.sizeBytes)})` });
      query.reload();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setCreating(false);
    }
  }

  async function prepare(backupId: number) {
    setRestoringId(backupId);
    setMessage(null);
    try {
      await call(api.prepareRestore, { params: { backupId } });
      query.reload();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setRestoringId(null);
    }
  }

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Резервные копии</Title>
        <Button onClick={() => void createNow()} loading={isCreating} disabled={switched !== null}>
          Создать копию сейчас
        </Button>
      </Group>
      {message && (
        <Alert color={message.ok ? 'green' : 'red'} mb="md">
          {message.text}
        </Alert>
      )}
      {switched && <WaitForRestart result={switched} />}
      <QueryView query={query}>
        {(data) => (
          <>
            {data.lastRestore && (
              <Alert color={data.lastRestore.isApplied ? 'green' : 'red'} mb="md">
                {formatTime(data.lastRestore.at)}: {data.lastRestore.message}
                {data.lastRestore.warnings && data.lastRestore.warnings.length > 0 && (
                  <List size="sm" mt="xs">
                    {data.lastRestore.warnings.map((warning) => (
                      <List.Item key={warning}>{warning}</List.Item>
                    ))}
                  </List>
                )}
              </Alert>
            )}
            {data.lastFailure && (
              <Alert color="red" mb="md">
                Ежедневная копия {formatTime(data.lastFailure.at)} не создана: {data.lastFailure.message}
              </Alert>
            )}
            <Text size="sm" mb="md">
              Копии сохраняются в папку {data.settings.effectiveFolder} ежедневно после {data.settings.timeOfDay}.{' '}
              {data.lastDailyAt ? `Последняя ежедневная копия: ${formatTime(data.lastDailyAt)}.` : 'Ежедневных копий ещё не было.'}
            </Text>
            {/* Keyed by the restore: the confirmation of one copy's summary must not carry over to another copy. */}
            {data.prepared && !switched && <PreparedView key={data.prepared.restoreId} prepared={data.prepared} onChanged={query.reload} onSwitched={setSwitched} />}
            <SettingsForm
              key={JSON.stringify(data.settings)}
              settings={data.settings}
              isSaved={isSettingsSaved}
              onSaved={() => {
                setSettingsSaved(true);
                query.reload();
              }}
              onEdited={() => setSettingsSaved(false)}
            />
            <Title order={4} mb="sm">
              Копии
            </Title>
            <BackupTable data={data} busyId={restoringId} onRestore={(id) => void prepare(id)} />
          </>
        )}
      </QueryView>
    </>
  );
}
