// SQL for the curriculum (учебный план), teacher load (нагрузка) and the timetable.

import type { TimetableChange, TimetableSlot } from '../../../shared/domain/school-year-types';
import type { Db } from '../connection';

export interface CurriculumRow {
  level: number;
  subject_id: number;
  hours_per_week: number;
  assessment_form: string | null;
}

export async function curriculumOfYear(db: Db, yearId: number): Promise<CurriculumRow[]> {
  return (await db('curriculum_items')
    .where({ academic_year_id: yearId })
    .orderBy(['level', 'subject_id'])
    .select('level', 'subject_id', 'hours_per_week', 'assessment_form')) as CurriculumRow[];
}

export async function replaceCurriculum(db: Db, yearId: number, items: readonly CurriculumRow[]): Promise<void> {
  await db('curriculum_items').where({ academic_year_id: yearId }).delete();
  for (let i = 0; i < items.length; i += 100) {
    await db('curriculum_items').insert(
      items.slice(i, i + 100).map((item) => ({
        academic_year_id: yearId,
        level: item.level,
        subject_id: item.subject_id,
        hours_per_week: item.hours_per_week,
        assessment_form: item.assessment_form,
      })),
    );
  }
}

export interface AssignmentRow {
  id: number;
  teacher_user_id: number;
  class_id: number;
  group_id: number | null;
  subject_id: number;
  hours_per_week: number;
}

export async function assignmentsOfYear(db: Db, academicYear: string): Promise<AssignmentRow[]> {
  return (await db('teaching_assignments as t')
    .join('classes as c', 'c.id', 't.class_id')
    .where('c.academic_year', academicYear)
    .select('t.id', 't.teacher_user_id', 't.class_id', 't.group_id', 't.subject_id', 't.hours_per_week')
    .orderBy(['t.class_id', 't.subject_id'])) as AssignmentRow[];
}

export async function replaceAssignmentsOfYear(db: Db, academicYear: string, rows: ReadonlyArray<Omit<AssignmentRow, 'id'>>): Promise<void> {
  const classIds = db('classes').where({ academic_year: academicYear }).select('id');
  await db('teaching_assignments').whereIn('class_id', classIds).delete();
  for (let i = 0; i < rows.length; i += 100) await db('teaching_assignments').insert(rows.slice(i, i + 100));
}

interface SlotRow {
  id: number;
  weekday: number;
  lesson_number: number;
  class_id: number;
  group_id: number | null;
  subject_id: number;
  teacher_user_id: number;
  room: string | null;
  valid_from: string | null;
  valid_to: string | null;
}

