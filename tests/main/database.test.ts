// The database: migrations from a static list, refusal of a database from a newer version,
// pragmas (WAL, foreign keys), and a migration applied over existing data.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, databasePath, openDatabase } from '../../src/main/db/connection';
import { MIGRATIONS } from '../../src/main/db/migration-source';
import { tempDir } from './helpers/test-server';

describe('database', () => {
  it('creates the file with WAL and foreign keys on, and applies every migration', async () => {
    const dir = tempDir();
    const db = await openDatabase({ dataDir: dir });
    expect(fs.existsSync(databasePath(dir))).toBe(true);
    expect(((await db.raw('pragma journal_mode')) as Array<{ journal_mode: string }>)[0]!.journal_mode).toBe('wal');
    expect(((await db.raw('pragma foreign_keys')) as Array<{ foreign_keys: number }>)[0]!.foreign_keys).toBe(1);
    const applied = ((await db('knex_migrations').select('name')) as Array<{ name: string }>).map((r) => r.name);
    expect(applied).toEqual(MIGRATIONS.map(([name]) => name));
    await expect(db('user_roles').insert({ user_id: 999, role: 'teacher' })).rejects.toThrow(/FOREIGN KEY/);
    await db.destroy();
  });

  it('refuses a database that a newer version of the program has migrated, and leaves it untouched', async () => {
    const dir = tempDir();
    const db = await openDatabase({ dataDir: dir });
    await db('knex_migrations').insert({ name: '20990101000000_from_the_future', batch: 2, migration_time: new Date() });
    await db.destroy();
    const before = fs.readFileSync(databasePath(dir));
    const opening = openDatabase({ dataDir: dir });
    await expect(opening).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/более новой версией программы.*20990101000000_from_the_future/);
    expect(fs.readFileSync(databasePath(dir)).equals(before)).toBe(true);
  });

  it('migrates an older database forward over existing rows', async () => {
    const dir = tempDir();
    const platformOnly = await openDatabase({ dataDir: dir, migrateUpTo: 1 });
    expect(await platformOnly.schema.hasTable('timetable_slots')).toBe(false);
    await platformOnly('users').insert({ id: 1, login: 'teacher', last_name: 'А', first_name: 'Б', created_at: 'x', updated_at: 'x' });
    await platformOnly('subjects').insert({ id: 1, name: 'Математика', short_name: 'Матем.' });
    await platformOnly('classes').insert({ id: 1, academic_year: '2026/2027', level: 5, letter: 'А', class_teacher_user_id: 1 });
    await platformOnly('teaching_assignments').insert({ teacher_user_id: 1, class_id: 1, subject_id: 1 });
    await platformOnly.destroy();

    const db = await openDatabase({ dataDir: dir });
    expect(await db('classes').first()).toMatchObject({ id: 1, level: 5, letter: 'А', shift: 1 });
    expect(await db('teaching_assignments').first()).toMatchObject({ teacher_user_id: 1, class_id: 1, group_id: null, hours_per_week: 0 });
    expect(await db('subjects').first()).toMatchObject({ name: 'Математика', is_archived: 0 });
    await db.destroy();
  });

  it('refuses rows that break the schema rules', async () => {
    const db = await openDatabase({ dataDir: tempDir() });
    await db('users').insert({ id: 1, login: 'a', last_name: 'А', first_name: 'Б', created_at: 'x', updated_at: 'x' });
    await expect(db('user_roles').insert({ user_id: 1, role: 'superuser' })).rejects.toThrow(/unknown role/);
    await expect(db('classes').insert({ academic_year: '2026/2027', level: 12, letter: 'А' })).rejects.toThrow(/1..11/);
    await expect(db('school').insert({ id: 2, name: 'вторая', created_at: 'x' })).rejects.toThrow(/only one school/);
    await db.destroy();
  });
});
