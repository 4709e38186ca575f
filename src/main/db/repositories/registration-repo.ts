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