const toSlot = (r: SlotRow): TimetableSlot => ({
  id: r.id,
  weekday: r.weekday,
  lessonNumber: r.lesson_number,
  classId: r.class_id,
  groupId: r.group_id,
  subjectId: r.subject_id,
  teacherUserId: r.teacher_user_id,
  room: r.room,
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

/** One class's weekly slots of a year (the journal and the diary derive a class's lessons from them). */
export async function slotsOfClass(db: Db, yearId: number, classId: number): Promise<TimetableSlot[]> {
  return ((await db('timetable_slots').where({ academic_year_id: yearId, class_id: classId })) as SlotRow[]).map(toSlot);
}

export async function slotsOfYear(db: Db, yearId: number): Promise<TimetableSlot[]> {
  return ((await db('timetable_slots').where({ academic_year_id: yearId }).orderBy(['class_id', 'weekday', 'lesson_number'])) as SlotRow[]).map(toSlot);
}

export async function timetableVersion(db: Db, yearId: number): Promise<number> {
  const row = (await db('timetable_versions').where({ academic_year_id: yearId }).first('version')) as { version: number } | undefined;
  return row?.version ?? 0;
}

/** Bumps the timetable's version if it is still `expected`; false = another administrator saved first. */
export async function bumpTimetableVersion(db: Db, yearId: number, expected: number): Promise<boolean> {
  if (expected === 0) {
    const exists = await db('timetable_versions').where({ academic_year_id: yearId }).first('version');
    if (exists) return false;
    await db('timetable_versions').insert({ academic_year_id: yearId, version: 1 });
    return true;
  }
  return (await db('timetable_versions').where({ academic_year_id: yearId, version: expected }).update({ version: expected + 1 })) === 1;
}

type SlotFields = Omit<TimetableSlot, 'id'>;

function slotRow(yearId: number, s: SlotFields) {
  return {
    academic_year_id: yearId,
    weekday: s.weekday,
    lesson_number: s.lessonNumber,
    class_id: s.classId,
    group_id: s.groupId,
    subject_id: s.subjectId,
    teacher_user_id: s.teacherUserId,
    room: s.room,
    valid_from: s.validFrom,
    valid_to: s.validTo,
  };
}

export async function insertSlot(db: Db, yearId: number, slot: SlotFields): Promise<void> {
  await db('timetable_slots').insert(slotRow(yearId, slot));
}

export async function updateSlot(db: Db, yearId: number, id: number, slot: SlotFields): Promise<void> {
  await db('timetable_slots').where({ id, academic_year_id: yearId }).update(slotRow(yearId, slot));
}

/** Ends a slot on `lastDay` (inclusive): its past lessons and their changes stay as they were. */
export async function endSlot(db: Db, id: number, lastDay: string): Promise<void> {
  await db('timetable_changes').where({ slot_id: id }).where('date', '>', lastDay).delete();
  await db('timetable_slots').where({ id }).update({ valid_to: lastDay });
}

/** Removes a slot that never had a lesson yet, with its (future) changes. */
export async function deleteSlot(db: Db, id: number): Promise<void> {
  await db('timetable_changes').where({ slot_id: id }).delete();
  await db('timetable_slots').where({ id }).delete();
}

interface ChangeRow {
  id: number;
  date: string;
  kind: TimetableChange['kind'];
  slot_id: number | null;
  lesson_number: number | null;
  class_id: number | null;
  group_id: number | null;
  subject_id: number | null;
  teacher_user_id: number | null;
  room: string | null;
  reason: string;
}

function toChange(r: ChangeRow): TimetableChange {
  if (r.kind === 'cancel') return { id: r.id, date: r.date, kind: 'cancel', slotId: r.slot_id!, reason: r.reason };
  if (r.kind === 'substitute') return { id: r.id, date: r.date, kind: 'substitute', slotId: r.slot_id!, teacherUserId: r.teacher_user_id!, room: r.room, reason: r.reason };
  return {
    id: r.id,
    date: r.date,
    kind: 'extra',
    lessonNumber: r.lesson_number!,
    classId: r.class_id!,
    groupId: r.group_id,
    subjectId: r.subject_id!,
    teacherUserId: r.teacher_user_id!,
    room: r.room,
    reason: r.reason,
  };
}

export async function changesBetween(db: Db, from: string, to: string): Promise<TimetableChange[]> {
  return ((await db('timetable_changes').whereBetween('date', [from, to]).orderBy(['date', 'id'])) as ChangeRow[]).map(toChange);
}

export async function insertChange(db: Db, change: Omit<ChangeRow, 'id'>): Promise<number> {
  const [row] = (await db('timetable_changes').insert(change).returning('id')) as Array<{ id: number }>;
  return row!.id;
}

export async function findChange(db: Db, id: number): Promise<TimetableChange | undefined> {
  const row = (await db('timetable_changes').where({ id }).first()) as ChangeRow | undefined;
  return row ? toChange(row) : undefined;
}

export async function deleteChange(db: Db, id: number): Promise<void> {
  await db('timetable_changes').where({ id }).delete();
}

export async function groupsOfYear(db: Db, academicYear: string, onDate: string) {
  const groups = (await db('study_groups as g').join('classes as c', 'c.id', 'g.class_id').where('c.academic_year', academicYear).select('g.id', 'g.class_id')) as Array<{
    id: number;
    class_id: number;
  }>;
  const members = (await db('group_memberships')
    .whereIn(
      'group_id',
      groups.map((g) => g.id),
    )
    .where('from_date', '<=', onDate)
    .andWhere((q) => q.whereNull('to_date').orWhere('to_date', '>', onDate))
    .select('group_id', 'student_id')) as Array<{ group_id: number; student_id: number }>;
  return groups.map((g) => ({ id: g.id, classId: g.class_id, memberStudentIds: members.filter((m) => m.group_id === g.id).map((m) => m.student_id) }));
}

export type YearListVersion = 'curriculum_version' | 'load_version';

export async function listVersion(db: Db, yearId: number, column: YearListVersion): Promise<number> {
  const row = (await db('academic_years').where({ id: yearId }).first(column)) as Record<string, number> | undefined;
  return row?.[column] ?? 0;
}

/** Bumps a list's version if it is still `expected`; false = another administrator saved first. */
export async function bumpListVersion(db: Db, yearId: number, column: YearListVersion, expected: number): Promise<boolean> {
  return (await db('academic_years').where({ id: yearId, [column]: expected }).update({ [column]: expected + 1 })) === 1;
}
