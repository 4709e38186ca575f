// «Записать архив»: choose the school year and the drive, start the run, follow its phases on a progress bar,
// and see the result (files, size, checksum) or the Russian reason it was refused. The run goes on on the
// server; the page polls its state, so leaving and coming back shows the same progress.

import { Alert, Button, Code, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api } from '../../shared/api/contract';
import type { ArchiveJob } from '../../shared/api/archive-schemas';
import { call, errorText } from '../api/client';
import { YearSelect } from '../components/YearSelect';
import { useQuery } from '../stores/use-query';
import { DrivesPanel } from './DrivesPanel';
import { useDrives, type MountedDriveView } from './use-drives';
import { formatMoment, formatSize } from './archive-format';

export function ArchiveWriter({ onFinished }: { onFinished(): void }) {
  const years = useQuery(() => call(api.listYears), []);
  const [yearId, setYearId] = useState<string | null>(null);
  const [drive, setDrive] = useState<MountedDriveView | null>(null);
  const [job, setJob] = useState<ArchiveJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isStarting, setStarting] = useState(false);

  // The same live list the panel shows: a chosen drive that was unplugged is no longer chosen, so «Записать архив»
  // is not offered for a drive that is gone (the server would refuse it anyway).
  const { list: driveList } = useDrives();
  const isDrivePresent = Boolean(drive && driveList?.drives.some((d) => d.identity === drive.identity));
  // Cleared while rendering (React's "adjust state when a prop changes" pattern), not in an effect: no frame
  // shows the button enabled for the gone drive. Re-plugging it does not choose it again by itself.
  if (drive && driveList && !isDrivePresent) setDrive(null);

  const chosenYear = yearId ?? (years.data ? String(years.data.years.find((y) => y.isCurrent)?.id ?? years.data.years[0]?.id ?? '') : null);

  // The state of the current or last run: at first sight, then every half second while it runs.
  const isRunning = job?.state === 'running';
  useEffect(() => {
    let isCurrent = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      try {
        const reply = await call(api.archiveJob);
        if (!isCurrent) return;
        setJob(reply.job);
        if (reply.job?.state === 'running') timer = setTimeout(() => void poll(), 500);
        else if (isRunning) onFinished();
      } catch (e) {
        if (isCurrent) setError(errorText(e));
      }
    };
    void poll();
    return () => {
      isCurrent = false;
      if (timer) clearTimeout(timer);
    };
    // Restart polling when a run starts; `onFinished` is a stable reload function of the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isRunning]);

  const start = async () => {
    if (!chosenYear || !drive || !isDrivePresent) return;
    setError(null);
    setStarting(true);
    try {
      setJob(await call(api.startArchive, { body: { academicYearId: Number(chosenYear), driveIdentity: drive.identity } }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Stack data-testid="archive-writer">
      <Title order={3}>Записать архив учебного года</Title>
      <Text size="sm" c="dimmed">
        На выбранный диск записываются копия базы данных, по каждому классу список, отметки, пропуски, итоговые отметки (PDF и CSV),
        сводные ведомости, опись с контрольными суммами и README.txt. Записанное читается с диска и проверяется; срок хранения — 5 лет.
      </Text>
      <Group align="flex-end">
        {years.data && <YearSelect years={years.data.years} value={chosenYear} onChange={setYearId} disabled={isRunning} />}
      </Group>
      <DrivesPanel selectedIdentity={drive?.identity ?? null} onSelect={setDrive} title="Диск для архива" />
      <Group>
        <Button
          onClick={() => void start()}
          loading={isStarting}
          disabled={!chosenYear || !drive || !isDrivePresent || isRunning}
          data-testid="archive-start"
        >
          Записать архив
        </Button>
        {!drive && <Text size="sm" c="dimmed">Выберите диск.</Text>}
      </Group>
      {error && (
        <Alert color="red" title="Архив не записан" data-testid="archive-error">
          {error}
        </Alert>
      )}
      {job && <JobState job={job} />}
    </Stack>
  );
}

function JobState({ job }: { job: ArchiveJob }) {
  if (job.state === 'running') {
    return (
      <Stack gap={4} data-testid="archive-progress">
        <Text size="sm">
          {job.yearName ? `${job.yearName}: ` : ''}
          {job.phaseLabel} — {Math.round(job.overall * 100)} %
        </Text>
        <Progress value={job.overall * 100} animated />
      </Stack>
    );
  }
  if (job.state === 'failed') {
    return (
      <Alert color="red" title={`Архив не записан (${formatMoment(job.startedAt)})`} data-testid="archive-failed">
        {job.error}
      </Alert>
    );
  }
  const r = job.result;
  if (!r) return null;
  return (
    <Alert color="green" title="Архив записан и проверен" data-testid="archive-done">
      <Stack gap={2}>
        <Text size="sm">
          {job.yearName} учебный год на диск «{job.driveLabel}»: папка <Code>{r.folder}</Code>
        </Text>
        <Text size="sm">
          Файлов: {r.fileCount}, объём {formatSize(r.totalBytes)}; хранить до {r.retainUntil.split('-').reverse().join('.')}
        </Text>
        <Text size="sm">
          Контрольная сумма описи (SHA-256): <Code>{r.manifestSha256}</Code>
        </Text>
        <Text size="xs" c="dimmed">
          Запись {Math.round(r.timings.writeMs)} мс, сброс на диск {Math.round(r.timings.flushMs)} мс, проверка {Math.round(r.timings.verifyMs)} мс
          {r.readBack === 'direct' ? ' (чтение с диска в обход кэша)' : ''}; всего {Math.round(r.timings.totalMs / 100) / 10} с
        </Text>
      </Stack>
    </Alert>
  );
}
