// Summary statements of final marks and their registry (issue 6, items 1-2; DOMAIN.md «Year end»). The
// administrator and the director preview a statement of a class or of the whole school and print it: printing
// records it in the registry (pages, SHA-256 of the file, retention date +25 years) and downloads the PDF. The
// registry shows what was printed, by whom, when it was signed and where the paper copy is kept; the director
// records the signature and the place in a small form. Deputies read the registry.

import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { formatDateRu } from '../../shared/domain/calendar';
import { roleGrants } from '../../shared/domain/permissions';
import { ApiError, call, errorText } from '../api/client';
import { QueryView } from '../components/QueryView';
import { saveFile } from '../components/save-file';
import { YearSelect } from '../components/YearSelect';
import { useSession } from '../stores/session-store';
import { useQuery } from '../stores/use-query';
import { RuDateInput } from './ControlPage';

type PrintedStatement = ResponseOf<typeof api.listPrintedStatements>['statements'][number];

/** The value of the class picker meaning «the whole school». */
const WHOLE_SCHOOL = 'school';

function formatMoment(iso: string): string {
  const at = new Date(iso);
  return `${at.toLocaleDateString('ru-RU')} ${at.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' })}`;
}

function fileName(kind: string, yearName: string, className: string | null): string {
  return `${kind} ${className ?? 'вся школа'} ${yearName.replace('/', '-')}.pdf`;
}

export function StatementsPage() {
  const me = useSession((s) => s.me);
  const roles = me?.user.roles ?? [];
  const canPreview = roleGrants(roles, 'statements.read');
  const canPrint = roleGrants(roles, 'statements.print');
  const canSign = roleGrants(roles, 'statements.sign');
  const years = useQuery(() => call(api.listYears), []);
  const [pickedYear, setPickedYear] = useState<string | null>(null);

  return (
    <Stack>
      <Title order={2}>Сводные ведомости итоговых отметок</Title>
      <QueryView query={years}>
        {(data) => {
          const current = data.years.find((y) => y.isCurrent) ?? data.years[data.years.length - 1];
          const yearId = pickedYear ?? (current ? String(current.id) : null);
          const yearName = data.years.find((y) => String(y.id) === yearId)?.name ?? '';
          if (!yearId) return <Alert color="yellow">Учебные годы ещё не созданы.</Alert>;
          return (
            <Stack>
              <YearSelect years={data.years} value={yearId} onChange={setPickedYear} />
              <YearStatements key={yearId} yearId={Number(yearId)} yearName={yearName} canPreview={canPreview} canPrint={canPrint} canSign={canSign} directorName={canSign && me ? shortName(me.user) : ''} />
            </Stack>
          );
        }}
      </QueryView>
    </Stack>
  );
}

function shortName(u: { lastName: string; firstName: string; middleName: string | null }): string {
  return `${u.lastName} ${u.firstName.slice(0, 1)}.${u.middleName ? ` ${u.middleName.slice(0, 1)}.` : ''}`;
}

