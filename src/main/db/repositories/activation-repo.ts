// SQL of parents' activation codes (3.3). Only the SHA-256 of a normalised code is stored; a code is
// used once, expires, or is revoked when a newer one is issued for the same pupil.

import type { Db } from '../connection';

export interface NewActivationCodeRow {
  student_id: number;
  code_hash: string;
  created_by_user_id: number;
  created_at: string;
  expires_at: string;
}

export interface ActivationCodeRow {
  id: number;
  student_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  creator_last_name: string;
  creator_first_name: string;
  creator_middle_name: string | null;
  user_last_name: string | null;
  user_first_name: string | null;
  user_middle_name: string | null;
}

/** Revokes every unused, not yet revoked code of these pupils; returns the ids revoked. */
export async function revokeUnusedCodes(db: Db, studentIds: readonly number[], at: string): Promise<number[]> {
  if (studentIds.length === 0) return [];
  const open = () => db('activation_codes').whereIn('student_id', studentIds).whereNull('used_at').whereNull('revoked_at');
  const ids = ((await open().select('id')) as Array<{ id: number }>).map((r) => r.id);
  if (ids.length > 0) await db('activation_codes').whereIn('id', ids).update({ revoked_at: at });
  return ids;
}

export async function insertActivationCodes(db: Db, rows: readonly NewActivationCodeRow[]): Promise<void> {
  // SQLite limits the number of bound variables per statement: a class fits easily, chunks stay safe.
  for (let i = 0; i < rows.length; i += 100) await db('activation_codes').insert(rows.slice(i, i + 100));
}

/** Every code of these pupils with its creator and (when used) its user, newest first. */
export async function activationCodesOfStudents(db: Db, studentIds: readonly number[]): Promise<ActivationCodeRow[]> {
  if (studentIds.length === 0) return [];
  return (await db('activation_codes as a')
    .join('users as c', 'c.id', 'a.created_by_user_id')
    .leftJoin('users as u', 'u.id', 'a.used_by_user_id')
    .whereIn('a.student_id', studentIds)
    .orderBy([
      { column: 'a.created_at', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ])
    .select(
      'a.id',
      'a.student_id',
      'a.created_at',
      'a.expires_at',
      'a.used_at',
      'a.revoked_at',
      'c.last_name as creator_last_name',
      'c.first_name as creator_first_name',
      'c.middle_name as creator_middle_name',
      'u.last_name as user_last_name',
      'u.first_name as user_first_name',
      'u.middle_name as user_middle_name',
    )) as ActivationCodeRow[];
}

/** Which of these hashes are already stored (a fresh code must not collide with any earlier one). */
export async function existingCodeHashes(db: Db, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = (await db('activation_codes').whereIn('code_hash', hashes).select('code_hash')) as Array<{ code_hash: string }>;
  return new Set(rows.map((r) => r.code_hash));
}
