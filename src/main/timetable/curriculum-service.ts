// Curriculum (учебный план: hours per week per subject per class level) and teacher load
// (нагрузка: teacher x class/group x subject x hours), with the check that the load covers
// the curriculum: over- and under-allocated hours per class and subject.

import { recordAudit } from '../audit/audit-service';
import { AppError, conflict } from '../common/app-error';
import type { Db } from '../db/connection';
import { listSubjects } from '../db/repositories/directories-repo';
import { listClassesOfYearRaw } from '../db/repositories/people-repo';
import {
  assignmentsOfYear,
  bumpListVersion,
  curriculumOfYear,
  groupsOfYear,
  listVersion,
  replaceAssignmentsOfYear,
  replaceCurriculum,
  type YearListVersion,
} from '../db/repositories/teaching-repo';
import { referenceDateIn } from '../common/dates';
import { findUsersByIds } from '../db/repositories/users-repo';
import { yearOrNotFound } from '../calendar/calendar-service';

export interface CurriculumItem {
  level: number;
  subjectId: number;
  hoursPerWeek: number;
  assessmentForm: string | null;
}

export interface LoadItem {
  teacherUserId: number;
  classId: number;
  groupId: number | null;
  subjectId: number;
  hoursPerWeek: number;
}

export async function curriculum(db: Db, yearId: number): Promise<CurriculumItem[]> {
  await yearOrNotFound(db, yearId);
  return (await curriculumOfYear(db, yearId)).map((r) => ({ level: r.level, subjectId: r.subject_id, hoursPerWeek: r.hours_per_week, assessmentForm: r.assessment_form }));
}

export async function curriculumWithVersion(db: Db, yearId: number) {
  return { items: await curriculum(db, yearId), version: await listVersion(db, yearId, 'curriculum_version') };
}

/** 'current' = whatever is saved now (an import replaces the plan on purpose); a number = the version the editor loaded. */
export type ExpectedVersion = number | 'current';

async function claimVersion(trx: Db, yearId: number, column: YearListVersion, expected: ExpectedVersion, what: string): Promise<void> {
  const version = expected === 'current' ? await listVersion(trx, yearId, column) : expected;
  if (!(await bumpListVersion(trx, yearId, column, version))) {
    throw conflict(`${what} уже изменил другой администратор, пока открыта эта страница. Обновите её: ваши изменения не сохранены.`);
  }
}

export async function saveCurriculum(db: Db, actorUserId: number, yearId: number, items: CurriculumItem[], expected: ExpectedVersion = 'current'): Promise<CurriculumItem[]> {
  await yearOrNotFound(db, yearId);
  const subjectIds = new Set((await listSubjects(db)).map((s) => s.id));
  const seen = new Set<string>();
  const problems: string[] = [];
  items.forEach((item, index) => {
    if (!subjectIds.has(item.subjectId)) problems.push(`Строка ${index + 1}: нет предмета №${item.subjectId}`);
    const key = `${item.level}:${item.subjectId}`;
    if (seen.has(key)) problems.push(`Строка ${index + 1}: предмет №${item.subjectId} для ${item.level} класса указан дважды`);
    seen.add(key);
  });
  if (problems.length > 0) throw new AppError(400, 'validation', `Учебный план не сохранён: ${problems.join('; ')}`);
  await db.transaction(async (trx) => {
    await claimVersion(trx, yearId, 'curriculum_version', expected, 'Учебный план');
    const before = await curriculumOfYear(trx, yearId);
    await replaceCurriculum(trx, yearId, items.map((i) => ({ level: i.level, subject_id: i.subjectId, hours_per_week: i.hoursPerWeek, assessment_form: i.assessmentForm })));
    await recordAudit(trx, { actorUserId, action: 'curriculum.update', entity: 'academic_year', entityId: yearId, oldValue: before, newValue: items });
  });
  return curriculum(db, yearId);
}

export interface LoadCheckRow {
  classId: number;
  className: string;
  subjectId: number;
  planned: number;
  assigned: number;
  /** assigned - planned: > 0 over-allocated, < 0 under-allocated. */
  difference: number;
}

/**
 * Compares the load with the curriculum per class and subject. A split subject taught in
 * groups counts the hours of one group (each pupil sits in one), so the groups' hours are
 * compared by their maximum, not their sum.
 */
