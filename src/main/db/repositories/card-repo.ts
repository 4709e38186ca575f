// SQL for the pupil's card: class history, guardians with contacts, consent records.

import type { Db } from '../connection';

export async function classHistory(db: Db, studentId: number) {
  return (await db('class_enrolments as e')
    .join('classes as c', 'c.id', 'e.class_id')
    .where('e.student_id', studentId)
    .orderBy('e.from_date')
    .select('c.id as class_id', 'c.level', 'c.letter', 'c.academic_year', 'e.from_date', 'e.to_date')) as Array<{
    class_id: number;
    level: number;
    letter: string;
    academic_year: string;
    from_date: string;
    to_date: string | null;
  }>;
}

export async function guardiansWithContacts(db: Db, studentId: number) {
  return (await db('guardianships as g')
    .join('users as u', 'u.id', 'g.guardian_user_id')
    .where('g.student_id', studentId)
    .orderBy('u.last_name')
    .select('u.id', 'u.last_name', 'u.first_name', 'u.middle_name', 'u.phone', 'u.email', 'g.relation')) as Array<{
    id: number;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    phone: string | null;
    email: string | null;
    relation: string | null;
  }>;
}

export async function insertGuardianship(db: Db, guardianUserId: number, studentId: number, relation: string | null): Promise<void> {
  await db('guardianships').insert({ guardian_user_id: guardianUserId, student_id: studentId, relation });
}

export async function guardianshipExists(db: Db, guardianUserId: number, studentId: number): Promise<boolean> {
  return Boolean(await db('guardianships').where({ guardian_user_id: guardianUserId, student_id: studentId }).first('student_id'));
}

export async function setContacts(db: Db, userId: number, phone: string | null, email: string | null): Promise<void> {
  await db('users').where({ id: userId }).update({ phone, email });
}

export interface ConsentRow {
  id: number;
  kind: string;
  given_by: string;
  given_on: string;
  document: string | null;
  revoked_on: string | null;
  recorded_at: string;
}

export async function consentsOf(db: Db, studentId: number): Promise<ConsentRow[]> {
  return (await db('student_consents').where({ student_id: studentId }).orderBy('given_on')) as ConsentRow[];
}

export async function insertConsent(
  db: Db,
  row: { studentId: number; kind: string; givenBy: string; givenOn: string; document: string | null; recordedBy: number; recordedAt: string },
): Promise<number> {
  const [inserted] = (await db('student_consents')
    .insert({
      student_id: row.studentId,
      kind: row.kind,
      given_by: row.givenBy,
      given_on: row.givenOn,
      document: row.document,
      recorded_by_user_id: row.recordedBy,
      recorded_at: row.recordedAt,
    })
    .returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function findConsent(db: Db, id: number): Promise<(ConsentRow & { student_id: number }) | undefined> {
  return (await db('student_consents').where({ id }).first()) as (ConsentRow & { student_id: number }) | undefined;
}

export async function revokeConsent(db: Db, id: number, revokedOn: string): Promise<void> {
  await db('student_consents').where({ id }).update({ revoked_on: revokedOn });
}
