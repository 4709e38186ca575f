// The class teacher's overview (3.3): each pupil's weighted average per subject in a period, and missed lessons
// by reason, missed days (a day counts when every lesson of it was missed) and lateness.

import type { z } from 'zod';
import type { classOverviewSchema } from '../../shared/api/journal-schemas';
import { levelSettingsOf } from '../../shared/domain/calendar';
import { numericMark, weightedAverage, type WeightedMark } from '../../shared/domain/marks';
import { deriveLessons } from '../../shared/domain/timetable-rules';
import { AppError, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { cachedCalendar } from '../calendar/calendar-cache';
import { findAcademicYearByName } from '../db/repositories/calendar-repo';
import { attendanceBetween, enrolmentsOfClass, journalPagesOfYear, marksOfClassBetween, periodsOfScheme, pupilsOfClassesOn } from '../db/repositories/journal-repo';
import { listSubjects } from '../db/repositories/directories-repo';
import { classRow } from '../db/repositories/people-repo';
import { changesBetween, slotsOfClass } from '../db/repositories/teaching-repo';
import { className } from '../school/school-service';

type ClassOverview = z.infer<typeof classOverviewSchema>;

const ABSENCE_CODES = ['Н', 'Б', 'УП', 'НП'];

export async function classOverview(db: Db, classId: number, periodId: number | undefined, today: string): Promise<ClassOverview> {
  const cls = await classRow(db, classId);
  if (!cls) throw notFound('Класс');
  const year = await findAcademicYearByName(db, cls.academic_year);
  if (!year) throw new AppError(409, 'conflict', `Календарь ${cls.academic_year} учебного года не заполнен`);
  const calendar = await cachedCalendar(db, year);
  const periods = await periodsOfScheme(db, year.id, levelSettingsOf(calendar, cls.level).periodScheme);
  const period =
    periodId === undefined
      ? (periods.find((p) => p.start_date <= today && today <= p.end_date) ?? [...periods].reverse().find((p) => p.start_date <= today) ?? periods[0])
      : periods.find((p) => p.id === periodId);
  if (!period) throw notFound('Учебный период');
  const from = period.start_date;
  const to = period.end_date;

  const [pages, marks, attendance, students, subjects, slots] = await Promise.all([
    journalPagesOfYear(db, cls.academic_year, classId),
    marksOfClassBetween(db, classId, from, to),
    attendanceBetween(db, from, to, classId),
    enrolmentsOfClass(db, classId, from, to),
    listSubjects(db),
    slotsOfClass(db, year.id, classId),
  ]);
  const subjectIds = [...new Set([...pages.map((p) => p.subject_id), ...marks.map((m) => m.subject_id)])];
  const subjectRows = subjects.filter((s) => subjectIds.includes(s.id)).sort((a, b) => a.name.localeCompare(b.name, 'ru'));

  // Lessons each pupil had per day: the whole class's lessons and those of the pupil's groups.
  const lessons = deriveLessons({
    calendar,
    classLevels: new Map([[classId, cls.level]]),
    slots,
    changes: await changesBetween(db, from, to < today ? to : today),
    from,
    to: to < today ? to : today,
    classIds: [classId],
  });
  const { members } = await pupilsOfClassesOn(db, [classId], to < today ? to : today);
  const groupsOf = new Map<number, Set<number>>();
  for (const m of members) groupsOf.set(m.student_id, new Set([...(groupsOf.get(m.student_id) ?? []), m.group_id]));

  return {
    classId,
    className: className(cls.level, cls.letter),
    period: { id: period.id, number: period.number, name: period.name, startDate: from, endDate: to, isClosed: Boolean(period.is_closed) },
    periods: periods.map((p) => ({ id: p.id, number: p.number, name: p.name, startDate: p.start_date, endDate: p.end_date, isClosed: Boolean(p.is_closed) })),
    subjects: subjectRows.map((s) => ({ id: s.id, name: s.name, shortName: s.short_name })),
    students: uniqueStudents(students).map((s) => {
      const own = marks.filter((m) => m.student_id === s.id);
      const averages: Record<string, number | null> = {};
      for (const subject of subjectRows) {
        const weighted: WeightedMark[] = own
          .filter((m) => m.subject_id === subject.id && m.numeric_value !== null)
          .map((m) => ({ value: numericMark(m.numeric_value!), weight: m.weight }));
        averages[String(subject.id)] = weightedAverage(weighted);
      }
      const absences = attendance.filter((a) => a.student_id === s.id && ABSENCE_CODES.includes(a.code));
      const missedByReason: Record<string, number> = {};
      for (const a of absences) missedByReason[a.code] = (missedByReason[a.code] ?? 0) + 1;
      const missedPerDay = new Map<string, number>();
      for (const a of absences) missedPerDay.set(a.date, (missedPerDay.get(a.date) ?? 0) + 1);
      const groups = groupsOf.get(s.id) ?? new Set<number>();
      let missedDays = 0;
      for (const [date, missed] of missedPerDay) {
        const had = lessons.filter((l) => l.date === date && (l.groupId === null || groups.has(l.groupId))).length;
        if (had > 0 && missed >= had) missedDays += 1;
      }
      return {
        id: s.id,
        name: `${s.last_name} ${s.first_name}`,
        averages,
        missedLessons: absences.length,
        missedByReason,
        missedDays,
        lateCount: attendance.filter((a) => a.student_id === s.id && a.code === 'ОП').length,
      };
    }),
  };
}

function uniqueStudents<T extends { id: number }>(rows: readonly T[]): T[] {
  const seen = new Set<number>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}
