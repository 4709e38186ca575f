// The demo school's diary, written after its journal: parents' «Ознакомлен» (most of them within the last two
// weeks, about a fifth overdue), their notices of absences (a part of the journal's illnesses and family or
// competition days, confirmed by the class teacher, and a few pending ones for the coming school days),
// conversations (a few between a parent and a teacher of the child per class, and a class teacher's letter to the
// parents of the class with private replies), school and level news with events, and each parent's notification
// feed consistent with all of it (absences without a notice, news, messages; some read). The actors are the
// school's own: parents from guardianships, teachers from teaching assignments, class teachers from the classes.
// Deterministic for a seed except for the dates, which follow today. No audit entry per row: one
// 'school.demo-diary' entry with the counts.

import { addDays, formatDateRu, isoWeekday, schoolDaysOf } from '../../shared/domain/calendar';
import type { SchoolYearCalendar } from '../../shared/domain/school-year-types';
import { recordAudit } from '../audit/audit-service';
import { localDate } from '../common/dates';
import type { Db } from '../db/connection';
import { findAcademicYear, loadCalendar } from '../db/repositories/calendar-repo';
import {
  demoDiaryReferences,
  insertDemoDiary,
  type DemoConversationRow,
  type DemoDiaryReferences,
  type DemoDiaryRows,
  type DemoJournalAbsence,
  type DemoMessageRow,
  type DemoNewsRow,
  type DemoNoticeRow,
  type DemoNotificationRow,
} from '../db/repositories/demo-diary-repo';
import type { DemoSchoolRows } from '../db/repositories/demo-repo';

export interface DemoDiaryCounts {
  acknowledgements: number;
  /** Parent–child pairs whose last «Ознакомлен» is more than 14 days old or missing. */
  overdueAcknowledgements: number;
  /** Parent–child pairs of the pupils in classes. */
  guardianPairs: number;
  notices: number;
  confirmedNotices: number;
  pendingNotices: number;
  conversations: number;
  messages: number;
  /** Messages someone has not read yet (counted per reader). */
  unreadMessages: number;
  news: number;
  notifications: number;
  unreadNotifications: number;
}

export interface DemoDiaryInput {
  yearId: number;
  rows: DemoSchoolRows;
  /** The demo's today ('YYYY-MM-DD'), the same the journal was written up to (clipped to the school year). */
  today: string;
  now: Date;
  rnd: () => number;
}

export interface DemoDiaryPlanInput {
  rows: DemoSchoolRows;
  calendar: SchoolYearCalendar;
  refs: DemoDiaryReferences;
  today: string;
  nowIso: string;
  rnd: () => number;
}

const ACKNOWLEDGE_DAYS = 14;
const PREVIEW_LENGTH = 140;

// ---------------------------------------------------------------------------------------------------------------
// Time and words

interface Clock {
  today: string;
  nowIso: string;
  /** Today minus n days, not before the first day of the school year (unless today is). */
  daysAgo(n: number): string;
  /** ISO instant of a school-local date and minutes from midnight, never later than the demo's now. */
  at(date: string, minutes: number): string;
  /** An instant plus minutes, never later than the demo's now. */
  plus(iso: string, minutes: number): string;
}

function makeClock(today: string, nowIso: string, yearStart: string): Clock {
  const clip = (iso: string) => (iso > nowIso ? nowIso : iso);
  const earliest = yearStart < today ? yearStart : today;
  return {
    today,
    nowIso,
    daysAgo(n) {
      const date = addDays(today, -n);
      return date < earliest ? earliest : date;
    },
    at(date, minutes) {
      const m = Math.max(0, Math.min(24 * 60 - 1, Math.round(minutes)));
      return clip(new Date(`${date}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`).toISOString());
    },
    plus(iso, minutes) {
      const at = new Date(Date.parse(iso) + Math.round(minutes) * 60_000);
      // Nobody writes at night: what would fall between 22:00 and 7:00 is written the next morning instead.
      const hour = at.getHours();
      if (hour >= 22 || hour < 7) {
        if (hour >= 22) at.setDate(at.getDate() + 1);
        at.setHours(7, (at.getMinutes() * 7) % 60, 0, 0);
      }
      return clip(at.toISOString());
    },
  };
}

/** The demo's "now" for entry times: the real now on today, else the evening of the last day written (as the journal). */
function demoNowIso(today: string, now: Date): string {
  return today === localDate(now) ? now.toISOString() : new Date(`${today}T20:00:00`).toISOString();
}

const isFemaleName = (middleName: string | null): boolean => /(вна|чна|кызы)$/.test(middleName ?? '');
const byGender = (female: boolean, male: string, woman: string): string => (female ? woman : male);

/** «по математике»: the dative of the demo's subjects; a subject it does not know is named in quotes. */
const SUBJECT_DATIVE: Record<string, string> = {
  'Русский язык': 'русскому языку',
  'Литературное чтение': 'литературному чтению',
  Литература: 'литературе',
  Математика: 'математике',
  Алгебра: 'алгебре',
  Геометрия: 'геометрии',
  'Окружающий мир': 'окружающему миру',
  'Английский язык': 'английскому языку',
  История: 'истории',
  Обществознание: 'обществознанию',
  География: 'географии',
  Биология: 'биологии',
  Физика: 'физике',
  Химия: 'химии',
  Информатика: 'информатике',
  Музыка: 'музыке',
  'Изобразительное искусство': 'изобразительному искусству',
  'Труд (технология)': 'труду',
  'Физическая культура': 'физкультуре',
  'Основы безопасности и защиты Родины': 'ОБЗР',
};
const bySubject = (subject: string): string => `по ${SUBJECT_DATIVE[subject] ?? `предмету «${subject}»`}`;

