// SQL of what parents and the school tell each other outside the journal: acknowledgements of the diary,
// planned-absence notices, and the per-user notification feed.

import type { Db } from '../connection';

// ---------------------------------------------------------------------------------------------------------------
// Acknowledgements

export async function insertAcknowledgement(db: Db, guardianUserId: number, studentId: number, at: string): Promise<void> {
  await db('diary_acknowledgements').insert({ guardian_user_id: guardianUserId, student_id: studentId, acknowledged_at: at });
}

/** Every guardian of the pupils enrolled in the class on a date, with their last acknowledgement. */
export async function acknowledgementsOfClass(db: Db, classId: number, onDate: string) {
  return (await db('class_enrolments as e')
    .join('students as s', 's.id', 'e.student_id')
    .join('guardianships as g', 'g.student_id', 's.id')
    .join('users as u', 'u.id', 'g.guardian_user_id')
    .leftJoin(
      db('diary_acknowledgements').select('guardian_user_id', 'student_id').max({ last_at: 'acknowledged_at' }).groupBy('guardian_user_id', 'student_id').as('a'),
      function joinLast() {
        this.on('a.guardian_user_id', 'g.guardian_user_id').andOn('a.student_id', 's.id');
      },
    )
    .where('e.class_id', classId)
    .where('e.from_date', '<=', onDate)
    .andWhere((q) => q.whereNull('e.to_date').orWhere('e.to_date', '>', onDate))
    .select(
      's.id as student_id',
      's.last_name as student_last_name',
      's.first_name as student_first_name',
      'u.id as guardian_user_id',
      'u.last_name as guardian_last_name',
      'u.first_name as guardian_first_name',
      'u.middle_name as guardian_middle_name',
      'u.password_hash as has_account',
      'a.last_at',
    )
    .orderBy(['s.last_name', 's.first_name', 'u.last_name'])) as Array<{
    student_id: number;
    student_last_name: string;
    student_first_name: string;
    guardian_user_id: number;
    guardian_last_name: string;
    guardian_first_name: string;
    guardian_middle_name: string | null;
    has_account: string | null;
    last_at: string | null;
  }>;
}

export async function lastAcknowledgement(db: Db, guardianUserId: number, studentId: number): Promise<string | null> {
  const row = (await db('diary_acknowledgements').where({ guardian_user_id: guardianUserId, student_id: studentId }).max({ at: 'acknowledged_at' }).first()) as { at: string | null } | undefined;
  return row?.at ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Planned-absence notices

export interface NoticeRow {
  id: number;
  student_id: number;
  from_date: string;
  to_date: string;
  lesson_numbers: string | null;
  reason_category: string;
  comment: string | null;
  created_by_user_id: number;
  created_at: string;
  status: string;
  decided_by_user_id: number | null;
  decided_at: string | null;
  decision_comment: string | null;
  version: number;
}

export async function insertNotice(db: Db, row: Omit<NoticeRow, 'id' | 'status' | 'decided_by_user_id' | 'decided_at' | 'decision_comment' | 'version'>): Promise<number> {
  const [inserted] = (await db('absence_notices').insert({ ...row, status: 'pending', version: 1 }).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

export async function findNotice(db: Db, id: number): Promise<NoticeRow | undefined> {
  return (await db('absence_notices').where({ id }).first()) as NoticeRow | undefined;
}

export async function updateNoticeIfVersion(db: Db, id: number, version: number, changes: Partial<NoticeRow>): Promise<boolean> {
  return (await db('absence_notices').where({ id, version }).update({ ...changes, version: version + 1 })) === 1;
}

export async function noticesOfStudents(db: Db, studentIds: readonly number[], from: string, to: string): Promise<NoticeRow[]> {
  if (studentIds.length === 0) return [];
  return (await db('absence_notices')
    .whereIn('student_id', studentIds)
    .where('from_date', '<=', to)
    .where('to_date', '>=', from)
    .whereNot('status', 'cancelled')
    .orderBy([{ column: 'from_date', order: 'desc' }, 'id'])) as NoticeRow[];
}

/** Class ids the pupil is enrolled in on a date (0 or 1 normally). */
export async function classOfStudentOn(db: Db, studentId: number, onDate: string): Promise<{ class_id: number; class_teacher_user_id: number | null } | undefined> {
  return (await db('class_enrolments as e')
    .join('classes as c', 'c.id', 'e.class_id')
    .where('e.student_id', studentId)
    .where('e.from_date', '<=', onDate)
    .andWhere((q) => q.whereNull('e.to_date').orWhere('e.to_date', '>', onDate))
    .first('e.class_id', 'c.class_teacher_user_id')) as { class_id: number; class_teacher_user_id: number | null } | undefined;
}

export async function guardianIdsOf(db: Db, studentId: number): Promise<number[]> {
  return ((await db('guardianships').where({ student_id: studentId }).select('guardian_user_id')) as Array<{ guardian_user_id: number }>).map((r) => r.guardian_user_id);
}

/** Recorded attendance of a pupil on lessons of a class between dates (to turn a confirmed notice into reasons). */
export async function attendanceOfStudentInClass(db: Db, studentId: number, classId: number, from: string, to: string) {
  return (await db('attendance as a')
    .join('journal_lessons as l', 'l.id', 'a.lesson_id')
    .where({ 'a.student_id': studentId, 'l.class_id': classId })
    .whereBetween('l.date', [from, to])
    .select('a.id', 'a.lesson_id', 'a.code', 'l.date', 'l.lesson_number')) as Array<{ id: number; lesson_id: number; code: string; date: string; lesson_number: number }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Notifications

export interface NotificationRow {
  id: number;
  user_id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  student_id: number | null;
  dedup_key: string | null;
  created_at: string;
  read_at: string | null;
}

/** Inserts one notification per user; a (user, dedup key) already notified is skipped. */
export async function insertNotifications(db: Db, rows: ReadonlyArray<Omit<NotificationRow, 'id' | 'read_at'>>): Promise<void> {
  if (rows.length === 0) return;
  await db('notifications').insert(rows).onConflict(['user_id', 'dedup_key']).ignore();
}

export async function notificationsOf(db: Db, userId: number, limit: number): Promise<NotificationRow[]> {
  return (await db('notifications').where({ user_id: userId }).orderBy('id', 'desc').limit(limit)) as NotificationRow[];
}

export async function countUnread(db: Db, userId: number): Promise<number> {
  const row = (await db('notifications').where({ user_id: userId }).whereNull('read_at').count({ n: '*' }).first()) as { n: number } | undefined;
  return Number(row?.n ?? 0);
}

export async function markNotificationsRead(db: Db, userId: number, ids: readonly number[] | 'all', now: string): Promise<void> {
  const query = db('notifications').where({ user_id: userId }).whereNull('read_at');
  if (ids !== 'all') void query.whereIn('id', ids);
  await query.update({ read_at: now });
}

/** Who hears about a pupil: their guardians and their own account, if any. */
export async function familyOfStudents(db: Db, studentIds: readonly number[]): Promise<Array<{ student_id: number; user_id: number }>> {
  if (studentIds.length === 0) return [];
  const ids = [...new Set(studentIds)];
  const guardians = (await db('guardianships').whereIn('student_id', ids).select('student_id', 'guardian_user_id as user_id')) as Array<{ student_id: number; user_id: number }>;
  const own = (await db('students').whereIn('id', ids).whereNotNull('user_id').select('id as student_id', 'user_id')) as Array<{ student_id: number; user_id: number }>;
  return [...guardians, ...own];
}
