// Work programs and thematic plans (3.4): the ordered topics of a subject at a class level in a
// school year. Anyone on staff reads them; only a teacher who teaches the subject at that level
// that year (by the teacher load) writes them. The list is replaced whole, versioned and audited.

import { describeFieldErrors, toFieldErrors } from '../../shared/api/validation';
import { saveWorkProgramBodySchema } from '../../shared/api/work-program-schemas';
import { roleGrants, type Actor } from '../../shared/domain/permissions';
import { recordAudit } from '../audit/audit-service';
import { AppError, conflict, forbidden, notFound } from '../common/app-error';
import { nowIso, type Db } from '../db/connection';
import { findAcademicYear, type AcademicYearRow } from '../db/repositories/calendar-repo';
import { findSubject, type SubjectRow } from '../db/repositories/directories-repo';
import { findUserById } from '../db/repositories/users-repo';
import {
  bumpWorkProgram,
  findWorkProgram,
  insertWorkProgram,
  replaceTopics,
  teachesSubjectAtLevel,
  teachingOfYear,
  topicsOfProgram,
  workProgramsOfYear,
  type ProgramTopic,
} from '../db/repositories/work-program-repo';

export interface ProgramScope {
  yearId: number;
  subjectId: number;
  level: number;
}

/** A topic as an editor or a file gives it: the position is its place in the list. */
export interface TopicInput {
  title: string;
  hours?: number;
  plannedAssessment?: string | null;
}

export interface WorkProgram {
  yearId: number;
  subjectId: number;
  subjectName: string;
  level: number;
  version: number;
  authorName: string | null;
  updatedAt: string | null;
  canEdit: boolean;
  topics: ProgramTopic[];
}