const WEEKDAY_ACCUSATIVE = ['', 'в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу', 'в воскресенье'];
/** Subjects without written work (no контрольные to miss). */
const PRACTICAL_SUBJECTS = new Set(['Физическая культура', 'Музыка', 'Изобразительное искусство', 'Труд (технология)']);

/** The first date on or after `date` that falls on one of the weekdays. */
function nextWeekday(date: string, weekdays: readonly number[] = [1, 2, 3, 4, 5]): string {
  let d = date;
  while (!weekdays.includes(isoWeekday(d))) d = addDays(d, 1);
  return d;
}

const preview = (body: string): string => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
};

// ---------------------------------------------------------------------------------------------------------------
// The school's people

type User = DemoSchoolRows['users'][number];
type Student = DemoSchoolRows['students'][number];
type SchoolClass = DemoSchoolRows['classes'][number];

interface School {
  users: Map<number, User>;
  students: Map<number, Student>;
  classes: SchoolClass[];
  classOf: Map<number, SchoolClass>;
  /** Pupils enrolled in each class, by id. */
  pupilsOf: Map<number, number[]>;
  guardiansOf: Map<number, number[]>;
  /** Teaching assignments of each class. */
  teachingOf: Map<number, Array<{ teacherUserId: number; subject: string }>>;
  roomOf: Map<number, string>;
}

function schoolOf(rows: DemoSchoolRows): School {
  const classesById = new Map(rows.classes.map((c) => [c.id, c]));
  const classOf = new Map<number, SchoolClass>();
  const pupilsOf = new Map<number, number[]>();
  for (const e of rows.enrolments) {
    const cls = classesById.get(e.classId);
    if (!cls) continue;
    classOf.set(e.studentId, cls);
    pupilsOf.set(cls.id, [...(pupilsOf.get(cls.id) ?? []), e.studentId]);
  }
  const guardiansOf = new Map<number, number[]>();
  for (const g of rows.guardianships) {
    // No diary for a pupil outside a class.
    if (classOf.has(g.studentId)) guardiansOf.set(g.studentId, [...(guardiansOf.get(g.studentId) ?? []), g.guardianUserId]);
  }
  const subjects = new Map(rows.subjects.map((s) => [s.id, s.name]));
  const teachingOf = new Map<number, Array<{ teacherUserId: number; subject: string }>>();
  for (const a of rows.assignments) teachingOf.set(a.classId, [...(teachingOf.get(a.classId) ?? []), { teacherUserId: a.teacherUserId, subject: subjects.get(a.subjectId) ?? '' }]);
  const roomOf = new Map<number, string>();
  for (const s of rows.slots) if (!roomOf.has(s.classId)) roomOf.set(s.classId, s.room);
  return {
    users: new Map(rows.users.map((u) => [u.id, u])),
    students: new Map(rows.students.map((s) => [s.id, s])),
    classes: [...rows.classes].sort((a, b) => a.id - b.id),
    classOf,
    pupilsOf,
    guardiansOf,
    teachingOf,
    roomOf,
  };
}

const fullName = (u: { lastName: string; firstName: string; middleName: string | null }): string => [u.lastName, u.firstName, u.middleName].filter(Boolean).join(' ');
/** How one addresses an adult: «Анна Сергеевна». */
const polite = (u: User): string => [u.firstName, u.middleName].filter(Boolean).join(' ');
const className = (c: SchoolClass): string => `${c.level}${c.letter}`;

// ---------------------------------------------------------------------------------------------------------------
// The plan

interface Planner {
  school: School;
  clock: Clock;
  rnd: () => number;
  calendar: SchoolYearCalendar;
  rows: DemoDiaryRows;
  ids: { notice: number; conversation: number; message: number; news: number };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const between = (rnd: () => number, from: number, to: number): number => from + Math.floor(rnd() * (to - from + 1));

/** «Ознакомлен»: most parents within the last 1-14 days (with earlier presses), the rest overdue or never. */
function planAcknowledgements(p: Planner): number {
  const { clock, rnd } = p;
  let overdue = 0;
  for (const [studentId, guardians] of p.school.guardiansOf) {
    for (const guardianUserId of guardians) {
      const r = rnd();
      const days: number[] = [];
      if (r < 0.8) {
        const last = between(rnd, 1, ACKNOWLEDGE_DAYS - 1);
        days.push(last);
        for (let j = 1, n = between(rnd, 0, 3); j <= n; j++) days.push(last + 7 * j + between(rnd, 0, 2));
      } else if (r < 0.9) {
        days.push(between(rnd, ACKNOWLEDGE_DAYS + 2, 45));
      }
      const dates = days.map((d) => addDays(clock.today, -d)).filter((d) => d >= p.calendar.startDate);
      if (dates.length === 0 || dates[0]! < addDays(clock.today, -(ACKNOWLEDGE_DAYS - 1))) overdue += 1;
      for (const date of dates.reverse()) p.rows.acknowledgements.push({ guardianUserId, studentId, at: clock.at(date, between(rnd, 18 * 60, 22 * 60 + 50)) });
    }
  }
  return overdue;
}

/** The guardian who writes to the school: the first (the mother) more often. */
function writingGuardian(p: Planner, studentId: number): number | null {
  const guardians = p.school.guardiansOf.get(studentId) ?? [];
  if (guardians.length === 0) return null;
  return guardians.length === 1 || p.rnd() < 0.75 ? guardians[0]! : pick(p.rnd, guardians.slice(1));
}

const ILLNESS_COMMENTS = [
  (f: boolean) => `${byGender(f, 'Заболел', 'Заболела')}, вызвали врача на дом. Справку принесём.`,
  () => 'Плохо себя чувствует, остаёмся дома.',
  (f: boolean) => `${byGender(f, 'Приболел', 'Приболела')}, будем лечиться дома.`,
  () => null,
];
const FAMILY_COMMENTS = ['Семейные обстоятельства.', 'Уезжаем на семейное торжество.', 'Поездка к родственникам в другой город.', null];
const COMPETITION_COMMENTS = ['Областные соревнования по плаванию.', 'Шахматный турнир, справку из спортивной школы принесём.', 'Первенство района по лыжным гонкам.', 'Соревнования по дзюдо в областном центре.'];
const MEDICAL_COMMENTS = ['Плановый приём у врача.', 'Запись к стоматологу.', 'Медицинская комиссия в поликлинике.'];
const OTHER_COMMENTS = ['Конкурс чтецов в городской библиотеке.', 'Репетиция концерта в музыкальной школе.'];

function addNotice(p: Planner, notice: Omit<DemoNoticeRow, 'id'>): DemoNoticeRow {
  const row = { id: p.ids.notice++, ...notice };
  p.rows.notices.push(row);
  return row;
}

/** Days of the journal's absences per pupil: Б days (illnesses), УП days of whole days away, and every Н. */
function absencesByPupil(absences: readonly DemoJournalAbsence[]) {
  const byPupil = new Map<number, { ill: string[]; away: Map<string, number>; unexcused: DemoJournalAbsence[] }>();
  for (const a of absences) {
    let entry = byPupil.get(a.studentId);
    if (!entry) byPupil.set(a.studentId, (entry = { ill: [], away: new Map(), unexcused: [] }));
    if (a.code === 'Б') {
      if (entry.ill[entry.ill.length - 1] !== a.date) entry.ill.push(a.date);
    } else if (a.code === 'УП') entry.away.set(a.date, (entry.away.get(a.date) ?? 0) + 1);
    else entry.unexcused.push(a);
  }
  return byPupil;
}

/** Illnesses: Б days that follow each other in the level's school days (a weekend between them does not break one). */
function illnessesOf(days: readonly string[], schoolDayIndex: ReadonlyMap<string, number>): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  for (const date of [...days].sort()) {
    const last = out[out.length - 1];
    const index = schoolDayIndex.get(date);
    if (last && index !== undefined && schoolDayIndex.get(last.to) === index - 1) last.to = date;
    else out.push({ from: date, to: date });
  }
  return out;
}

