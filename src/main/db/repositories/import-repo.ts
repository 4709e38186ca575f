// SQL that only the imports need: guardians of many pupils at once, existing parent accounts
// (so that a sibling's parent is linked, not created twice), and dated timetable changes that a
// timetable import would remove with their lessons.

import type { Db } from '../connection';

// SQLite limits bound parameters; long id lists are sent in chunks.
const CHUNK = 500;

export interface GuardianLinkRow {
  student_id: number;
  guardian_user_id: number;
  last_name: string;
  first_name: string;
}

export async function guardiansOfStudents(db: Db, studentIds: readonly number[]): Promise<GuardianLinkRow[]> {
  const rows: GuardianLinkRow[] = [];
  for (let i = 0; i < studentIds.length; i += CHUNK) {
    rows.push(
      ...((await db('guardianships as g')
        .join('users as u', 'u.id', 'g.guardian_user_id')
        .whereIn('g.student_id', studentIds.slice(i, i + CHUNK))
        .select('g.student_id', 'g.guardian_user_id', 'u.last_name', 'u.first_name')) as GuardianLinkRow[]),
    );
  }
  return rows;
}

export interface ParentAccountRow {
  id: number;
  login: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  phone: string | null;
  email: string | null;
}

/** Users holding the parent role, with their contacts. */
export async function parentAccounts(db: Db): Promise<ParentAccountRow[]> {
  return (await db('users as u')
    .whereExists((q) => q.from('user_roles as r').whereRaw('r.user_id = u.id').where('r.role', 'parent'))
    .select('u.id', 'u.login', 'u.last_name', 'u.first_name', 'u.middle_name', 'u.phone', 'u.email')
    .orderBy('u.id')) as ParentAccountRow[];
}

/** How many dated changes (substitutions, cancellations) from `fromDate` on refer to these template slots. */
export async function countChangesOfSlots(db: Db, slotIds: readonly number[], fromDate: string): Promise<number> {
  let total = 0;
  for (let i = 0; i < slotIds.length; i += CHUNK) {
    const row = (await db('timetable_changes')
      .whereIn('slot_id', slotIds.slice(i, i + CHUNK))
      .where('date', '>=', fromDate)
      .count({ n: '*' })
      .first()) as { n: number } | undefined;
    total += Number(row?.n ?? 0);
  }
  return total;
}
