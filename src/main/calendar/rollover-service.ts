// Year rollover (переход на новый учебный год): classes move up a level with their pupils and
// class teachers, 11th grade (and by choice 9th grade) graduates, the curriculum is copied.
// The previous year stays intact and readable: its enrolments end on the new year's first day.

import { recordAudit } from '../audit/audit-service';
import { conflict } from '../common/app-error';
import type { Db } from '../db/connection';
import { addDays } from '../../shared/domain/calendar';
import type { AcademicYearRow } from '../db/repositories/calendar-repo';
import { findAcademicYearByName, loadBells, loadCalendar, replaceCalendar } from '../db/repositories/calendar-repo';
import { closeEnrolment, enrolmentsOfStudent, insertClass, insertEnrolment, listClassesOfYearRaw } from '../db/repositories/people-repo';
import { listStudentsOfClass } from '../db/repositories/structure-repo';
import { curriculumOfYear, replaceCurriculum } from '../db/repositories/teaching-repo';
import { ensureYear, yearNameOf, yearOrNotFound } from './calendar-service';

export interface RolloverPlan {
  fromYear: string;
  toYear: string;
  promotions: Array<{ fromClassId: number; from: string; to: string; students: number }>;
  graduations: Array<{ fromClassId: number; className: string; students: number }>;
  curriculumItems: number;
}

async function planRollover(db: Db, yearId: number, promoteNinthGrade: boolean) {
  const year = await yearOrNotFound(db, yearId);
  const startYear = Number(year.name.slice(0, 4));
  const toYear = yearNameOf(startYear + 1);
  if ((await listClassesOfYearRaw(db, toYear)).length > 0) throw conflict(`В ${toYear} учебном году классы уже есть: переход уже выполнен.`);
  // Who is in each class on the last day before the new year: pupils who left (or moved) over
  // the summer are not carried over, and those admitted in June-August are.
  const onDate = addDays(yearNameOf(startYear + 1).slice(0, 4) + '-09-01', -1);
  const classes = await listClassesOfYearRaw(db, year.name);
  const withStudents = await Promise.all(classes.map(async (c) => ({ ...c, students: await listStudentsOfClass(db, c.id, onDate) })));
  const graduates = (level: number) => level === 11 || (level === 9 && !promoteNinthGrade);
  const plan: RolloverPlan = {
    fromYear: year.name,
    toYear,
    promotions: withStudents
      .filter((c) => !graduates(c.level))
      .map((c) => ({ fromClassId: c.id, from: `${c.level}${c.letter}`, to: `${c.level + 1}${c.letter}`, students: c.students.length })),
    graduations: withStudents.filter((c) => graduates(c.level)).map((c) => ({ fromClassId: c.id, className: `${c.level}${c.letter}`, students: c.students.length })),
    curriculumItems: (await curriculumOfYear(db, yearId)).length,
  };
  return { year, startYear, toYear, withStudents, plan, graduates };
}

export async function previewRollover(db: Db, yearId: number, promoteNinthGrade: boolean): Promise<RolloverPlan> {
  return (await planRollover(db, yearId, promoteNinthGrade)).plan;
}

export async function performRollover(db: Db, actorUserId: number, yearId: number, promoteNinthGrade: boolean): Promise<{ newYearId: number; plan: RolloverPlan }> {
  return db.transaction(async (trx) => {
    // Planned inside the transaction: a second rollover or an admission in between cannot slip through.
    const { year, startYear, withStudents, plan, graduates } = await planRollover(trx, yearId, promoteNinthGrade);
    const isNewYear = !(await findAcademicYearByName(trx, yearNameOf(startYear + 1)));
    const next = await ensureYear(trx, startYear + 1, actorUserId);
    // A year the administrator already prepared keeps its own settings.
    if (isNewYear) await carryOverWorkingMode(trx, year, next);
    const firstDay = next.start_date;
    for (const cls of withStudents) {
      const newClassId = graduates(cls.level)
        ? null
        : await insertClass(trx, { academicYear: next.name, level: cls.level + 1, letter: cls.letter, shift: cls.shift, classTeacherUserId: cls.class_teacher_user_id });
      for (const student of cls.students) {
        const open = (await enrolmentsOfStudent(trx, student.id)).find((e) => e.class_id === cls.id && (e.to_date === null || e.to_date > firstDay));
        if (open) await closeEnrolment(trx, open.id, firstDay);
        if (newClassId !== null) await insertEnrolment(trx, student.id, newClassId, firstDay);
      }
    }
    // A curriculum already prepared for the new year is kept; otherwise this year's is copied.
    if ((await curriculumOfYear(trx, next.id)).length === 0) await replaceCurriculum(trx, next.id, await curriculumOfYear(trx, yearId));
    await recordAudit(trx, { actorUserId, action: 'year.rollover', entity: 'academic_year', entityId: next.id, newValue: plan });
    return { newYearId: next.id, plan };
  });
}

/**
 * The new year keeps the school's working mode: each level's period scheme, 5/6-day week,
 * shift and markless setting, and the bell schedule. Its dates (periods, holidays) are the new
 * year's defaults, to be checked by the administrator.
 */
async function carryOverWorkingMode(trx: Db, from: AcademicYearRow, to: AcademicYearRow): Promise<void> {
  const [source, target] = await Promise.all([loadCalendar(trx, from), loadCalendar(trx, to)]);
  await replaceCalendar(trx, to.id, to.version, { ...target, levels: source.levels }, await loadBells(trx, from.id));
}