/** Parents' notices: part of the journal's illnesses and whole days away, confirmed; a few pending ones ahead. */
function planNotices(p: Planner, absences: readonly DemoJournalAbsence[]): void {
  const { clock, rnd, school } = p;
  const byPupil = absencesByPupil(absences);
  const schoolDays = new Map<number, Map<string, number>>();
  for (const [studentId, entry] of [...byPupil].sort((a, b) => a[0] - b[0])) {
    const cls = school.classOf.get(studentId);
    const student = school.students.get(studentId);
    if (!cls || !student || cls.classTeacherUserId === null) continue;
    const female = isFemaleName(student.middleName);
    const hasUnexcused = (from: string, to: string) => entry.unexcused.some((a) => from <= a.date && a.date <= to);
    let dayIndex = schoolDays.get(cls.level);
    if (!dayIndex) schoolDays.set(cls.level, (dayIndex = new Map(schoolDaysOf(p.calendar, cls.level).map((d, i) => [d.date, i]))));
    for (const illness of illnessesOf(entry.ill, dayIndex)) {
      // A confirmed notice would have turned any Н in its days into Б: only illnesses recorded as Б throughout.
      if (rnd() >= 0.6 || hasUnexcused(illness.from, illness.to)) continue;
      const guardian = writingGuardian(p, studentId);
      if (guardian === null) continue;
      const createdAt = rnd() < 0.65 ? clock.at(illness.from, between(rnd, 7 * 60, 7 * 60 + 50)) : clock.at(addDays(illness.from, -1), between(rnd, 20 * 60, 21 * 60 + 30));
      addNotice(p, {
        studentId,
        fromDate: illness.from,
        toDate: illness.to,
        lessonNumbers: null,
        reasonCategory: 'illness',
        comment: pick(rnd, ILLNESS_COMMENTS)(female),
        createdByUserId: guardian,
        createdAt,
        status: 'confirmed',
        decidedByUserId: cls.classTeacherUserId,
        decidedAt: clock.at(illness.from, between(rnd, 8 * 60 + 15, 9 * 60 + 45)),
      });
    }
    for (const [date, lessons] of entry.away) {
      // A whole day away (a single УП lesson is the class teacher's own reason), told in advance now and then.
      if (lessons < 3 || rnd() >= 0.5) continue;
      const guardian = writingGuardian(p, studentId);
      if (guardian === null) continue;
      const isFamily = rnd() < 0.6;
      const createdOn = addDays(date, -between(rnd, 1, 4));
      addNotice(p, {
        studentId,
        fromDate: date,
        toDate: date,
        lessonNumbers: null,
        reasonCategory: isFamily ? 'family' : 'competition',
        comment: isFamily ? pick(rnd, FAMILY_COMMENTS) : pick(rnd, COMPETITION_COMMENTS),
        createdByUserId: guardian,
        createdAt: clock.at(createdOn, between(rnd, 19 * 60, 21 * 60)),
        status: 'confirmed',
        decidedByUserId: cls.classTeacherUserId,
        decidedAt: clock.at(addDays(createdOn, 1), between(rnd, 8 * 60, 9 * 60)),
      });
    }
  }
  planPendingNotices(p);
}

