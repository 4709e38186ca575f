// Year rollover (переход на новый учебный год): classes move up a level with their pupils and
// class teachers, 11th grade (and by choice 9th grade) graduates, the curriculum is copied.
// The previous year stays intact and readable: its enrolments end on the new year's first day.

import { recordAudit } from '../audit/audit-service';
import { conflict } from '../common/app-error';
import { referenceDateIn } from '../common/dates';
import type { Db } from '../db/connection';
import { closeEnrolment, insertClass, insertEnrolment, listClassesOfYearRaw } from '../db/repositories/people-repo';
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
  const onDate = referenceDateIn(year.name, year.end_date);
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
  const { startYear, withStudents, plan, graduates } = await planRollover(db, yearId, promoteNinthGrade);
  return db.transaction(async (trx) => {
    const next = await ensureYear(trx, startYear + 1, actorUserId);
    const firstDay = next.start_date;
    for (const cls of withStudents) {
      const newClassId = graduates(cls.level)
        ? null
        : await insertClass(trx, { academicYear: next.name, level: cls.level + 1, letter: cls.letter, shift: cls.shift, classTeacherUserId: cls.class_teacher_user_id });
      for (const student of cls.students) {
        const open = (await trx('class_enrolments').where({ student_id: student.id, class_id: cls.id }).whereNull('to_date').first('id')) as { id: number } | undefined;
        if (open) await closeEnrolment(trx, open.id, firstDay);
        if (newClassId !== null) await insertEnrolment(trx, student.id, newClassId, firstDay);
      }
    }
    await replaceCurriculum(trx, next.id, await curriculumOfYear(trx, yearId));
    await recordAudit(trx, { actorUserId, action: 'year.rollover', entity: 'academic_year', entityId: next.id, newValue: plan });
    return { newYearId: next.id, plan };
  });
}
