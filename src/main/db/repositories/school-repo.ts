// SQL for the school record and its key/value settings.

import type { Db } from '../connection';

export async function findSchool(db: Db): Promise<{ name: string } | undefined> {
  return (await db('school').where({ id: 1 }).first('name')) as { name: string } | undefined;
}

export async function insertSchool(db: Db, name: string, now: string): Promise<void> {
  await db('school').insert({ id: 1, name, created_at: now });
}

export async function readSetting(db: Db, key: string): Promise<unknown> {
  const row = (await db('settings').where({ key }).first('value')) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

export async function writeSetting(db: Db, key: string, value: unknown, now: string): Promise<void> {
  await db('settings')
    .insert({ key, value: JSON.stringify(value), updated_at: now })
    .onConflict('key')
    .merge();
}

/** Health check: the database answers a query. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.raw('select 1');
}
