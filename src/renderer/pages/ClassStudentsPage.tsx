// A class: its list on the class's school year, and for the administrator admission, transfer
// and discharge of pupils; for the class teacher the start-of-year check of the list (3.3).

import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import type { Me } from '../../shared/api/schemas';
import { formatDateRu } from '../../shared/domain/calendar';
import { roleGrants } from '../../shared/domain/permissions';
import type { ResponseOf } from '../../shared/api/endpoint';
import { SEES_EVERYTHING } from '../../shared/domain/permissions';
import { call, errorText } from '../api/client';
import { saveFile } from '../components/save-file';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

const today = () => new Date().toLocaleDateString('sv-SE');

export function ClassStudentsPage({ me }: { me: Me }) {
  const classId = Number(useParams().classId);
  const list = useQuery(() => call(api.classStudents, { params: { classId } }), [classId]);
  const overview = useQuery(() => call(api.classOverview, { params: { classId } }), [classId]);
  const canManage = roleGrants(me.user.roles, 'school.manage');
  const [dialog, setDialog] = useState<null | { kind: 'admit' } | { kind: 'group' } | { kind: 'move' | 'discharge'; studentId: number; name: string }>(null);
  const reload = () => {
    list.reload();
    overview.reload();
  };
  const isOwnClassTeacher = overview.data?.classTeacherUserId === me.user.id && me.user.roles.includes('class_teacher');
  // Parents' activation codes: issued by the class teacher (or the administrator); the leadership sees their state.
  const canIssueCodes = isOwnClassTeacher || me.user.roles.includes('admin');
  const showCodes = canIssueCodes || me.user.roles.some((r) => SEES_EVERYTHING.includes(r));
  const codes = useQuery(() => (showCodes ? call(api.listClassActivationCodes, { params: { classId } }) : Promise.resolve(null)), [classId, showCodes]);

  return (
    <QueryView query={list}>
      {(data) => (
        <Stack>
          <Group justify="space-between">
            <div>
              <Title order={2}>Класс {data.className}</Title>
              <Text c="dimmed">
                Обучающихся: {data.students.length}
                {overview.data ? ` · ${overview.data.academicYear} учебный год · ${overview.data.shift} смена` : ''}
              </Text>
            </div>
            {canManage && <Button onClick={() => setDialog({ kind: 'admit' })}>Зачислить обучающегося</Button>}
          </Group>
          <Group gap="xs">
            <Button component={Link} to={`/classes/${classId}/absences`} variant="light" size="xs">
              Пропуски и причины
            </Button>
            <Button component={Link} to={`/classes/${classId}/averages`} variant="light" size="xs">
              Средние баллы и пропуски за период
            </Button>
            <Button component={Link} to={`/classes/${classId}/parents`} variant="light" size="xs">
              Родители: «Ознакомлен» и сообщения о пропусках
            </Button>
            {canIssueCodes && <IssueCodesButton classId={classId} className={data.className} count={data.students.length} onDone={codes.reload} />}
            {roleGrants(me.user.roles, 'users.manage') && <StudentAccountsButton classId={classId} className={data.className} />}
          </Group>
          {overview.data && (
            <ListCheck classId={classId} count={data.students.length} lastCheck={overview.data.lastListCheck} canConfirm={isOwnClassTeacher || me.user.roles.includes('admin')} onDone={reload} />
          )}
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={50}>№</Table.Th>
                <Table.Th>Фамилия, имя, отчество</Table.Th>
                {showCodes && <Table.Th>Код для родителей</Table.Th>}
                {canManage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.students.map((s, i) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/students/${s.id}`}>
                      {fullName(s)}
                    </Anchor>
                  </Table.Td>
                  {showCodes && (
                    <Table.Td>
                      <CodeStatus status={codes.data?.students.find((c) => c.studentId === s.id)} canIssue={canIssueCodes} classId={classId} studentId={s.id} className={data.className} onDone={codes.reload} />
                    </Table.Td>
                  )}
                  {canManage && (
                    <Table.Td>
                      <Group gap="xs" justify="end">
                        <Button size="xs" variant="subtle" onClick={() => setDialog({ kind: 'move', studentId: s.id, name: fullName(s) })}>
                          Перевести
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDialog({ kind: 'discharge', studentId: s.id, name: fullName(s) })}>
                          Выбытие
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {overview.data && (overview.data.groups.length > 0 || canManage) && (
            <div>
              <Group justify="space-between">
                <Title order={4}>Группы (деление на подгруппы)</Title>
                {canManage && (
                  <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'group' })}>
                    Новая группа
                  </Button>
                )}
              </Group>
              {overview.data.groups.length === 0 && <Text c="dimmed">Класс не делится на группы.</Text>}
              {overview.data.groups.map((g) => (
                <Text key={g.id}>
                  {g.name}: {g.studentIds.length} чел.
                </Text>
              ))}
            </div>
          )}
          {dialog?.kind === 'group' && (
            <GroupDialog
              classId={classId}
              students={data.students.map((s) => ({ id: s.id, name: fullName(s) }))}
              onClose={() => setDialog(null)}
              onDone={() => {
                setDialog(null);
                reload();
              }}
            />
          )}
          {dialog?.kind === 'admit' && (
            <AdmitDialog
              classId={classId}
              onClose={() => setDialog(null)}
              onDone={() => {
                setDialog(null);
                reload();
              }}
            />
          )}
          {(dialog?.kind === 'move' || dialog?.kind === 'discharge') && (
            <LeaveDialog
              kind={dialog.kind}
              studentId={dialog.studentId}
              name={dialog.name}
              classId={classId}
              onClose={() => setDialog(null)}
              onDone={() => {
                setDialog(null);
                reload();
              }}
            />
          )}
        </Stack>
      )}
    </QueryView>
  );
}

function ListCheck({
  classId,
  count,
  lastCheck,
  canConfirm,
  onDone,
}: {
  classId: number;
  count: number;
  lastCheck: { checkedAt: string; studentCount: number; checkedBy: string } | null;
  canConfirm: boolean;
  onDone(): void;
}) {
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    try {
      await call(api.confirmClassList, { params: { classId }, body: { studentCount: count, comment: null } });
      notifications.show({ color: 'green', message: 'Список класса подтверждён' });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Group data-testid="list-check">
      {lastCheck ? (
        <Badge color="green" variant="light">
          Список проверен {formatDateRu(lastCheck.checkedAt.slice(0, 10))}: {lastCheck.studentCount} чел., {lastCheck.checkedBy}
        </Badge>
      ) : (
        <Badge color="yellow" variant="light">
          Список класса ещё не проверен классным руководителем
        </Badge>
      )}
      {canConfirm && (
        <Button size="xs" variant="light" onClick={() => void confirm()}>
          Подтвердить список ({count} чел.)
        </Button>
      )}
      {error && <Alert color="red">{error}</Alert>}
    </Group>
  );
}

function AdmitDialog({ classId, onClose, onDone }: { classId: number; onClose(): void; onDone(): void }) {
  const [form, setForm] = useState({ lastName: '', firstName: '', middleName: '', birthDate: '', fromDate: today() });
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof form) => ({ value: form[name], onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }) });
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call(api.admitStudent, {
        params: { classId },
        body: { lastName: form.lastName, firstName: form.firstName, middleName: form.middleName || null, birthDate: form.birthDate || null, fromDate: form.fromDate },
      });
      notifications.show({ color: 'green', message: 'Обучающийся зачислен' });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Modal opened onClose={onClose} title="Зачисление в класс">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput label="Фамилия" required data-autofocus {...field('lastName')} />
          <TextInput label="Имя" required {...field('firstName')} />
          <TextInput label="Отчество" {...field('middleName')} />
          <TextInput label="Дата рождения" type="date" {...field('birthDate')} />
          <TextInput label="Дата зачисления" type="date" required {...field('fromDate')} />
          {error && <Alert color="red">{error}</Alert>}
          <Button type="submit">Зачислить</Button>
        </Stack>
      </form>
    </Modal>
  );
}

function LeaveDialog({ kind, studentId, name, classId, onClose, onDone }: { kind: 'move' | 'discharge'; studentId: number; name: string; classId: number; onClose(): void; onDone(): void }) {
  const classes = useQuery(() => call(api.listClasses), []);
  const [toClassId, setToClassId] = useState<string | null>(null);
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      if (kind === 'move') await call(api.moveStudent, { params: { studentId }, body: { toClassId: Number(toClassId), date } });
      else await call(api.dischargeStudent, { params: { studentId }, body: { date, reason } });
      notifications.show({ color: 'green', message: kind === 'move' ? 'Обучающийся переведён' : 'Выбытие оформлено' });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Modal opened onClose={onClose} title={kind === 'move' ? `Перевод: ${name}` : `Выбытие: ${name}`}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          {kind === 'move' && (
            <Select
              label="В класс"
              required
              value={toClassId}
              onChange={setToClassId}
              data={(classes.data?.classes ?? []).filter((c) => c.id !== classId).map((c) => ({ value: String(c.id), label: c.name }))}
            />
          )}
          <TextInput label={kind === 'move' ? 'Дата перевода' : 'Дата выбытия'} description="Первый день в новом классе (или первый день после выбытия)" type="date" required value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          {kind === 'discharge' && <TextInput label="Причина" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
          {error && <Alert color="red">{error}</Alert>}
          <Button type="submit">{kind === 'move' ? 'Перевести' : 'Оформить выбытие'}</Button>
        </Stack>
      </form>
    </Modal>
  );
}

function GroupDialog({ classId, students, onClose, onDone }: { classId: number; students: Array<{ id: number; name: string }>; onClose(): void; onDone(): void }) {
  const directories = useQuery(() => call(api.directories), []);
  const teachers = useQuery(() => call(api.listUsers, { query: { role: 'teacher' } }), []);
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [name, setName] = useState('1 группа');
  const [teacherId, setTeacherId] = useState<string | null>(null);
  const [members, setMembers] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!subjectId) return setError('Выберите предмет');
    try {
      await call(api.createGroup, { params: { classId }, body: { subjectId: Number(subjectId), name, teacherUserId: teacherId ? Number(teacherId) : null, studentIds: members } });
      notifications.show({ color: 'green', message: 'Группа создана' });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Modal opened onClose={onClose} title="Новая группа" size="lg">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Select
            label="Предмет"
            required
            searchable
            value={subjectId}
            onChange={setSubjectId}
            data={(directories.data?.subjects ?? []).filter((s) => !s.isArchived).map((s) => ({ value: String(s.id), label: s.name }))}
            data-autofocus
          />
          <TextInput label="Название группы" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select label="Учитель" searchable clearable value={teacherId} onChange={setTeacherId} data={(teachers.data?.users ?? []).map((u) => ({ value: String(u.id), label: fullName(u) }))} />
          <Checkbox.Group label={`Состав (${members.length} чел.)`} value={members.map(String)} onChange={(v) => setMembers(v.map(Number))}>
            <SimpleGrid cols={2} mt="xs">
              {students.map((s) => (
                <Checkbox key={s.id} value={String(s.id)} label={s.name} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          {error && <Alert color="red">{error}</Alert>}
          <Button type="submit">Создать группу</Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** The administrator creates the pupils' own accounts (those who have none) and saves the sheet of their logins. */
function StudentAccountsButton({ classId, className }: { classId: number; className: string }) {
  const [isBusy, setBusy] = useState(false);
  async function create() {
    setBusy(true);
    try {
      const file = await call(api.createStudentAccounts, { params: { classId }, body: {} });
      saveFile(file, `Логины обучающихся ${className}.pdf`);
      notifications.show({ color: 'green', message: 'Учётные записи созданы, лист логинов и паролей сохранён' });
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button variant="light" size="xs" loading={isBusy} onClick={() => void create()}>
      Учётные записи обучающихся (PDF)
    </Button>
  );
}

type CodeStatusRow = ResponseOf<typeof api.listClassActivationCodes>['students'][number];

async function issueCodes(classId: number, className: string, student?: { id: number; name: string }): Promise<void> {
  const file = await call(api.issueClassActivationCodes, { params: { classId }, body: student ? { studentId: student.id } : {} });
  saveFile(file, student ? `Код для родителей ${className} ${student.name}.pdf` : `Коды для родителей ${className}.pdf`);
}

/** Prints the sheet of parents' activation codes for the whole class (earlier unused codes stop working). */
function IssueCodesButton({ classId, className, count, onDone }: { classId: number; className: string; count: number; onDone(): void }) {
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function issue() {
    setBusy(true);
    try {
      await issueCodes(classId, className);
      notifications.show({ color: 'green', message: `Лист кодов для родителей сохранён: ${count} чел.` });
      setConfirming(false);
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button variant="light" size="xs" color="grape" onClick={() => setConfirming(true)}>
        Коды для родителей (PDF)
      </Button>
      {isConfirming && (
        <Modal opened onClose={() => setConfirming(false)} title="Коды активации для родителей">
          <Stack>
            <Text size="sm">
              Будет сформирован лист для печати: по одному коду на каждого обучающегося класса {className} ({count} чел.). Код действует 30 дней и один раз;
              выданные раньше и ещё не использованные коды перестанут действовать. Сами коды в программе не хранятся: сохраните или распечатайте лист.
            </Text>
            {error && <Alert color="red">{error}</Alert>}
            <Group justify="end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Отмена
              </Button>
              <Button loading={isBusy} onClick={() => void issue()} data-autofocus>
                Сформировать PDF
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}

/** A pupil's code: working until a date, used by whom, or none; the class teacher prints a new one for this pupil. */
function CodeStatus({ status, canIssue, classId, studentId, className, onDone }: { status: CodeStatusRow | undefined; canIssue: boolean; classId: number; studentId: number; className: string; onDone(): void }) {
  const [isBusy, setBusy] = useState(false);
  if (!status) return null;
  const lastUse = status.uses[0];
  async function issueOne() {
    setBusy(true);
    try {
      await issueCodes(classId, className, { id: studentId, name: status!.studentName });
      notifications.show({ color: 'green', message: `Новый код: ${status!.studentName}` });
      onDone();
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Group gap="xs" wrap="nowrap">
      {lastUse && (
        <Tooltip label={status.uses.map((u) => `${u.usedByName}, ${formatDateRu(u.usedAt.slice(0, 10))}`).join('; ')}>
          <Badge color="green" variant="light">
            подключён: {lastUse.usedByName}
          </Badge>
        </Tooltip>
      )}
      {status.active ? (
        <Badge color="blue" variant="light">
          код до {formatDateRu(status.active.expiresAt.slice(0, 10))}
        </Badge>
      ) : (
        !lastUse && (
          <Badge color="gray" variant="light">
            нет кода
          </Badge>
        )
      )}
      {canIssue && (
        <Button size="compact-xs" variant="subtle" loading={isBusy} onClick={() => void issueOne()}>
          Новый код
        </Button>
      )}
    </Group>
  );
}
