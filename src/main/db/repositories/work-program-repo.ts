// SQL for work programs and thematic plans (3.4): one program per year, subject and level, its
// topics numbered from 1 in the order lessons follow them. Topics are replaced as a whole.

import type { Db } from '../connection';

export interface ProgramTopic {
  position: number;
  title: string;
  hours: number;
  plannedAssessment: string | null;
}

export interface WorkProgramRow {
  id: number;
  academic_year_id: number;
  subject_id: number;
  level: number;
  author_user_id: number | null;
  version: number;
  updated_at: string;
}

export interface WorkProgramSummaryRow {
  subject_id: number;
  subject_name: string;
  level: number;
  topic_count: number;
  total_hours: number;
  author_last_name: string | null;
  author_first_name: string | null;
  author_middle_name: string | null;
  version: number;
  updated_at: string;
}

interface TopicRow {
  position: number;
  title: string;
  hours: number;
  planned_assessment: string | null;
}

/** The topics of a program in lesson order; [] when there is no program. The journal reads lessons' default topics from it. */
export async function programTopics(db: Db, yearId: number, subjectId: number, level: number): Promise<ProgramTopic[]> {
  const rows = (await db('work_program_topics as t')
    .join('work_programs as p', 'p.id', 't.program_id')
    .where({ 'p.academic_year_id': yearId, 'p.subject_id': subjectId, 'p.level': level })
    .orderBy('t.position')
    .select('t.position', 't.title', 't.hours', 't.planned_assessment')) as TopicRow[];
  return rows.map(toTopic);
}

export async function topicsOfProgram(db: Db, programId: number): Promise<ProgramTopic[]> {
  const rows = (await db('work_program_topics')
    .where({ program_id: programId })
    .orderBy('position')
    .select('position', 'title', 'hours', 'planned_assessment')) as TopicRow[];
  return rows.map(toTopic);
}

const toTopic = (r: TopicRow): ProgramTopic => ({
  position: r.position,
  title: r.title,
  hours: r.hours,
  plannedAssessment: r.planned_assessment,
});

export async function findWorkProgram(
  db: Db,
  yearId: number,
  subjectId: number,
  level: number,
): Promise<WorkProgramRow | undefined> {
  return (await db('work_programs').where({ academic_year_id: yearId, subject_id: subjectId, level }).first()) as
    WorkProgramRow | undefined;
}

export async function insertWorkProgram(db: Db, row: Omit<WorkProgramRow, 'id'>): Promise<number> {
  const [inserted] = (await db('work_programs').insert(row).returning('id')) as Array<{ id: number }>;
  return inserted!.id;
}

/** Moves the program to the next version only if it is still at `expectedVersion`; false when someone saved in between. */
export async function bumpWorkProgram(
  db: Db,
  id: number,
  expectedVersion: number,
  authorUserId: number,
  updatedAt: string,
): Promise<boolean> {
  const changed = await db('work_programs')
    .where({ id, version: expectedVersion })
    .update({ version: expectedVersion + 1, author_user_id: authorUserId, updated_at: updatedAt });
  return changed === 1;
}

export async function replaceTopics(db: Db, programId: number, topics: readonly ProgramTopic[]): Promise<void> {
  await db('work_program_topics').where({ program_id: programId }).delete();
  for (let i = 0; i < topics.length; i += 100) {
    await db('work_program_topics').insert(
      topics
        .slice(i, i + 100)
        .map((t) => ({
          program_id: programId,
          position: t.position,
          title: t.title,
          hours: t.hours,
          planned_assessment: t.plannedAssessment,
        })),
    );
  }
}

/** Programs of a year with their topic counts, hours and author, by level then subject name. */
export async function workProgramsOfYear(db: Db, yearId: number): Promise<WorkProgramSummaryRow[]> {
  const rows = (await db('work_programs as p')
    .join('subjects as s', 's.id', 'p.subject_id')
    .leftJoin('users as u', 'u.id', 'p.author_user_id')
    .leftJoin('work_program_topics as t', 't.program_id', 'p.id')
    .where('p.academic_year_id', yearId)
    .groupBy('p.id', 's.name', 'u.last_name', 'u.first_name', 'u.middle_name')
    .orderBy([{ column: 'p.level' }, { column: 's.name' }])
    .select(
      'p.subject_id',
      's.name as subject_name',
      'p.level',
      'p.version',
      'p.updated_at',
      'u.last_name as author_last_name',
      'u.first_name as author_first_name',
      'u.middle_name as author_middle_name',
    )
    .count({ topic_count: 't.id' })
    .select(db.raw('coalesce(sum(t.hours), 0) as total_hours'))) as Array<
    Omit<WorkProgramSummaryRow, 'topic_count' | 'total_hours'> & { topic_count: number | string; total_hours: number | string }
  >;
  // Aggregates come back as strings from some drivers (PostgreSQL's bigint): numbers either way.
  return rows.map((r) => ({ ...r, topic_count: Number(r.topic_count), total_hours: Number(r.total_hours) }));
}

/** Subject × level pairs a teacher teaches in a school year (whole class or a group of it). */
export async function teachingOfYear(
  db: Db,
  teacherUserId: number,
  academicYear: string,
): Promise<Array<{ subject_id: number; subject_name: string; level: number }>> {
  return (await db('teaching_assignments as a')
    .join('classes as c', 'c.id', 'a.class_id')
    .join('subjects as s', 's.id', 'a.subject_id')
    .where({ 'a.teacher_user_id': teacherUserId, 'c.academic_year': academicYear })
    .distinct('a.subject_id', 's.name as subject_name', 'c.level')
    .orderBy([{ column: 'c.level' }, { column: 's.name' }])) as Array<{
    subject_id: number;
    subject_name: string;
    level: number;
  }>;
}

export async function teachesSubjectAtLevel(
  db: Db,
  teacherUserId: number,
  academicYear: string,
  subjectId: number,
  level: number,
): Promise<boolean> {
  const row = (await db('teaching_assignments as a')
    .join('classes as c', 'c.id', 'a.class_id')
    .where({ 'a.teacher_user_id': teacherUserId, 'a.subject_id': subjectId, 'c.academic_year': academicYear, 'c.level': level })
    .first('a.id')) as { id: number } | undefined;
  return row !== undefined;
}
