// The classes of the current school year; the administrator creates new ones.

import { Alert, Anchor, Button, Group, Modal, NumberInput, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api/contract';
import type { ResponseOf } from '../../shared/api/endpoint';
import { call, errorText } from '../api/client';
import { fullName } from '../components/person-name';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

export function ClassTable({ classes }: { classes: ResponseOf<typeof api.listClasses>['classes'] }) {
  return (
    <Table striped highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Класс</Table.Th>
          <Table.Th>Классный руководитель</Table.Th>
          <Table.Th ta="right">Обучающихся</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {classes.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <Anchor component={Link} to={`/classes/${c.id}`}>
                {c.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{c.classTeacherName ?? '—'}</Table.Td>
            <Table.Td ta="right">{c.studentCount}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function ClassesPage({ canEdit }: { canEdit: boolean }) {
  const query = useQuery(() => call(api.listClasses), []);
  const [isCreating, setCreating] = useState(false);
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Классы</Title>
        {canEdit && <Button onClick={() => setCreating(true)}>Новый класс</Button>}
      </Group>
      <QueryView query={query}>{(data) => <ClassTable classes={data.classes} />}</QueryView>
      {isCreating && (
        <CreateClassDialog
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            query.reload();
          }}
        />
      )}
    </>
  );
}

function CreateClassDialog({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const teachers = useQuery(() => call(api.listUsers, { query: { role: 'class_teacher' } }), []);
  const [level, setLevel] = useState<number | string>(1);
  const [letter, setLetter] = useState('А');
  const [shift, setShift] = useState<string>('1');
  const [teacherId, setTeacherId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call(api.createClass, { body: { level: Number(level), letter: letter.toUpperCase(), shift: shift === '2' ? 2 : 1, classTeacherUserId: teacherId ? Number(teacherId) : null } });
      notifications.show({ color: 'green', message: 'Класс создан' });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Modal opened onClose={onClose} title="Новый класс">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <NumberInput label="Параллель" min={1} max={11} required value={level} onChange={setLevel} data-autofocus />
          <TextInput label="Литера" required maxLength={4} value={letter} onChange={(e) => setLetter(e.currentTarget.value)} />
          <Select label="Смена" data={[{ value: '1', label: '1 смена' }, { value: '2', label: '2 смена' }]} value={shift} onChange={(v) => setShift(v ?? '1')} />
          <Select
            label="Классный руководитель"
            searchable
            clearable
            value={teacherId}
            onChange={setTeacherId}
            data={(teachers.data?.users ?? []).map((u) => ({ value: String(u.id), label: fullName(u) }))}
          />
          {error && <Alert color="red">{error}</Alert>}
          <Button type="submit">Создать</Button>
        </Stack>
      </form>
    </Modal>
  );
}