/** 3-5 pending notices per 100 pupils for the coming school days, each told to the class teacher. */
function planPendingNotices(p: Planner): void {
  const { clock, rnd, school } = p;
  const pupils = [...school.guardiansOf.keys()].sort((a, b) => a - b);
  const wanted = Math.round((pupils.length * (3 + 2 * rnd())) / 100);
  const chosen = new Set<number>();
  const daysOfLevel = new Map<number, string[]>();
  for (let attempts = 0; chosen.size < wanted && attempts < wanted * 10; attempts++) {
    const studentId = pick(rnd, pupils);
    if (chosen.has(studentId)) continue;
    const cls = school.classOf.get(studentId)!;
    const student = school.students.get(studentId)!;
    let days = daysOfLevel.get(cls.level);
    if (!days) daysOfLevel.set(cls.level, (days = schoolDaysOf(p.calendar, cls.level, addDays(clock.today, 1), addDays(clock.today, 14)).map((d) => d.date)));
    const guardian = writingGuardian(p, studentId);
    if (days.length === 0 || guardian === null || cls.classTeacherUserId === null) continue;
    chosen.add(studentId);
    const start = between(rnd, 0, Math.min(days.length, 7) - 1);
    const r = rnd();
    const length = r < 0.6 ? 1 : r < 0.85 ? 2 : 3;
    const fromDate = days[start]!;
    const toDate = days[Math.min(days.length - 1, start + length - 1)]!;
    const c = rnd();
    const category = c < 0.35 ? 'family' : c < 0.65 ? 'medical' : c < 0.9 ? 'competition' : 'other';
    const lessonNumbers = category === 'medical' && fromDate === toDate && rnd() < 0.5 ? (rnd() < 0.5 ? '[1,2]' : '[4,5]') : null;
    const comment = pick(rnd, { family: FAMILY_COMMENTS, medical: MEDICAL_COMMENTS, competition: COMPETITION_COMMENTS, other: OTHER_COMMENTS }[category]);
    const createdOn = clock.daysAgo(between(rnd, 0, 2));
    const createdAt = createdOn < clock.today ? clock.at(createdOn, between(rnd, 19 * 60, 21 * 60 + 50)) : clock.at(createdOn, between(rnd, 7 * 60, 7 * 60 + 50));
    const notice = addNotice(p, {
      studentId,
      fromDate,
      toDate,
      lessonNumbers,
      reasonCategory: category,
      comment,
      createdByUserId: guardian,
      createdAt,
      status: 'pending',
      decidedByUserId: null,
      decidedAt: null,
    });
    const when = fromDate === toDate ? formatDateRu(fromDate) : `${formatDateRu(fromDate)} – ${formatDateRu(toDate)}`;
    p.rows.notifications.push({
      userId: cls.classTeacherUserId,
      kind: 'notice',
      title: `Родитель сообщил о пропуске: ${student.lastName} ${student.firstName}, ${when}`,
      body: comment,
      link: `/classes/${cls.id}/absences`,
      studentId,
      dedupKey: `notice:${notice.id}`,
      createdAt,
      readAt: null,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conversations

interface Exchange {
  subject: string;
  /** Who writes first; then they take turns. */
  opener: 'parent' | 'teacher';
  /** The first two are always written, the rest now and then. */
  bodies: string[];
}

interface ExchangeContext {
  parent: User;
  teacher: User;
  child: Student;
  subject: string;
  level: number;
  room: string;
  /** The day the conversation starts. */
  day: string;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** What a teacher wants to talk over with a parent (no homework in the 1st grade, little in practical subjects). */
function concernOf(x: ExchangeContext): string {
  if (x.level === 1) return 'в последнее время часто отвлекается на уроках и не успевает за классом';
  if (PRACTICAL_SUBJECTS.has(x.subject)) return `в последнее время часто приходит на уроки ${bySubject(x.subject)} без необходимых материалов`;
  return `в последнее время не всегда выполняет домашние задания ${bySubject(x.subject)}`;
}

function directExchange(kind: 'homework' | 'test' | 'meeting' | 'pe' | 'crafts', x: ExchangeContext): Exchange {
  const child = x.child.firstName;
  const childFemale = isFemaleName(x.child.middleName);
  const teacherFemale = isFemaleName(x.teacher.middleName);
  const parentFemale = isFemaleName(x.parent.middleName);
  const meetingDay = nextWeekday(addDays(x.day, 2));
  const when = `${WEEKDAY_ACCUSATIVE[isoWeekday(meetingDay)]} (${formatDateRu(meetingDay).slice(0, 5)})`;
  switch (kind) {
    case 'homework':
      return {
        subject: `Домашнее задание ${bySubject(x.subject)}`,
        opener: 'parent',
        bodies: [
          `Здравствуйте, ${polite(x.teacher)}! ${child} ${byGender(childFemale, 'болел', 'болела')} и не знает, что задано ${bySubject(x.subject)} на следующий урок. Подскажите, пожалуйста.`,
          'Здравствуйте! Задание есть в дневнике, в разделе «Домашние задания». Если что-то будет непонятно, пусть подойдёт ко мне на перемене.',
          'Нашли, спасибо большое!',
        ],
      };
    case 'test':
      return {
        subject: `Пропущенная контрольная ${bySubject(x.subject)}`,
        opener: 'parent',
        bodies: [
          `Добрый день, ${polite(x.teacher)}! ${child} ${byGender(childFemale, 'пропустил', 'пропустила')} контрольную работу ${bySubject(x.subject)} из-за болезни. Можно ли написать её позже?`,
          `Добрый день! Да, конечно. Пусть подойдёт ${when} после шестого урока в кабинет ${x.room}.`,
          'Хорошо, передам. Спасибо!',
          'Пожалуйста. Пусть повторит последние две темы.',
        ],
      };
    case 'meeting':
      return {
        subject: 'Встреча по поводу успеваемости',
        opener: 'teacher',
        bodies: [
          `Здравствуйте, ${polite(x.parent)}! ${child} ${concernOf(x)}. ${byGender(teacherFemale, 'Хотел', 'Хотела')} бы обсудить это с вами. Сможете подойти в школу на этой неделе?`,
          `Здравствуйте! Да, могу ${when} после 17:00. Вам удобно?`,
          `Да, ${when} в 17:15 жду вас в кабинете ${x.room}.`,
          'Договорились, спасибо!',
        ],
      };
    case 'pe':
      return {
        subject: 'Освобождение от физкультуры',
        opener: 'parent',
        bodies: [
          `Здравствуйте, ${polite(x.teacher)}! ${child} после болезни ${byGender(childFemale, 'освобождён', 'освобождена')} от физкультуры на две недели, справку передали классному руководителю. Нужно ли приходить на уроки?`,
          'Здравствуйте! Да, присутствовать на уроках нужно: будет выполнять теоретические задания и помогать с судейством.',
          `${byGender(parentFemale, 'Понял', 'Поняла')}, спасибо!`,
        ],
      };
    case 'crafts':
      return {
        subject: 'Выставка поделок',
        opener: 'teacher',
        bodies: [
          `Здравствуйте, ${polite(x.parent)}! ${capitalized(when)} в классе выставка поделок из природных материалов. Напоминаю, что ${child} может принести свою работу накануне.`,
          'Здравствуйте! Спасибо, что напомнили, обязательно принесём.',
          'Отлично, ждём!',
        ],
      };
  }
}

interface ClassLetter {
  subject: string;
  body: string;
  replies: string[];
}

function classLetter(index: number, cls: SchoolClass, room: string, day: string): ClassLetter {
  const date = nextWeekday(addDays(day, 5));
  switch (index % 3) {
    case 0:
      return {
        subject: `Родительское собрание ${className(cls)}`,
        body:
          `Уважаемые родители! Родительское собрание ${className(cls)} класса состоится ${formatDateRu(date)} в 18:30 в кабинете ${room}. ` +
          'Темы: успеваемость и посещаемость, подготовка к каникулам, организационные вопросы. Прошу ответить, сможете ли вы прийти.',
        replies: ['Здравствуйте! Приду обязательно.', 'Добрый вечер! Буду, но могу опоздать минут на 15.', 'Здравствуйте, к сожалению, в этот день работаю. Можно потом узнать, что решили?'],
      };
    case 1:
      return {
        subject: 'Экскурсия в краеведческий музей',
        body:
          `Уважаемые родители! ${formatDateRu(date)} класс едет на экскурсию в краеведческий музей. Выезд от школы в 9:00, вернёмся к 14:00, стоимость — 350 рублей. ` +
          `Прошу до ${formatDateRu(addDays(date, -3))} сообщить, поедет ли ребёнок, и передать подписанное согласие.`,
        replies: ['Здравствуйте! Мы едем, согласие передадим завтра.', 'Добрый вечер! Поедем, деньги передам с ребёнком.', 'Здравствуйте, к сожалению, в этот день не получится.'],
      };
    default:
      return {
        subject: 'Фотографирование класса',
        body: `Уважаемые родители! ${formatDateRu(date)} в школе будет фотограф: общий снимок класса и портреты. Пусть дети придут в школьной форме. Если вы против съёмки ребёнка, напишите мне в ответ.`,
        replies: ['Здравствуйте! Спасибо, что предупредили.', 'Добрый день! Общий снимок — пожалуйста, а от портрета мы откажемся.'],
      };
  }
}

interface Delivery {
  message: DemoMessageRow;
  to: number[];
}

function addMessage(p: Planner, conversation: DemoConversationRow, authorUserId: number, privateToUserId: number | null, body: string, createdAt: string): DemoMessageRow {
  const message = { id: p.ids.message++, conversationId: conversation.id, authorUserId, privateToUserId, body, createdAt };
  p.rows.messages.push(message);
  conversation.lastMessageAt = createdAt;
  return message;
}

function directKindOf(p: Planner, level: number, subject: string): 'homework' | 'test' | 'meeting' | 'pe' | 'crafts' {
  if (level === 1) return p.rnd() < 0.5 ? 'crafts' : 'meeting';
  if (subject === 'Физическая культура') return 'pe';
  if (PRACTICAL_SUBJECTS.has(subject)) return 'meeting';
  return pick(p.rnd, ['homework', 'test', 'meeting'] as const);
}

/** About three conversations between a parent and a teacher of the child per class. */
function planDirect(p: Planner, cls: SchoolClass, pupils: readonly number[], deliveries: Delivery[]): void {
  const { rnd, clock, school } = p;
  const teaching = school.teachingOf.get(cls.id) ?? [];
  if (teaching.length === 0) return;
  const chosen = new Set<number>();
  for (let attempts = 0; chosen.size < Math.min(3, pupils.length) && attempts < 20; attempts++) {
    const studentId = pick(rnd, pupils);
    if (chosen.has(studentId)) continue;
    chosen.add(studentId);
    const guardian = writingGuardian(p, studentId);
    if (guardian === null) continue;
    let assignment = pick(rnd, teaching);
    const kind = directKindOf(p, cls.level, assignment.subject);
    // The handicraft exhibition is the class teacher's (who teaches труд in the primary school).
    if (kind === 'crafts') assignment = teaching.find((a) => a.teacherUserId === cls.classTeacherUserId) ?? assignment;
    const parent = school.users.get(guardian)!;
    const teacher = school.users.get(assignment.teacherUserId)!;
    const day = clock.daysAgo(between(rnd, 1, 9));
    const exchange = directExchange(kind, {
      parent,
      teacher,
      child: school.students.get(studentId)!,
      subject: assignment.subject,
      level: cls.level,
      room: school.roomOf.get(cls.id) ?? '',
      day,
    });
    const count = Math.min(exchange.bodies.length, 2 + Math.floor(rnd() * (exchange.bodies.length - 1)));
    const first = exchange.opener === 'parent' ? parent.id : teacher.id;
    const second = first === parent.id ? teacher.id : parent.id;
    let at = clock.at(day, exchange.opener === 'parent' ? between(rnd, 19 * 60, 21 * 60 + 30) : between(rnd, 14 * 60 + 30, 16 * 60 + 30));
    const conversation: DemoConversationRow = {
      id: p.ids.conversation++,
      kind: 'direct',
      subject: exchange.subject,
      classId: null,
      studentId,
      createdByUserId: first,
      createdAt: at,
      lastMessageAt: at,
      members: [],
    };
    p.rows.conversations.push(conversation);
    const lastOwn = new Map<number, number>([
      [first, 0],
      [second, 0],
    ]);
    let last: DemoMessageRow | null = null;
    for (let i = 0; i < count; i++) {
      const author = i % 2 === 0 ? first : second;
      if (i > 0) at = clock.plus(at, between(rnd, 25, 16 * 60));
      last = addMessage(p, conversation, author, null, exchange.bodies[i]!, at);
      lastOwn.set(author, last.id);
      deliveries.push({ message: last, to: [author === first ? second : first] });
    }
    // Each has read up to their own last message (and so everything before it); the last one is read now and then.
    const reader = last!.authorUserId === first ? second : first;
    const readerRead = rnd() < 0.55 ? last!.id : lastOwn.get(reader)!;
    conversation.members = [
      { userId: parent.id, lastReadMessageId: parent.id === reader ? readerRead : lastOwn.get(parent.id)! },
      { userId: teacher.id, lastReadMessageId: teacher.id === reader ? readerRead : lastOwn.get(teacher.id)! },
    ];
  }
}

/** The class teacher's letter to the parents of the class; one or two of them reply to the class teacher only. */
function planClassLetter(p: Planner, cls: SchoolClass, index: number, pupils: readonly number[], deliveries: Delivery[]): void {
  const { rnd, clock, school } = p;
  const teacherId = cls.classTeacherUserId;
  if (teacherId === null) return;
  const parents = [...new Set(pupils.flatMap((s) => school.guardiansOf.get(s) ?? []))].filter((id) => id !== teacherId).sort((a, b) => a - b);
  if (parents.length === 0) return;
  const day = clock.daysAgo(between(rnd, 1, 6));
  const letter = classLetter(index, cls, school.roomOf.get(cls.id) ?? '', day);
  const at = clock.at(day, between(rnd, 15 * 60, 16 * 60 + 30));
  const conversation: DemoConversationRow = {
    id: p.ids.conversation++,
    kind: 'class',
    subject: letter.subject,
    classId: cls.id,
    studentId: null,
    createdByUserId: teacherId,
    createdAt: at,
    lastMessageAt: at,
    members: [],
  };
  p.rows.conversations.push(conversation);
  const opening = addMessage(p, conversation, teacherId, null, letter.body, at);
  deliveries.push({ message: opening, to: parents });
  const replied = new Map<number, number>();
  const replies = Math.min(parents.length, 1 + Math.floor(rnd() * 2));
  let replyAt = at;
  const texts = [...letter.replies];
  while (replied.size < replies) {
    const parent = pick(rnd, parents);
    if (replied.has(parent)) continue;
    replyAt = clock.plus(replyAt, between(rnd, 40, 20 * 60));
    const text = texts.splice(Math.floor(rnd() * texts.length), 1)[0]!;
    const reply = addMessage(p, conversation, parent, teacherId, text, replyAt);
    replied.set(parent, reply.id);
    deliveries.push({ message: reply, to: [teacherId] });
  }
  const lastId = p.ids.message - 1;
  conversation.members = [
    { userId: teacherId, lastReadMessageId: rnd() < 0.5 ? lastId : opening.id },
    ...parents.map((userId) => ({ userId, lastReadMessageId: replied.get(userId) ?? (rnd() < 0.65 ? opening.id : 0) })),
  ];
}

/** The notification of every message to those it went to, read where the reader has read the message. */
function notifyMessages(p: Planner, deliveries: readonly Delivery[]): number {
  const conversations = new Map(p.rows.conversations.map((c) => [c.id, c]));
  let unread = 0;
  for (const { message, to } of deliveries) {
    const conversation = conversations.get(message.conversationId)!;
    const readUpTo = new Map(conversation.members.map((m) => [m.userId, m.lastReadMessageId]));
    const author = p.school.users.get(message.authorUserId)!;
    for (const userId of to) {
      const isRead = (readUpTo.get(userId) ?? 0) >= message.id;
      if (!isRead) unread += 1;
      p.rows.notifications.push({
        userId,
        kind: 'message',
        title: `Сообщение от ${fullName(author)}`,
        body: `${conversation.subject}: ${preview(message.body)}`,
        link: `/messages/${conversation.id}`,
        studentId: conversation.studentId,
        dedupKey: `message:${message.id}`,
        createdAt: message.createdAt,
        readAt: isRead ? p.clock.plus(message.createdAt, between(p.rnd, 5, 8 * 60)) : null,
      });
    }
  }
  return unread;
}

function planConversations(p: Planner): number {
  const deliveries: Delivery[] = [];
  p.school.classes.forEach((cls, index) => {
    const pupils = (p.school.pupilsOf.get(cls.id) ?? []).filter((s) => p.school.guardiansOf.has(s));
    if (pupils.length === 0) return;
    planDirect(p, cls, pupils, deliveries);
    planClassLetter(p, cls, index, pupils, deliveries);
  });
  return notifyMessages(p, deliveries);
}

// ---------------------------------------------------------------------------------------------------------------
// News

interface NewsPlan {
  title: string;
  body: string;
  level: number | null;
  eventDate: string | null;
  /** Days before today it was published. */
  daysAgo: number;
  byDirector: boolean;
}

function newsPlans(p: Planner): NewsPlan[] {
  const { today } = p.clock;
  const meeting = nextWeekday(addDays(today, 6));
  const olympiad = nextWeekday(addDays(today, 3));
  const openDay = nextWeekday(addDays(today, 9), [6]);
  const gto = nextWeekday(addDays(today, 10));
  const holidays = p.calendar.holidays.filter((h) => h.kind === 'vacation' && h.levels === null && h.startDate > today).sort((a, b) => (a.startDate < b.startDate ? -1 : 1))[0];
  const plans: NewsPlan[] = [
    {
      title: 'Общешкольное родительское собрание',
      body:
        `Уважаемые родители! ${formatDateRu(meeting)} в 18:00 в актовом зале состоится общешкольное родительское собрание. ` +
        'Темы: успеваемость и посещаемость, безопасность детей на дорогах, организация горячего питания. После общей части — собрания в классах.',
      level: null,
      eventDate: meeting,
      daysAgo: 4,
      byDirector: true,
    },
    {
      title: 'День открытых дверей',
      body:
        `Приглашаем будущих первоклассников и их родителей на день открытых дверей ${formatDateRu(openDay)}. Начало в 10:00: ` +
        'знакомство с учителями начальной школы, экскурсия по школе, мастер-классы для детей.',
      level: null,
      eventDate: openDay,
      daysAgo: 6,
      byDirector: false,
    },
    {
      title: 'Школьная олимпиада по математике',
      body: `${formatDateRu(olympiad)} в 14:00 пройдёт школьный этап олимпиады по математике для 5–11 классов. Записаться можно у учителей математики до ${formatDateRu(addDays(olympiad, -1))}.`,
      level: null,
      eventDate: olympiad,
      daysAgo: 9,
      byDirector: false,
    },
    {
      title: 'Итоги школьного этапа олимпиады по русскому языку',
      body: 'Подведены итоги школьного этапа всероссийской олимпиады школьников по русскому языку. Победители и призёры приглашаются на муниципальный этап, списки — у классных руководителей. Поздравляем ребят и их учителей!',
      level: null,
      eventDate: null,
      daysAgo: 13,
      byDirector: false,
    },
    {
      title: 'Сдача нормативов ГТО',
      body: `${formatDateRu(gto)} на школьном стадионе обучающиеся 5–11 классов сдают нормативы комплекса ГТО. Нужны спортивная форма и медицинский допуск.`,
      level: null,
      eventDate: gto,
      daysAgo: 1,
      byDirector: false,
    },
  ];
  if (holidays) {
    const firstDay = schoolDaysOf(p.calendar, 5, addDays(holidays.endDate, 1))[0]?.date ?? addDays(holidays.endDate, 1);
    plans.push({
      title: holidays.name,
      body:
        `${holidays.name} продлятся с ${formatDateRu(holidays.startDate)} по ${formatDateRu(holidays.endDate)}, занятия начнутся ${formatDateRu(firstDay)}. ` +
        'Напоминаем о правилах безопасности на дорогах, у водоёмов и в интернете. Хорошего отдыха!',
      level: null,
      eventDate: holidays.startDate,
      daysAgo: 2,
      byDirector: true,
    });
  }
  const levels = new Set(p.school.classes.map((c) => c.level));
  const byLevel: NewsPlan[] = [
    {
      title: 'Праздник «Посвящение в первоклассники»',
      body: `${formatDateRu(nextWeekday(addDays(today, 7)))} в 12:00 в актовом зале — праздник для первоклассников и их родителей. Приходите всей семьёй!`,
      level: 1,
      eventDate: nextWeekday(addDays(today, 7)),
      daysAgo: 5,
      byDirector: false,
    },
    {
      title: 'Пробное итоговое собеседование по русскому языку',
      body: `${formatDateRu(nextWeekday(addDays(today, 11)))} девятиклассники проходят пробное итоговое собеседование. Начало в 9:00, при себе иметь паспорт.`,
      level: 9,
      eventDate: nextWeekday(addDays(today, 11)),
      daysAgo: 3,
      byDirector: false,
    },
    {
      title: 'Подготовка к итоговому сочинению',
      body: 'Для обучающихся 11 классов по вторникам и четвергам после уроков проходят консультации по подготовке к итоговому сочинению (допуску к ЕГЭ). Кабинет литературы.',
      level: 11,
      eventDate: null,
      daysAgo: 8,
      byDirector: false,
    },
  ];
  return [...plans, ...byLevel.filter((n) => n.level !== null && levels.has(n.level))];
}

/** School and level news, published by the director or the deputy, each told to the parents it concerns. */
function planNews(p: Planner): void {
  const { clock, rnd, school } = p;
  const director = [...school.users.values()].find((u) => u.roles.includes('director'));
  const deputy = [...school.users.values()].find((u) => u.roles.includes('deputy')) ?? director;
  if (!director || !deputy) return;
  const parentsOfLevel = new Map<number | null, Set<number>>([[null, new Set()]]);
  for (const [studentId, guardians] of [...school.guardiansOf].sort((a, b) => a[0] - b[0])) {
    const level = school.classOf.get(studentId)!.level;
    if (!parentsOfLevel.has(level)) parentsOfLevel.set(level, new Set());
    for (const g of guardians) {
      parentsOfLevel.get(null)!.add(g);
      parentsOfLevel.get(level)!.add(g);
    }
  }
  for (const plan of newsPlans(p).sort((a, b) => b.daysAgo - a.daysAgo)) {
    // Level news count within their school year only: never before its first day.
    const day = clock.daysAgo(plan.daysAgo);
    const news: DemoNewsRow = {
      id: p.ids.news++,
      title: plan.title,
      body: plan.body,
      scope: plan.level === null ? 'school' : 'level',
      level: plan.level,
      eventDate: plan.eventDate,
      publishedByUserId: plan.byDirector ? director.id : deputy.id,
      publishedAt: clock.at(day, between(rnd, 9 * 60, 13 * 60)),
    };
    p.rows.news.push(news);
    const title = news.eventDate ? `${news.title} (${formatDateRu(news.eventDate)})` : news.title;
    for (const userId of parentsOfLevel.get(plan.level) ?? []) {
      const isRead = day < clock.today && rnd() < 0.6;
      p.rows.notifications.push({
        userId,
        kind: 'news',
        title: `Новость: ${title}`,
        body: news.body.slice(0, 300),
        link: '/news',
        studentId: null,
        dedupKey: `news:${news.id}`,
        createdAt: news.publishedAt,
        readAt: isRead ? clock.plus(news.publishedAt, between(rnd, 30, 30 * 60)) : null,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Absences without a notice

/** The journal's recent Н (the last few days) without a notice, as the journal alerts them: parents and class teacher. */
function planAbsenceAlerts(p: Planner, absences: readonly DemoJournalAbsence[]): void {
  const { clock, rnd, school } = p;
  const since = addDays(clock.today, -4);
  const covered = (a: DemoJournalAbsence) =>
    p.rows.notices.some((n) => n.studentId === a.studentId && n.fromDate <= a.date && a.date <= n.toDate && (n.lessonNumbers === null || (JSON.parse(n.lessonNumbers) as number[]).includes(a.lessonNumber)));
  const byPupil = new Map<number, DemoJournalAbsence[]>();
  for (const a of absences) {
    if (a.code !== 'Н' || a.date < since || a.date > clock.today || !school.guardiansOf.has(a.studentId) || covered(a)) continue;
    byPupil.set(a.studentId, [...(byPupil.get(a.studentId) ?? []), a]);
  }
  for (const [studentId, list] of [...byPupil].sort((a, b) => a[0] - b[0])) {
    const student = school.students.get(studentId)!;
    const cls = school.classOf.get(studentId)!;
    // The latest few: a day away gives one alert per lesson, the feed keeps the newest.
    const latest = [...list].sort((a, b) => (a.date === b.date ? b.lessonNumber - a.lessonNumber : a.date < b.date ? 1 : -1)).slice(0, 4);
    for (const a of latest) {
      const title = `${student.lastName} ${student.firstName} отсутствует на уроке «${a.subjectName}» (${formatDateRu(a.date)}, ${a.lessonNumber}-й урок)`;
      const base = { kind: 'absence', title, studentId, dedupKey: `absence:${a.lessonId}:${studentId}`, createdAt: a.enteredAt };
      const readAt = () => (a.date < clock.today && rnd() < 0.5 ? clock.plus(a.enteredAt, between(rnd, 60, 8 * 60)) : null);
      for (const userId of school.guardiansOf.get(studentId) ?? []) {
        p.rows.notifications.push({
          ...base,
          userId,
          body: 'Если ребёнок отсутствует по уважительной причине, сообщите об этом в дневнике.',
          link: `/diary/${studentId}`,
          readAt: readAt(),
        });
      }
      if (cls.classTeacherUserId !== null) p.rows.notifications.push({ ...base, userId: cls.classTeacherUserId, body: null, link: `/classes/${cls.id}/absences`, readAt: readAt() });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** Everything the demo diary writes, in memory (pure: the same input gives the same rows). */
export function planDemoDiary(input: DemoDiaryPlanInput): { rows: DemoDiaryRows; counts: DemoDiaryCounts } {
  const rows: DemoDiaryRows = { acknowledgements: [], notices: [], conversations: [], messages: [], news: [], notifications: [] };
  const p: Planner = {
    school: schoolOf(input.rows),
    clock: makeClock(input.today, input.nowIso, input.calendar.startDate),
    rnd: input.rnd,
    calendar: input.calendar,
    rows,
    ids: { notice: input.refs.nextIds.notices, conversation: input.refs.nextIds.conversations, message: input.refs.nextIds.messages, news: input.refs.nextIds.news },
  };
  const overdue = planAcknowledgements(p);
  planNotices(p, input.refs.absences);
  const unreadMessages = planConversations(p);
  planNews(p);
  planAbsenceAlerts(p, input.refs.absences);
  // The feed is ordered by id: the notifications go in in the order they happened.
  rows.notifications = rows.notifications
    .map((n, index) => ({ n, index }))
    .sort((a, b) => (a.n.createdAt < b.n.createdAt ? -1 : a.n.createdAt > b.n.createdAt ? 1 : a.index - b.index))
    .map(({ n }) => n);
  return {
    rows,
    counts: {
      acknowledgements: rows.acknowledgements.length,
      overdueAcknowledgements: overdue,
      guardianPairs: [...p.school.guardiansOf.values()].reduce((n, g) => n + g.length, 0),
      notices: rows.notices.length,
      confirmedNotices: rows.notices.filter((n) => n.status === 'confirmed').length,
      pendingNotices: rows.notices.filter((n) => n.status === 'pending').length,
      conversations: rows.conversations.length,
      messages: rows.messages.length,
      unreadMessages,
      news: rows.news.length,
      notifications: rows.notifications.length,
      unreadNotifications: rows.notifications.filter((n: DemoNotificationRow) => n.readAt === null).length,
    },
  };
}

/** Writes the demo diary in the caller's transaction (the school and its journal already written). */
export async function createDemoDiary(trx: Db, input: DemoDiaryInput): Promise<DemoDiaryCounts> {
  const year = await findAcademicYear(trx, input.yearId);
  if (!year) throw new Error(`Нет учебного года №${input.yearId}`);
  const today = input.today > year.end_date ? year.end_date : input.today;
  const [calendar, refs] = await Promise.all([loadCalendar(trx, year), demoDiaryReferences(trx)]);
  const { rows, counts } = planDemoDiary({ rows: input.rows, calendar, refs, today, nowIso: demoNowIso(today, input.now), rnd: input.rnd });
  await insertDemoDiary(trx, rows);
  await recordAudit(trx, { actorUserId: null, action: 'school.demo-diary', entity: 'school', entityId: 1, newValue: counts });
  return counts;
}
