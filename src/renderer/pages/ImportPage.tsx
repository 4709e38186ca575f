// Loading class lists and staff from XLSX/CSV (3.2): download a template, check the file (every
// row's problems are shown before anything is written), then write it all at once.

import { Alert, Button, FileButton, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { call, errorText } from '../api/client';

type Kind = 'students' | 'staff';
type Report = ResponseOf<typeof api.importFile>;

const KIND_LABELS: Record<Kind, string> = { students: 'Списки классов', staff: 'Сотрудники' };

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ImportPage() {
  const [kind, setKind] = useState<Kind>('students');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function run(commit: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call(api.importFile, { params: { kind }, body: { fileName: file.name, contentBase64: await toBase64(file), commit } });
      setReport(result);
      if (result.isCommitted) notifications.show({ color: 'green', message: `Записано: ${result.created}` });
    } catch (e) {
      setReport(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack>
      <Title order={2}>Загрузка из файлов</Title>
      <SegmentedControl
        value={kind}
        onChange={(value) => {
          setKind(value as Kind);
          setReport(null);
        }}
        data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
        aria-label="Что загружаем"
      />
      <Paper withBorder p="md">
        <Stack>
          <Text size="sm">
            Файл XLSX или CSV (UTF-8 или Windows-1251, разделитель «;» или «,»), первая строка — заголовки как в шаблоне. Сначала программа проверит файл и покажет ошибки
            по строкам; записывается всё сразу и только без ошибок.
          </Text>
          <Group>
            <Button variant="default" onClick={() => void call(api.importTemplate, { params: { kind } }).then((blob) => download(blob, `шаблон-${KIND_LABELS[kind]}.xlsx`), (e: unknown) => setError(errorText(e)))}>
              Скачать шаблон
            </Button>
            {kind === 'students' && (
              <Button variant="default" onClick={() => void call(api.exportStudents).then((blob) => download(blob, 'списки-классов.xlsx'), (e: unknown) => setError(errorText(e)))}>
                Выгрузить списки классов
              </Button>
            )}
            <FileButton
              onChange={(f) => {
                setFile(f);
                setReport(null);
              }}
              accept=".xlsx,.csv,.txt"
            >
              {(props) => (
                <Button variant="light" {...props}>
                  {file ? `Файл: ${file.name}` : 'Выбрать файл'}
                </Button>
              )}
            </FileButton>
            <Button disabled={!file} loading={isBusy} onClick={() => void run(false)}>
              Проверить
            </Button>
            <Button color="green" disabled={!report || report.problems.length > 0 || report.isCommitted || report.validRows === 0} loading={isBusy} onClick={() => void run(true)}>
              Записать
            </Button>
          </Group>
        </Stack>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {report && (
        <Paper withBorder p="md" data-testid="import-report">
          <Text mb="sm">
            Строк в файле: {report.totalRows}; без ошибок: {report.validRows}; ошибок: {report.problems.length}.
            {report.isCommitted ? ` Записано: ${report.created}.` : report.problems.length > 0 ? ' Ничего не записано: исправьте файл и загрузите снова.' : ' Можно записывать.'}
          </Text>
          {report.ignoredColumns.length > 0 && <Text size="sm" c="orange">Не используются столбцы: {report.ignoredColumns.join(', ')}</Text>}
          {report.problems.length > 0 && (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Строка</Table.Th>
                  <Table.Th>Столбец</Table.Th>
                  <Table.Th>Ошибка</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.problems.slice(0, 500).map((p, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{p.rowNumber}</Table.Td>
                    <Table.Td>{p.column}</Table.Td>
                    <Table.Td>{p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      )}
    </Stack>
  );
}
