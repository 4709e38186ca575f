// SQL for users and their roles.

import { ROLES, type Role } from '../../../shared/domain/roles';
import type { Db } from '../connection';

export interface UserRow {
  id: number;
  login: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  password_hash: string | null;
  must_change_password: number;
  is_blocked: number;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  phone: string | null;
  email: string | null;
}

export interface UserRecord extends UserRow {
  roles: Role[];
}

export interface NewUser {
  login: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  passwordHash: string | null;
  mustChangePassword: boolean;
  now: string;
}

async function withRoles(db: Db, rows: UserRow[]): Promise<UserRecord[]> {
  if (rows.length === 0) return [];
  const roleRows = (await db('user_roles')
    .whereIn(
      'user_id',
      rows.map((r) => r.id),
    )
    .select('user_id', 'role')) as Array<{ user_id: number; role: Role }>;
  const byUser = new Map<number, Role[]>();
  for (const r of roleRows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.role]);
  // Roles in the canonical order of ROLES, whatever order the rows came in.
  return rows.map((row) => ({ ...row, roles: ROLES.filter((r) => byUser.get(row.id)?.includes(r)) }));
}

export async function findUserById(db: Db, id: number): Promise<UserRecord | undefined> {
  const row = (await db('users').where({ id }).first()) as UserRow | undefined;
  return row ? (await withRoles(db, [row]))[0] : undefined;
}

export async function findUserByLogin(db: Db, login: string): Promise<UserRecord | undefined> {
  const row = (await db('users').where({ login }).first()) as UserRow | undefined;
  return row ? (await withRoles(db, [row]))[0] : undefined;
}

export async function loginExists(db: Db, login: string): Promise<boolean> {
  return Boolean(await db('users').where({ login }).first('id'));
}

export async function listUsers(db: Db, filter: { search?: string; role?: Role }): Promise<UserRecord[]> {
  const query = db('users').select('users.*').orderBy(['last_name', 'first_name', 'id']);
  if (filter.search) {
    // % and _ typed by the user are literal characters, not wildcards.
    const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((q) => q.whereRaw("lower(last_name) like ? escape '\\'", [like]).orWhereRaw("lower(login) like ? escape '\\'", [like]));
  }
  if (filter.role) {
    query.whereExists((q) => q.from('user_roles').whereRaw('user_roles.user_id = users.id').where('role', filter.role));
  }
  return withRoles(db, (await query) as UserRow[]);
}

export async function insertUser(db: Db, user: NewUser, roles: readonly Role[]): Promise<number> {
  const [inserted] = (await db('users')
    .insert({
      login: user.login,
      last_name: user.lastName,
      first_name: user.firstName,
      middle_name: user.middleName,
      password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword,
      is_blocked: false,
      created_at: user.now,
      updated_at: user.now,
      version: 1,
    })
    .returning('id')) as Array<{ id: number }>;
  const id = inserted!.id;
  await replaceRoles(db, id, roles);
  return id;
}

export async function replaceRoles(db: Db, userId: number, roles: readonly Role[]): Promise<void> {
  await db('user_roles').where({ user_id: userId }).delete();
  if (roles.length > 0) await db('user_roles').insert(roles.map((role) => ({ user_id: userId, role })));
}

/**
 * Updates columns only if the row still has `expectedVersion`; returns false when another
 * writer got there first (the caller reports a conflict instead of overwriting).
 */
export async function updateUserIfVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  changes: Partial<Omit<UserRow, 'id' | 'version' | 'created_at'>>,
): Promise<boolean> {
  const count = await db('users')
    .where({ id, version: expectedVersion })
    .update({ ...changes, version: expectedVersion + 1 });
  return count === 1;
}

export async function recordLogin(db: Db, id: number, now: string): Promise<void> {
  await db('users').where({ id }).update({ last_login_at: now });
}

export async function countUsers(db: Db): Promise<number> {
  const row = (await db('users').count({ n: '*' }).first()) as { n: number } | undefined;
  return Number(row?.n ?? 0);
}

export async function findUsersByIds(db: Db, ids: readonly number[]): Promise<UserRecord[]> {
  const rows: UserRow[] = [];
  // SQLite limits bound parameters; chunk long lists.
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(...((await db('users').whereIn('id', ids.slice(i, i + 500))) as UserRow[]));
  }
  return withRoles(db, rows);
}