type Person = { last_name: string; first_name: string; middle_name: string | null };
const personName = (p: Person) => [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');

/** The year and subject named in the path: 404 with the Russian name of what is missing. */
async function scopeOrNotFound(db: Db, scope: ProgramScope): Promise<{ year: AcademicYearRow; subject: SubjectRow }> {
  const year = await findAcademicYear(db, scope.yearId);
  if (!year) throw notFound('Учебный год');
  const subject = await findSubject(db, scope.subjectId);
  if (!subject) throw notFound('Предмет');
  return { year, subject };
}

/** The role grant says "a teacher"; the load says which programs are theirs (3.4: the teacher keeps what they teach). */
async function mayEdit(db: Db, actor: Actor, year: AcademicYearRow, subjectId: number, level: number): Promise<boolean> {
  return roleGrants(actor.roles, 'workProgram.edit') && teachesSubjectAtLevel(db, actor.userId, year.name, subjectId, level);
}

/** Refuses (403) anyone who may not write this program; the year and subject must exist (404). */
export async function assertMayEdit(
  db: Db,
  actor: Actor,
  scope: ProgramScope,
): Promise<{ year: AcademicYearRow; subject: SubjectRow }> {
  const found = await scopeOrNotFound(db, scope);
  if (!(await mayEdit(db, actor, found.year, scope.subjectId, scope.level))) {
    throw forbidden(
      `Рабочую программу по предмету «${found.subject.name}» для ${scope.level} классов в ${found.year.name} учебном году ведёт учитель, ` +
        'который преподаёт этот предмет в этой параллели по нагрузке. У вас такой нагрузки нет',
    );
  }
  return found;
}

export async function workProgram(db: Db, actor: Actor, scope: ProgramScope): Promise<WorkProgram> {
  const { year, subject } = await scopeOrNotFound(db, scope);
  const program = await findWorkProgram(db, scope.yearId, scope.subjectId, scope.level);
  const author = program?.author_user_id ? await findUserById(db, program.author_user_id) : undefined;
  return {
    yearId: year.id,
    subjectId: subject.id,
    subjectName: subject.name,
    level: scope.level,
    version: program?.version ?? 0,
    authorName: author ? personName(author) : null,
    updatedAt: program?.updated_at ?? null,
    canEdit: await mayEdit(db, actor, year, scope.subjectId, scope.level),
    topics: program ? await topicsOfProgram(db, program.id) : [],
  };
}

export async function listWorkPrograms(db: Db, actor: Actor, yearId: number) {
  const year = await findAcademicYear(db, yearId);
  if (!year) throw notFound('Учебный год');
  const programs = (await workProgramsOfYear(db, yearId)).map((r) => ({
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    level: r.level,
    topicCount: r.topic_count,
    totalHours: r.total_hours,
    authorName:
      r.author_last_name === null
        ? null
        : personName({ last_name: r.author_last_name, first_name: r.author_first_name ?? '', middle_name: r.author_middle_name }),
    version: r.version,
    updatedAt: r.updated_at,
  }));
  const teaching = actor.roles.includes('teacher')
    ? (await teachingOfYear(db, actor.userId, year.name)).map((t) => ({
        subjectId: t.subject_id,
        subjectName: t.subject_name,
        level: t.level,
      }))
    : [];
  return { programs, teaching };
}

/**
 * The rules of a topic list, checked here as well as in the HTTP contract because imports and
 * other callers reach this service without it: one Russian message naming every bad topic.
 */
export function checkedTopics(topics: readonly TopicInput[]): ProgramTopic[] {
  const schema = saveWorkProgramBodySchema.shape.topics;
  // Only the fields a topic has: callers may pass richer objects (an import's rows carry positions).
  const parsed = schema.safeParse(
    topics.map((t) => ({ title: t.title, hours: t.hours, plannedAssessment: t.plannedAssessment })),
  );
  if (!parsed.success) {
    // The label alone («Часы») does not say which of hundreds of topics is wrong: add its number.
    const errors = toFieldErrors(schema, parsed.error).map((e) => {
      const index = Number(e.field.split('.')[0]);
      return Number.isInteger(index) && e.field.includes('.')
        ? { ...e, label: `Тема №${index + 1}, ${e.label.toLowerCase()}` }
        : e;
    });
    throw new AppError(400, 'validation', `Тематическое планирование не сохранено: ${describeFieldErrors(errors)}`, errors);
  }
  return parsed.data.map((t, index) => ({
    position: index + 1,
    title: t.title,
    hours: t.hours,
    plannedAssessment: t.plannedAssessment === null || t.plannedAssessment === '' ? null : t.plannedAssessment,
  }));
}

const STALE =
  'Тематическое планирование уже изменили (другой учитель или вы в другом окне), пока была открыта эта страница. ' +
  'Обновите страницу: ваши изменения не сохранены.';

/**
 * Replaces the whole topic list in one transaction if the program is still at `expectedVersion`
 * (0: the editor saw no program). Returns the program as saved.
 */
export async function saveWorkProgram(
  db: Db,
  actor: Actor,
  scope: ProgramScope,
  expectedVersion: number,
  topics: readonly TopicInput[],
): Promise<WorkProgram> {
  await assertMayEdit(db, actor, scope);
  const clean = checkedTopics(topics);
  await db.transaction(async (trx) => {
    const now = nowIso();
    const existing = await findWorkProgram(trx, scope.yearId, scope.subjectId, scope.level);
    if ((existing?.version ?? 0) !== expectedVersion) throw conflict(STALE);
    let programId: number;
    let before: ProgramTopic[] = [];
    if (existing) {
      before = await topicsOfProgram(trx, existing.id);
      if (!(await bumpWorkProgram(trx, existing.id, expectedVersion, actor.userId, now))) throw conflict(STALE);
      programId = existing.id;
    } else {
      programId = await insertNew(trx, scope, actor.userId, now);
    }
    await replaceTopics(trx, programId, clean);
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: 'work-program.save',
      entity: 'work_program',
      entityId: programId,
      oldValue: before,
      newValue: clean,
    });
  });
  return workProgram(db, actor, scope);
}

/** Two first saves at once: the unique key lets one in, the other is told to reload like any stale save. */
async function insertNew(trx: Db, scope: ProgramScope, authorUserId: number, now: string): Promise<number> {
  try {
    return await insertWorkProgram(trx, {
      academic_year_id: scope.yearId,
      subject_id: scope.subjectId,
      level: scope.level,
      author_user_id: authorUserId,
      version: 1,
      updated_at: now,
    });
  } catch (error) {
    if (error instanceof Error && /UNIQUE|unique constraint/i.test(error.message)) throw conflict(STALE);
    throw error;
  }
}
