// SQL of school news and events (issue 5, item 8): the news rows, the feed of a reader's scope, and who is in the
// scope of a publication (parents and pupils of the classes, and the staff) to notify them.

import type { Knex } from 'knex';
import { STAFF_ROLES } from '../../../shared/domain/roles';
import type { Db } from '../connection';

export type NewsScope = 'school' | 'level' | 'class';

export interface NewsRow {
  id: number;
  title: string;
  body: string;
  scope: NewsScope;
  level: number | null;
  class_id: number | null;
  event_date: string | null;
  published_by_user_id: number;
  published_at: string;
  removed_at: string | null;
}

/** A news row with its class name parts and the publisher's name. */
export interface NewsView extends NewsRow {
  class_level: number | null;
  class_letter: string | null;
  publisher_last_name: string;
  publisher_first_name: string;
  publisher_middle_name: string | null;
}

export async function insertNews(db: Db, row: Omit<NewsRow, 'id' | 'removed_at'>): Promise<number> {
  const [inserted] = (await db('news').insert(row).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

function newsViews(db: Db): Knex.QueryBuilder {
  return db('news as n')
    .leftJoin('classes as c', 'c.id', 'n.class_id')
    .join('users as u', 'u.id', 'n.published_by_user_id')
    .select(
      'n.*',
      'c.level as class_level',
      'c.letter as class_letter',
      'u.last_name as publisher_last_name',
      'u.first_name as publisher_first_name',
      'u.middle_name as publisher_middle_name',
    );
}

export async function findNews(db: Db, id: number): Promise<NewsView | undefined> {
  return (await newsViews(db).where('n.id', id).first()) as NewsView | undefined;
}

/** Takes a news item off the feed; false when there is none or it was already removed. */
export async function markNewsRemoved(db: Db, id: number, at: string): Promise<boolean> {
  return (await db('news').where({ id }).whereNull('removed_at').update({ removed_at: at })) === 1;
}

/**
 * The newest news a reader sees: everything (`all`), or the whole school's plus that of the given levels and
 * classes. Level news are of the school year they were published in (last year's 5th classes are this year's 6th).
 */
export async function newsFeed(
  db: Db,
  reader: { all: true } | { all: false; classIds: readonly number[]; levels: readonly number[]; yearStart: string },
  limit: number,
): Promise<NewsView[]> {
  const query = newsViews(db).whereNull('n.removed_at');
  if (!reader.all) {
    void query.where((q) => {
      void q.where('n.scope', 'school');
      if (reader.levels.length > 0) void q.orWhere((l) => void l.where('n.scope', 'level').whereIn('n.level', reader.levels).where('n.published_at', '>=', reader.yearStart));
      if (reader.classIds.length > 0) void q.orWhere((c) => void c.where('n.scope', 'class').whereIn('n.class_id', reader.classIds));
    });
  }
  return (await query.orderBy([{ column: 'n.published_at', order: 'desc' }, { column: 'n.id', order: 'desc' }]).limit(limit)) as NewsView[];
}

export async function classOfYear(db: Db, classId: number): Promise<{ id: number; level: number; letter: string; academic_year: string } | undefined> {
  return (await db('classes').where({ id: classId }).first('id', 'level', 'letter', 'academic_year')) as
    | { id: number; level: number; letter: string; academic_year: string }
    | undefined;
}

export async function levelExists(db: Db, academicYear: string, level: number): Promise<boolean> {
  return (await db('classes').where({ academic_year: academicYear, level }).first('id')) !== undefined;
}

function enrolledOn(q: Knex.QueryBuilder, onDate: string): void {
  void q.where('e.from_date', '<=', onDate).andWhere((w) => void w.whereNull('e.to_date').orWhere('e.to_date', '>', onDate));
}

/** The classes of a reader's children (as a parent) and their own class (as a pupil) on a date, with levels. */
export async function classesOfReader(db: Db, userId: number, academicYear: string, onDate: string): Promise<Array<{ id: number; level: number }>> {
  const students = db('guardianships').where({ guardian_user_id: userId }).select('student_id').union((u) => void u.from('students').where({ user_id: userId }).select('id'));
  const query = db('class_enrolments as e')
    .join('classes as c', 'c.id', 'e.class_id')
    .whereIn('e.student_id', students)
    .where('c.academic_year', academicYear)
    .distinct('c.id as id', 'c.level as level');
  enrolledOn(query, onDate);
  return (await query) as Array<{ id: number; level: number }>;
}

/**
 * Everyone a publication reaches, once each: the parents of the pupils enrolled (on `onDate`) in the classes of the
 * scope, those pupils who have an account, and the staff — all of it for the whole school, the class teachers and
 * the teachers of those classes for a level or a class. Blocked accounts are left out.
 */
export async function newsRecipients(
  db: Db,
  scope: { scope: NewsScope; level: number | null; classId: number | null },
  academicYear: string,
  onDate: string,
): Promise<number[]> {
  const classes = db('classes').where({ academic_year: academicYear }).select('id');
  if (scope.scope === 'level') void classes.where({ level: scope.level });
  if (scope.scope === 'class') void classes.where({ id: scope.classId });
  const pupils = db('class_enrolments as e').whereIn('e.class_id', classes.clone()).select('e.student_id');
  enrolledOn(pupils, onDate);

  const parents = db('guardianships').whereIn('student_id', pupils.clone()).select('guardian_user_id as user_id');
  const pupilAccounts = db('students').whereIn('id', pupils.clone()).whereNotNull('user_id').select('user_id');
  const staff =
    scope.scope === 'school'
      ? db('user_roles').whereIn('role', [...STAFF_ROLES]).select('user_id')
      : db('classes')
          .whereIn('id', classes.clone())
          .whereNotNull('class_teacher_user_id')
          .select('class_teacher_user_id as user_id')
          .union((u) => void u.from('teaching_assignments').whereIn('class_id', classes.clone()).select('teacher_user_id as user_id'));
  const everyone = parents.union([pupilAccounts, staff]);
  const rows = (await db('users').whereIn('id', everyone).where({ is_blocked: false }).orderBy('id').select('id')) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}
