// SQL of redeeming activation codes: find a code by its hash, and use it once.

import type { Db } from '../connection';

export interface StoredCodeRow {
  id: number;
  student_id: number;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export async function findCodeByHash(db: Db, hash: string): Promise<StoredCodeRow | undefined> {
  return (await db('activation_codes').where({ code_hash: hash }).first('id', 'student_id', 'expires_at', 'used_at', 'revoked_at')) as StoredCodeRow | undefined;
}

/** Marks the code used by `userId`; 0 when someone used it first (the caller refuses). */
export async function useCode(db: Db, id: number, userId: number, at: string): Promise<number> {
  return db('activation_codes').where({ id }).whereNull('used_at').whereNull('revoked_at').update({ used_at: at, used_by_user_id: userId });
}

/** Pupils enrolled in the class on a date who have no account of their own yet. */
export async function pupilsWithoutAccount(db: Db, classId: number, onDate: string) {
  return (await db('class_enrolments as e')
    .join('students as s', 's.id', 'e.student_id')
    .where('e.class_id', classId)
    .where('e.from_date', '<=', onDate)
    .andWhere((q) => q.whereNull('e.to_date').orWhere('e.to_date', '>', onDate))
    .whereNull('s.user_id')
    .select('s.id', 's.last_name', 's.first_name', 's.middle_name')
    .orderBy(['s.last_name', 's.first_name'])) as Array<{ id: number; last_name: string; first_name: string; middle_name: string | null }>;
}

export async function linkStudentAccount(db: Db, studentId: number, userId: number): Promise<void> {
  await db('students').where({ id: studentId }).whereNull('user_id').update({ user_id: userId });
}

/** Pupils' accounts of the class that never got a password (a sheet that failed to print): issued again. */
export async function pupilAccountsWithoutPassword(db: Db, classId: number, onDate: string): Promise<number[]> {
  const rows = (await db('class_enrolments as e')
    .join('students as s', 's.id', 'e.student_id')
    .join('users as u', 'u.id', 's.user_id')
    .where('e.class_id', classId)
    .where('e.from_date', '<=', onDate)
    .andWhere((q) => q.whereNull('e.to_date').orWhere('e.to_date', '>', onDate))
    .whereNull('u.password_hash')
    .select('u.id')) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}
