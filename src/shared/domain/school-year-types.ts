// Plain data of a school year's calendar and timetable, shared by the server (which loads it
// from the database) and the pure rules in calendar.ts and timetable-rules.ts.
// Dates are school-local 'YYYY-MM-DD'; weekdays are ISO numbers (1 = Monday ... 7 = Sunday).

export type PeriodScheme = 'quarters' | 'halves' | 'trimesters';

export const PERIOD_SCHEME_LABELS: Record<PeriodScheme, string> = {
  quarters: 'Четверти',
  halves: 'Полугодия',
  trimesters: 'Триместры',
};

export interface StudyPeriod {
  scheme: PeriodScheme;
  /** 1-based within the scheme. */
  number: number;
  name: string;
  startDate: string;
  endDate: string;
}

export type HolidayKind = 'vacation' | 'public_holiday';

export interface Holiday {
  kind: HolidayKind;
  name: string;
  startDate: string;
  endDate: string;
  /** Class levels it applies to; null = the whole school (e.g. extra February week for 1st grade = [1]). */
  levels: readonly number[] | null;
}

/**
 * A transferred day (перенос): a weekday that is a day off (kind 'dayoff'), or a weekend day
 * that is worked (kind 'workday') following the timetable of `worksAsWeekday`.
 */
export interface TransferredDay {
  date: string;
  kind: 'workday' | 'dayoff';
  worksAsWeekday: number | null;
  reason: string;
}

export interface LevelSettings {
  level: number;
  periodScheme: PeriodScheme;
  daysPerWeek: 5 | 6;
  shift: 1 | 2;
  isMarkless: boolean;
}

export interface SchoolYearCalendar {
  name: string; // '2026/2027'
  startDate: string;
  endDate: string;
  levels: readonly LevelSettings[];
  periods: readonly StudyPeriod[];
  holidays: readonly Holiday[];
  transfers: readonly TransferredDay[];
}

export interface BellLesson {
  shift: 1 | 2;
  lessonNumber: number;
  startsAt: string; // 'HH:MM'
  endsAt: string;
}

/** One weekly slot of the timetable template. */
export interface TimetableSlot {
  id: number;
  weekday: number; // 1..6
  lessonNumber: number;
  classId: number;
  /** A subgroup of the class (languages, informatics...); null = the whole class. */
  groupId: number | null;
  subjectId: number;
  teacherUserId: number;
  room: string | null;
  /** The template applies from/until these dates (inclusive); null = the whole year. */
  validFrom: string | null;
  validTo: string | null;
}

/** A dated change to the template: a cancelled lesson, a substitute teacher, an extra lesson. */
export type TimetableChange =
  | { id: number; date: string; kind: 'cancel'; slotId: number; reason: string }
  | { id: number; date: string; kind: 'substitute'; slotId: number; teacherUserId: number; room: string | null; reason: string }
  | {
      id: number;
      date: string;
      kind: 'extra';
      lessonNumber: number;
      classId: number;
      groupId: number | null;
      subjectId: number;
      teacherUserId: number;
      room: string | null;
      reason: string;
    };

/** A concrete lesson of a date, derived from template + calendar + changes. */
export interface DerivedLesson {
  date: string;
  lessonNumber: number;
  classId: number;
  groupId: number | null;
  subjectId: number;
  /** Who teaches it: the substitute when there is one. */
  teacherUserId: number;
  /** The template's teacher when substituted, else null. */
  replacedTeacherUserId: number | null;
  room: string | null;
  slotId: number | null;
  changeId: number | null;
}
