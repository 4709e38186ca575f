// The pupil's card: class, birth date, class history, guardians with contacts and the
// personal-data consents; the class teacher (and the administrator) keep it (3.3).

import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import type { Me } from '../../shared/api/schemas';
import { formatDateRu } from '../../shared/domain/calendar';
import { call, errorText } from '../api/client';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

const CONSENT_LABELS = {
  'personal-data': 'Обработка персональных данных',
  'e-journal': 'Ведение электронного дневника и журнала',
  photo: 'Фото- и видеосъёмка',
} as const;

export function StudentCardPage({ me }: { me: Me }) {
  const studentId = Number(useParams().studentId);
  const query = useQuery(() => call(api.studentCard, { params: { studentId } }), [studentId]);
  const details = useQuery(() => call(api.studentCardDetails, { params: { studentId } }), [studentId]);
  // Shown to class teachers and the administrator; the server decides for this very pupil.
  const mayEdit = me.user.roles.includes('admin') || me.user.roles.includes('class_teacher');
  const [dialog, setDialog] = useState<null | 'guardian' | 'consent'>(null);
  const done = () => {
    setDialog(null);
    details.reload();
  };
  return (
    <QueryView query={query}>
      {(s) => (
        <Stack>
          <Title order={2}>{fullName(s)}</Title>
          <Paper withBorder p="md">
            <Text>Класс: {s.className ?? 'не зачислен'}</Text>
            <Text>Дата рождения: {s.birthDate ? dayjs(s.birthDate).locale('ru').format('D MMMM YYYY') : '—'}</Text>
          </Paper>
          <QueryView query={details}>
            {(d) => (
              <>
                <Paper withBorder p="md">
                  <Group justify="space-between" mb="xs">
                    <Title order={4}>Родители (законные представители)</Title>
                    {mayEdit && (
                      <Button size="xs" variant="light" onClick={() => setDialog('guardian')}>
                        Добавить
                      </Button>
                    )}
                  </Group>
                  {d.guardians.length === 0 && <Text c="dimmed">не указаны</Text>}
                  {d.guardians.map((g) => (
                    <Text key={g.userId}>
                      {g.name}
                      {g.relation ? ` (${g.relation})` : ''}
                      {g.phone ? ` · ${g.phone}` : ''}
                      {g.email ? ` · ${g.email}` : ''}
                    </Text>
                  ))}
                </Paper>
                <Paper withBorder p="md">
                  <Group justify="space-between" mb="xs">
                    <Title order={4}>Согласия на обработку персональных данных</Title>
                    {mayEdit && (
                      <Button size="xs" variant="light" onClick={() => setDialog('consent')}>
                        Записать согласие
                      </Button>
                    )}
                  </Group>
                  {d.consents.length === 0 && <Text c="dimmed">нет записей</Text>}
                  {d.consents.map((c) => (
                    <Group key={c.id} gap="xs">
                      <Text>
                        {CONSENT_LABELS[c.kind]}: {c.givenBy}, {formatDateRu(c.givenOn)}
                        {c.document ? `, ${c.document}` : ''}
                      </Text>
                      {c.revokedOn && <Badge color="red">отозвано {formatDateRu(c.revokedOn)}</Badge>}
                    </Group>
                  ))}
                </Paper>
                <Paper withBorder p="md">
                  <Title order={4} mb="xs">
                    История классов
                  </Title>
                  <Table>
                    <Table.Tbody>
                      {d.classHistory.map((h) => (
                        <Table.Tr key={`${h.classId}-${h.fromDate}`}>
                          <Table.Td>{h.className}</Table.Td>
                          <Table.Td>{h.academicYear}</Table.Td>
                          <Table.Td>
                            с {formatDateRu(h.fromDate)}
                            {h.toDate ? ` по ${formatDateRu(dayjs(h.toDate).subtract(1, 'day').format('YYYY-MM-DD'))}` : ''}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Paper>
              </>
            )}
          </QueryView>
          {dialog === 'guardian' && <GuardianDialog studentId={studentId} onClose={() => setDialog(null)} onDone={done} />}
          {dialog === 'consent' && <ConsentDialog studentId={studentId} onClose={() => setDialog(null)} onDone={done} />}
        </Stack>
      )}
    </QueryView>
  );
}

function GuardianDialog({ studentId, onClose, onDone }: { studentId: number; onClose(): void; onDone(): void }) {
  const [form, setForm] = useState({ lastName: '', firstName: '', middleName: '', relation: '', phone: '', email: '' });
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof form) => ({ value: form[name], onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }) });
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call(api.addGuardian, {
        params: { studentId },
        body: {
          lastName: form.lastName,
          firstName: form.firstName,
          middleName: form.middleName || null,
          relation: form.relation || null,
          phone: form.phone || null,
          email: form.email || null,
        },
      });
      notifications.show({ color: 'green', message: 'Родитель добавлен' });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Modal opened onClose={onClose} title="Родитель (законный представитель)">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput label="Фамилия" required data-autofocus {...field('lastName')} />
          <TextInput label="Имя" required {...field('firstName')} />
          <TextInput label="Отчество" {...field('middleName')} />
          <TextInput label="Кем приходится" placeholder="мать, отец, опекун" {...field('relation')} />
          <TextInput label="Телефон" placeholder="+7 912 345-67-89" {...field('phone')} />
          <TextInput label="Электронная почта" {...field('email')} />
          {error && <Alert color="red">{error}</Alert>}
          <Button type="submit">Добавить</Button>
        </Stack>
      </form>
    </Modal>
  );
}

function ConsentDialog({ studentId, onClose, onDone }: { studentId: number; onClose(): void; onDone(): void }) {
  const [kind, setKind] = useState<keyof typeof CONSENT_LABELS>('personal-data');
  const [givenBy, setGivenBy] = useState('');
  const [givenOn, setGivenOn] = useState(new Date().toLocaleDateString('sv-SE'));
  const [document, setDocument] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call(api.recordConsent, { params: { studentId }, body: { kind, givenBy, givenOn, document: document || null } });
      notifications.show({ color: 'green', message: 'Согласие записано' });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Modal opened onClose={onClose} title="Согласие">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Select label="Вид согласия" value={kind} onChange={(v) => setKind((v ?? 'personal-data') as keyof typeof CONSENT_LABELS)} data={Object.entries(CONSENT_LABELS).map(([value, label]) => ({ value, label }))} />
          <TextInput label="Кто дал согласие" required value={givenBy} onChange={(e) => setGivenBy(e.currentTarget.value)} />
          <TextInput label="Дата" type="date" required value={givenOn} onChange={(e) => setGivenOn(e.currentTarget.value)} />
          <TextInput label="Документ" placeholder="Заявление №…" value={document} onChange={(e) => setDocument(e.currentTarget.value)} />
          {error && <Alert color="red">{error}</Alert>}
          <Button type="submit">Записать</Button>
        </Stack>
      </form>
    </Modal>
  );
}
