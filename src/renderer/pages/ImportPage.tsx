// Loading class lists, staff, parents, the curriculum and the timetable from XLSX/CSV (3.2):
// download a template (or an export to edit), check the file (every row's problems are shown
// before anything is written), then write it all at once.

import { Alert, Button, FileButton, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { api } from '../../shared/api/contract';
import type { ParamsOf, ResponseOf } from '../../shared/api/endpoint';
import { call, errorText } from '../api/client';
import { saveFile } from '../components/save-file';
import { fileToBase64 } from '../components/file-base64';

type Kind = ParamsOf<typeof api.importFile>['kind'];
type Report = ResponseOf<typeof api.importFile>;

const KINDS: Record<Kind, { label: string; explanation: string }> = {
  students: { label: 'Списки классов', explanation: 'Добавляет обучающихся в классы текущего учебного года; классы должны быть уже созданы.' },
  staff: { label: 'Сотрудники', explanation: 'Создаёт учётные записи сотрудников с ролями; пароли выдаются потом на листе с данными для входа.' },
  guardians: {
    label: 'Родители',
    explanation: 'Создаёт учётные записи родителей и привязывает их к детям, которые уже есть в списках классов; у родителя нескольких детей — одна запись.',
  },
  curriculum: { label: 'Учебный план', explanation: 'Заменяет учебный план текущего учебного года целиком: часы в неделю по параллелям и предметам.' },
  timetable: {
    label: 'Расписание',
    explanation: 'Заменяет расписание текущего учебного года целиком (уроки всего класса); накладки показываются до записи.',
  },
};

/** Kinds that can be downloaded in their import's columns, to edit and load back. */
const EXPORTS: Partial<Record<Kind, { load: () => Promise<Blob>; button: string; fileName: string }>> = {
  students: { load: () => call(api.exportStudents), button: 'Выгрузить списки классов', fileName: 'списки-классов.xlsx' },
  staff: { load: () => call(api.exportStaff), button: 'Выгрузить сотрудников', fileName: 'сотрудники.xlsx' },
  curriculum: { load: () => call(api.exportCurriculum), button: 'Выгрузить учебный план', fileName: 'учебный-план.xlsx' },
  timetable: { load: () => call(api.exportTimetable), button: 'Выгрузить расписание', fileName: 'расписание.xlsx' },
};

export function ImportPage() {
  const [kind, setKind] = useState<Kind>('students');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const exported = EXPORTS[kind];

  async function run(commit: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call(api.importFile, { params: { kind }, body: { fileName: file.name, contentBase64: await fileToBase64(file), commit } });
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
        data={Object.entries(KINDS).map(([value, { label }]) => ({ value, label }))}
        aria-label="Что загружаем"
      />
      <Paper withBorder p="md">
        <Stack>
          <Text fw={500}>{KINDS[kind].explanation}</Text>
          <Text size="sm">
            Файл XLSX или CSV (UTF-8 или Windows-1251, разделитель «;» или «,»), первая строка — заголовки как в шаблоне. Сначала программа проверит файл и покажет ошибки
            по строкам; записывается всё сразу и только без ошибок.
          </Text>
          <Group>
            <Button variant="default" onClick={() => void call(api.importTemplate, { params: { kind } }).then((blob) => saveFile(blob, `шаблон-${KINDS[kind].label}.xlsx`), (e: unknown) => setError(errorText(e)))}>
              Скачать шаблон
            </Button>
            {exported && (
              <Button variant="default" onClick={() => void exported.load().then((blob) => saveFile(blob, exported.fileName), (e: unknown) => setError(errorText(e)))}>
                {exported.button}
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
          {!report.isCommitted &&
            report.notes.map((note) => (
              <Text size="sm" c="orange" key={note}>
                {note}
              </Text>
            ))}
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