export function checkLoad(
  classes: ReadonlyArray<{ id: number; level: number; name: string }>,
  plan: readonly CurriculumItem[],
  load: readonly LoadItem[],
): LoadCheckRow[] {
  const rows: LoadCheckRow[] = [];
  for (const cls of classes) {
    const planned = new Map(plan.filter((p) => p.level === cls.level).map((p) => [p.subjectId, p.hoursPerWeek]));
    const assignedWhole = new Map<number, number>();
    const assignedGroups = new Map<number, Map<number, number>>();
    for (const item of load.filter((l) => l.classId === cls.id)) {
      if (item.groupId === null) assignedWhole.set(item.subjectId, (assignedWhole.get(item.subjectId) ?? 0) + item.hoursPerWeek);
      else {
        const groups = assignedGroups.get(item.subjectId) ?? new Map<number, number>();
        groups.set(item.groupId, (groups.get(item.groupId) ?? 0) + item.hoursPerWeek);
        assignedGroups.set(item.subjectId, groups);
      }
    }
    const subjects = new Set([...planned.keys(), ...assignedWhole.keys(), ...assignedGroups.keys()]);
    for (const subjectId of [...subjects].sort((a, b) => a - b)) {
      const groupHours = [...(assignedGroups.get(subjectId)?.values() ?? [])];
      const assigned = (assignedWhole.get(subjectId) ?? 0) + (groupHours.length > 0 ? Math.max(...groupHours) : 0);
      const plannedHours = planned.get(subjectId) ?? 0;
      rows.push({ classId: cls.id, className: cls.name, subjectId, planned: plannedHours, assigned, difference: Math.round((assigned - plannedHours) * 100) / 100 });
    }
  }
  return rows;
}

export async function teacherLoad(db: Db, yearId: number) {
  const year = await yearOrNotFound(db, yearId);
  const classes = (await listClassesOfYearRaw(db, year.name)).map((c) => ({ id: c.id, level: c.level, name: `${c.level}${c.letter}` }));
  const load = (await assignmentsOfYear(db, year.name)).map((a) => ({
    teacherUserId: a.teacher_user_id,
    classId: a.class_id,
    groupId: a.group_id,
    subjectId: a.subject_id,
    hoursPerWeek: a.hours_per_week,
  }));
  return { items: load, check: checkLoad(classes, await curriculum(db, yearId), load), version: await listVersion(db, yearId, 'load_version') };
}

export async function saveTeacherLoad(db: Db, actorUserId: number, yearId: number, items: LoadItem[], expected: ExpectedVersion = 'current') {
  const year = await yearOrNotFound(db, yearId);
  const classIds = new Set((await listClassesOfYearRaw(db, year.name)).map((c) => c.id));
  const teachers = await findUsersByIds(db, [...new Set(items.map((i) => i.teacherUserId))]);
  const teacherIds = new Set(teachers.filter((t) => t.roles.includes('teacher')).map((t) => t.id));
  const subjectIds = new Set((await listSubjects(db)).map((s) => s.id));
  const groups = new Map((await groupsOfYear(db, year.name, referenceDateIn(year.name))).map((g) => [g.id, g.classId]));
  const problems: string[] = [];
  items.forEach((item, index) => {
    if (!classIds.has(item.classId)) problems.push(`Строка ${index + 1}: класс №${item.classId} не из ${year.name}`);
    if (!teacherIds.has(item.teacherUserId)) problems.push(`Строка ${index + 1}: пользователь №${item.teacherUserId} не учитель`);
    if (!subjectIds.has(item.subjectId)) problems.push(`Строка ${index + 1}: нет предмета №${item.subjectId}`);
    if (item.groupId !== null && groups.get(item.groupId) !== item.classId) problems.push(`Строка ${index + 1}: группа №${item.groupId} не из этого класса`);
  });
  if (problems.length > 0) throw new AppError(400, 'validation', `Нагрузка не сохранена: ${problems.join('; ')}`);
  await db.transaction(async (trx) => {
    await claimVersion(trx, yearId, 'load_version', expected, 'Нагрузку');
    const before = await assignmentsOfYear(trx, year.name);
    await replaceAssignmentsOfYear(
      trx,
      year.name,
      items.map((i) => ({ teacher_user_id: i.teacherUserId, class_id: i.classId, group_id: i.groupId, subject_id: i.subjectId, hours_per_week: i.hoursPerWeek })),
    );
    await recordAudit(trx, { actorUserId, action: 'load.update', entity: 'academic_year', entityId: yearId, oldValue: before, newValue: items });
  });
  return teacherLoad(db, yearId);
}
