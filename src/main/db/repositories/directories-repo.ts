// SQL for the directories (справочники): subjects and work types.

import type { Db } from '../connection';

export interface SubjectRow {
  id: number;
  name: string;
  short_name: string;
  is_archived: number;
}

export interface WorkTypeRow {
  id: number;
  name: string;
  short_name: string;
  default_weight: number;
  is_written: number;
  sort_order: number;
  is_archived: number;
}

export const listSubjects = async (db: Db) => (await db('subjects').orderBy('name')) as SubjectRow[];
export const findSubject = async (db: Db, id: number) => (await db('subjects').where({ id }).first()) as SubjectRow | undefined;
export const findSubjectByName = async (db: Db, name: string) => (await db('subjects').whereRaw('lower(name) = lower(?)', [name]).first()) as SubjectRow | undefined;

export async function insertSubject(db: Db, name: string, shortName: string): Promise<number> {
  const [row] = (await db('subjects').insert({ name, short_name: shortName, is_archived: false }).returning('id')) as Array<{ id: number }>;
  return row!.id;
}

export async function updateSubject(db: Db, id: number, changes: Partial<Omit<SubjectRow, 'id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return; // nothing to change (knex refuses an empty update)
  await db('subjects').where({ id }).update(changes);
}

export const listWorkTypes = async (db: Db) => (await db('work_types').orderBy(['sort_order', 'name'])) as WorkTypeRow[];
export const findWorkType = async (db: Db, id: number) => (await db('work_types').where({ id }).first()) as WorkTypeRow | undefined;

export async function insertWorkType(db: Db, row: Omit<WorkTypeRow, 'id'>): Promise<number> {
  const [inserted] = (await db('work_types').insert(row).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function updateWorkType(db: Db, id: number, changes: Partial<Omit<WorkTypeRow, 'id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return; // nothing to change (knex refuses an empty update)
  await db('work_types').where({ id }).update(changes);
}

export async function countRows(db: Db, table: 'subjects' | 'work_types'): Promise<number> {
  const row = (await db(table).count({ n: '*' }).first()) as { n: number } | undefined;
  return Number(row?.n ?? 0);
}
