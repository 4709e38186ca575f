// The administrator's user management (3.2): create people with roles, hand out initial
// passwords (one at a time or as a printed sheet), reset passwords, block accounts.

import { Alert, Badge, Button, Checkbox, Code, Group, Modal, MultiSelect, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/contract';
import type { Me, User } from '../../shared/api/schemas';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/domain/roles';
import { ApiError, call, errorText } from '../api/client';
import { fullName } from '../components/person-name';
import { saveFile } from '../components/save-file';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

function statusOf(user: User): { label: string; color: string } {
  if (user.isBlocked) return { label: 'заблокирован', color: 'red' };
  if (user.mustChangePassword) return { label: 'ждёт первого входа', color: 'yellow' };
  return { label: 'активен', color: 'green' };
}

async function downloadCredentialsSheet(userIds: number[]): Promise<void> {
  const blob = await call(api.credentialsSheet, { body: { userIds } });
  saveFile(blob, `logins-${new Date().toISOString().slice(0, 10)}.pdf`);
}

export function UsersPage({ me }: { me: Me }) {
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const query = useQuery(() => call(api.listUsers, { query: { search: search || undefined, role: role ?? undefined } }), [search, role]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [isCreating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [issued, setIssued] = useState<{ user: User; initialPassword: string } | null>(null);

  const toggle = (id: number) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  async function resetPassword(user: User) {
    if (!window.confirm(`Выдать ${fullName(user)} новый первичный пароль? Старый пароль перестанет действовать.`)) return;
    try {
      setIssued(await call(api.resetPassword, { params: { userId: user.id }, body: {} }));
      query.reload();
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  async function printSheet() {
    const ids = [...selected].filter((id) => id !== me.user.id);
    if (!window.confirm(`Выдать новые первичные пароли ${ids.length} пользователям и напечатать лист? Их прежние пароли перестанут действовать.`)) return;
    try {
      await downloadCredentialsSheet(ids);
      setSelected(new Set());
      query.reload();
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e) });
    }
  }

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Пользователи</Title>
        <Group>
          <Button variant="default" disabled={selected.size === 0} onClick={() => void printSheet()}>
            Лист логинов и паролей ({selected.size})
          </Button>
          <Button onClick={() => setCreating(true)}>Новый пользователь</Button>
        </Group>
      </Group>
      <Group mb="md">
        <TextInput placeholder="Фамилия или логин" aria-label="Поиск" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <Select placeholder="Все роли" aria-label="Роль" data={ROLE_OPTIONS} value={role} onChange={(v) => setRole(v as Role | null)} clearable />
      </Group>
      <QueryView query={query}>
        {(data) => (
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Выбрать всех"
                    checked={data.users.length > 0 && data.users.every((u) => selected.has(u.id))}
                    onChange={(e) => setSelected(e.currentTarget.checked ? new Set(data.users.map((u) => u.id)) : new Set())}
                  />
                </Table.Th>
                <Table.Th>ФИО</Table.Th>
                <Table.Th>Логин</Table.Th>
                <Table.Th>Роли</Table.Th>
                <Table.Th>Состояние</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.users.map((u) => {
                const status = statusOf(u);
                return (
                  <Table.Tr key={u.id} data-testid={`user-row-${u.login}`}>
                    <Table.Td>
                      <Checkbox aria-label={`Выбрать ${fullName(u)}`} checked={selected.has(u.id)} onChange={() => toggle(u.id)} />
                    </Table.Td>
                    <Table.Td>{fullName(u)}</Table.Td>
                    <Table.Td>
                      <Code>{u.login}</Code>
                    </Table.Td>
                    <Table.Td>{u.roles.map((r) => ROLE_LABELS[r]).join(', ')}</Table.Td>
                    <Table.Td>
                      <Badge color={status.color} variant="light">
                        {status.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="end">
                        <Button size="xs" variant="subtle" onClick={() => setEditing(u)}>
                          Изменить
                        </Button>
                        {u.id !== me.user.id && (
                          <Button size="xs" variant="subtle" onClick={() => void resetPassword(u)}>
                            Сбросить пароль
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
      {isCreating && (
        <CreateUserModal
          onClose={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setIssued(result);
            query.reload();
          }}
        />
      )}
      {editing && (
        <EditUserModal
          user={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            query.reload();
          }}
        />
      )}
      {issued && <IssuedPasswordModal issued={issued} onClose={() => setIssued(null)} />}
    </>
  );
}

function CreateUserModal({ onClose, onCreated }: { onClose(): void; onCreated(r: { user: User; initialPassword: string }): void }) {
  const [form, setForm] = useState({ lastName: '', firstName: '', middleName: '', login: '' });
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | string | null>(null);
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }),
    error: error instanceof ApiError ? error.fieldMessage(name) : undefined,
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (roles.length === 0) return setError('Выберите хотя бы одну роль');
    try {
      onCreated(
        await call(api.createUser, {
          body: { lastName: form.lastName, firstName: form.firstName, middleName: form.middleName || null, login: form.login || undefined, roles: roles as Role[] },
        }),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e : errorText(e));
    }
  }

  return (
    <Modal opened onClose={onClose} title="Новый пользователь">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput label="Фамилия" required data-autofocus {...field('lastName')} />
          <TextInput label="Имя" required {...field('firstName')} />
          <TextInput label="Отчество" {...field('middleName')} />
          <TextInput label="Логин" description="Можно не заполнять: логин составится из ФИО" {...field('login')} />
          <MultiSelect label="Роли" data={ROLE_OPTIONS} value={roles} onChange={setRoles} required searchable selectFirstOptionOnChange nothingFoundMessage="Нет такой роли" />
          {error && <Alert color="red">{typeof error === 'string' ? error : error.message}</Alert>}
          <Button type="submit">Создать</Button>
        </Stack>
      </form>
    </Modal>
  );
}

function EditUserModal({ user, onClose, onSaved }: { user: User; onClose(): void; onSaved(): void }) {
  const [form, setForm] = useState({ lastName: user.lastName, firstName: user.firstName, middleName: user.middleName ?? '' });
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [isBlocked, setBlocked] = useState(user.isBlocked);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call(api.updateUser, {
        params: { userId: user.id },
        body: { version: user.version, lastName: form.lastName, firstName: form.firstName, middleName: form.middleName || null, roles: roles as Role[], isBlocked },
      });
      notifications.show({ color: 'green', message: 'Сохранено' });
      onSaved();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Modal opened onClose={onClose} title={`Пользователь ${user.login}`}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput label="Фамилия" required value={form.lastName} onChange={(e) => setForm({ ...form, lastName: e.currentTarget.value })} />
          <TextInput label="Имя" required value={form.firstName} onChange={(e) => setForm({ ...form, firstName: e.currentTarget.value })} />
          <TextInput label="Отчество" value={form.middleName} onChange={(e) => setForm({ ...form, middleName: e.currentTarget.value })} />
          <MultiSelect label="Роли" data={ROLE_OPTIONS} value={roles} onChange={setRoles} required searchable selectFirstOptionOnChange nothingFoundMessage="Нет такой роли" />
          <Switch label="Заблокирован (вход запрещён)" checked={isBlocked} onChange={(e) => setBlocked(e.currentTarget.checked)} />
          {error && <Alert color="red">{error}</Alert>}
          <Button type="submit">Сохранить</Button>
        </Stack>
      </form>
    </Modal>
  );
}

function IssuedPasswordModal({ issued, onClose }: { issued: { user: User; initialPassword: string }; onClose(): void }) {
  return (
    <Modal opened onClose={onClose} title="Первичный пароль выдан">
      <Stack>
        <Text>{fullName(issued.user)}</Text>
        <Text>
          Логин: <Code data-testid="issued-login">{issued.user.login}</Code>
        </Text>
        <Text>
          Первичный пароль: <Code data-testid="issued-password">{issued.initialPassword}</Code>
        </Text>
        <Text size="sm" c="dimmed">
          Пароль показан один раз. Передайте его лично или напечатайте лист логинов и паролей. При первом входе пользователь задаст свой пароль.
        </Text>
        <Group>
          <Button variant="default" onClick={() => void downloadCredentialsSheet([issued.user.id]).then(onClose)}>
            Напечатать с новым паролем
          </Button>
          <Button onClick={onClose}>Готово</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