function YearStatements({ yearId, yearName, canPreview, canPrint, canSign, directorName }: { yearId: number; yearName: string; canPreview: boolean; canPrint: boolean; canSign: boolean; directorName: string }) {
  const classes = useQuery(() => call(api.statementClasses, { query: { academicYearId: yearId } }), [yearId]);
  const registry = useQuery(() => call(api.listPrintedStatements, { query: { academicYearId: yearId } }), [yearId]);
  const [target, setTarget] = useState<string>(WHOLE_SCHOOL);
  const [busy, setBusy] = useState<'preview' | 'print' | null>(null);
  const [signing, setSigning] = useState<PrintedStatement | null>(null);

  const classId = target === WHOLE_SCHOOL ? null : Number(target);
  const className = classes.data?.classes.find((c) => c.id === classId)?.name ?? null;

  const preview = async () => {
    setBusy('preview');
    try {
      const blob = await call(api.previewStatement, { query: { academicYearId: yearId, ...(classId === null ? {} : { classId }) } });
      saveFile(blob, fileName('Ведомость (просмотр)', yearName, className));
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  const print = async () => {
    const what = className ? `класса ${className}` : 'всей школы';
    if (!window.confirm(`Распечатать сводную ведомость ${what} за ${yearName}? Печать записывается в реестр; бумажный экземпляр подписывается директором, заверяется печатью и хранится 25 лет.`)) return;
    setBusy('print');
    try {
      const blob = await call(api.printStatement, { body: { academicYearId: yearId, classId } });
      saveFile(blob, fileName('Сводная ведомость', yearName, className));
      notifications.show({ color: 'green', message: 'Ведомость записана в реестр. Распечатайте файл, подпишите и отметьте место хранения.' });
    } catch (error) {
      notifications.show({ color: 'red', message: errorText(error) });
    } finally {
      setBusy(null);
      registry.reload();
    }
  };

  return (
    <Stack>
      {canPreview && (
        <Group align="end">
          <Select
            label="Ведомость"
            w={320}
            searchable
            allowDeselect={false}
            data={[{ value: WHOLE_SCHOOL, label: 'Вся школа (все классы)' }, ...(classes.data?.classes ?? []).map((c) => ({ value: String(c.id), label: `${c.name}${c.classTeacherName ? ` — ${c.classTeacherName}` : ''}` }))]}
            value={target}
            onChange={(v) => v !== null && setTarget(v)}
          />
          <Button variant="default" onClick={() => void preview()} loading={busy === 'preview'} disabled={busy !== null}>
            Просмотр
          </Button>
          {canPrint && (
            <Button onClick={() => void print()} loading={busy === 'print'} disabled={busy !== null}>
              Печать
            </Button>
          )}
        </Group>
      )}
      {canPrint && (
        <Text size="xs" c="dimmed">
          «Просмотр» формирует файл без записи в реестр. «Печать» записывает ведомость в реестр (число листов, контрольная сумма файла, срок хранения — 25 лет, п. 5.2) и
          сохраняет PDF для печати.
        </Text>
      )}
      <Title order={3}>Реестр распечатанных ведомостей</Title>
      <QueryView query={registry}>
        {(data) =>
          data.statements.length === 0 ? (
            <Text c="dimmed">За этот учебный год ведомости ещё не печатались.</Text>
          ) : (
            <Table.ScrollContainer minWidth={1000}>
              <Table striped highlightOnHover fz="sm" verticalSpacing={6} data-testid="statements-registry">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Ведомость</Table.Th>
                    <Table.Th>Распечатана</Table.Th>
                    <Table.Th>Листов</Table.Th>
                    <Table.Th>Подписана</Table.Th>
                    <Table.Th>Место хранения</Table.Th>
                    <Table.Th>Хранить до</Table.Th>
                    {canSign && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.statements.map((s) => (
                    <Table.Tr key={s.id} data-testid="statement-row">
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {s.className ?? 'Вся школа'}, {s.yearName}
                        </Text>
                        <Text size="xs" c="dimmed" title={`SHA-256 файла: ${s.pdfSha256}`}>
                          № {s.id} · SHA-256 {s.pdfSha256.slice(0, 12)}…
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {formatMoment(s.printedAt)}
                        <Text size="xs" c="dimmed">
                          {s.printedByName}
                        </Text>
                      </Table.Td>
                      <Table.Td>{s.pageCount}</Table.Td>
                      <Table.Td>
                        {s.signedAt ? (
                          <>
                            {formatDateRu(s.signedAt)}, {s.signedByName}
                            {s.signatureRecordedByName && (
                              <Text size="xs" c="dimmed">
                                отметил(а): {s.signatureRecordedByName}
                              </Text>
                            )}
                          </>
                        ) : (
                          <Badge color="orange" variant="light">
                            не подписана
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>
                        {s.paperLocation ?? '—'}
                        {s.note && (
                          <Text size="xs" c="dimmed">
                            {s.note}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDateRu(s.retainUntil)}</Table.Td>
                      {canSign && (
                        <Table.Td>
                          <Button size="xs" variant="light" onClick={() => setSigning(s)}>
                            {s.signedAt ? 'Изменить' : 'Отметить подписание'}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
      <Modal opened={signing !== null} onClose={() => setSigning(null)} title="Подписание и хранение ведомости" size="lg">
        {signing && (
          <SignatureForm
            statement={signing}
            directorName={directorName}
            onDone={() => {
              setSigning(null);
              registry.reload();
            }}
            onStale={registry.reload}
          />
        )}
      </Modal>
    </Stack>
  );
}

function SignatureForm({ statement, directorName, onDone, onStale }: { statement: PrintedStatement; directorName: string; onDone(): void; onStale(): void }) {
  const [signedAt, setSignedAt] = useState(statement.signedAt ?? new Date().toLocaleDateString('sv-SE'));
  const [signedByName, setSignedByName] = useState(statement.signedByName ?? directorName);
  const [paperLocation, setPaperLocation] = useState(statement.paperLocation ?? '');
  const [note, setNote] = useState(statement.note ?? '');
  const [problem, setProblem] = useState<ApiError | string | null>(null);
  const [isSaving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      await call(api.recordStatementSignature, {
        params: { statementId: statement.id },
        body: { signedAt, signedByName, paperLocation, note: note.trim() === '' ? null : note, version: statement.version },
      });
      notifications.show({ color: 'green', message: 'Отметка о подписании сохранена' });
      onDone();
    } catch (error) {
      setProblem(error instanceof ApiError ? error : errorText(error));
      // Someone else changed the record meanwhile: the registry behind the form shows what is there now; reopening
      // the form starts from it.
      if (error instanceof ApiError && error.status === 409) onStale();
    } finally {
      setSaving(false);
    }
  };
  const fieldError = (field: string) => (problem instanceof ApiError ? problem.fieldMessage(field) : undefined);

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack>
        <Text size="sm">
          {statement.className ?? 'Вся школа'}, {statement.yearName}: {statement.pageCount} л., распечатана {formatMoment(statement.printedAt)}. Хранить до {formatDateRu(statement.retainUntil)}.
        </Text>
        <Group align="start">
          <RuDateInput label="Дата подписания" value={signedAt} onChange={setSignedAt} />
          <TextInput label="Кто подписал" required maxLength={200} w={280} value={signedByName} onChange={(e) => setSignedByName(e.currentTarget.value)} error={fieldError('signedByName')} data-autofocus />
        </Group>
        {fieldError('signedAt') && (
          <Text c="red" size="sm">
            {fieldError('signedAt')}
          </Text>
        )}
        <TextInput
          label="Где хранится бумажный экземпляр"
          placeholder="Например: архив школы, шкаф 3, папка «Сводные ведомости»"
          required
          maxLength={300}
          value={paperLocation}
          onChange={(e) => setPaperLocation(e.currentTarget.value)}
          error={fieldError('paperLocation')}
        />
        <Textarea label="Примечание" maxLength={500} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldError('note')} />
        {problem && <Alert color={problem instanceof ApiError && problem.status === 409 ? 'orange' : 'red'}>{problem instanceof ApiError ? problem.message : problem}</Alert>}
        <Group justify="end">
          <Button type="submit" loading={isSaving}>
            Сохранить
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
