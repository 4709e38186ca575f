// Pure timetable rules: clashes between weekly slots (a teacher, room, class or student in two places at once),
// and the concrete lessons of a date range derived from the template, the calendar and dated changes.
import { datesBetween, isValidDate, timetableWeekdayResolver, weekdayName } from './calendar';
import type { DerivedLesson, SchoolYearCalendar, TimetableChange, TimetableSlot } from './school-year-types';

/** A subgroup of a class with its members, as far as clash checks need it. */
export interface GroupInfo {
  id: number;
  classId: number;
  memberStudentIds: readonly number[];
}

export type ClashKind = 'teacher' | 'room' | 'class' | 'student' | 'group-vs-class';

export interface Clash {
  kind: ClashKind;
  /**
   * The two slots in conflict, smaller id first. A missing room (reported only when roomlessOk is false)
   * concerns one slot, so both ids are that slot.
   */
  slotIds: [number, number];
  message: string;
}

function whenText(slot: TimetableSlot): string {
  return `${weekdayName(slot.weekday)}, ${slot.lessonNumber}-й урок`;
}

function validityOverlaps(a: TimetableSlot, b: TimetableSlot): boolean {
  const aStartsBeforeBEnds = a.validFrom === null || b.validTo === null || a.validFrom <= b.validTo;
  const bStartsBeforeAEnds = b.validFrom === null || a.validTo === null || b.validFrom <= a.validTo;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/** Rooms are typed by hand ('12', ' 12 ', 'Спортзал' / 'спортзал'); a blank room is no room. */
function normalizedRoom(room: string | null): string | null {
  const trimmed = room?.trim() ?? '';
  return trimmed === '' ? null : trimmed.toLowerCase();
}

function countShared(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  const [smaller, larger] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const id of smaller) if (larger.has(id)) shared++;
  return shared;
}

/**
 * Clashes between weekly slots. Two slots can clash only on the same weekday and lesson number with
 * overlapping validity ranges (null = open end). Kinds:
 * - 'teacher': the same teacher;
 * - 'room': the same room (trimmed, case-insensitive); with roomlessOk = false also every slot without a room;
 * - 'class': the same class twice as a whole, or the same group twice;
 * - 'group-vs-class': a group lesson at the same time as a whole-class lesson of its class;
 * - 'student': two different groups sharing a student. Disjoint groups of one class at the same time are how
 *   split lessons work, so they are fine. A group missing from `groups` counts as having no members: nothing
 *   can be proven about it. Groups of different classes are checked too, since a student cannot be in two places.
 * A pair may clash in several ways (a duplicated slot clashes by teacher, room and class); each is reported.
 * Ordered by weekday, lesson number, then slot ids.
 */
export function findClashes(slots: readonly TimetableSlot[], groups: readonly GroupInfo[], roomlessOk = true): Clash[] {
  const membersByGroup = new Map<number, ReadonlySet<number>>();
  for (const group of groups) membersByGroup.set(group.id, new Set(group.memberStudentIds));
  const noMembers: ReadonlySet<number> = new Set();

  const byTime = new Map<string, TimetableSlot[]>();
  for (const slot of slots) {
    const key = `${slot.weekday}:${slot.lessonNumber}`;
    const bucket = byTime.get(key);
    if (bucket) bucket.push(slot);
    else byTime.set(key, [slot]);
  }
  const buckets = [...byTime.values()]
    .map((bucket) => bucket.sort((a, b) => a.id - b.id))
    .sort((x, y) => {
      const a = x[0];
      const b = y[0];
      if (!a || !b) return 0;
      return a.weekday - b.weekday || a.lessonNumber - b.lessonNumber;
    });

  // Rooms are normalized once per slot, not once per pair: a big school has ~1,000 pairs per lesson time.
  const roomOf = new Map<number, string | null>();
  for (const slot of slots) roomOf.set(slot.id, normalizedRoom(slot.room));

  const clashes: Clash[] = [];
  for (const bucket of buckets) {
    for (let j = 0; j < bucket.length; j++) {
      const second = bucket[j];
      if (!second) continue;
      const secondRoom = roomOf.get(second.id) ?? null;
      if (!roomlessOk && secondRoom === null) {
        clashes.push({ kind: 'room', slotIds: [second.id, second.id], message: `Не указан кабинет: ${whenText(second)}` });
      }
      for (let i = 0; i < j; i++) {
        const first = bucket[i];
        if (!first || !validityOverlaps(first, second)) continue;
        const found: Array<[ClashKind, string]> = [];

        if (first.teacherUserId === second.teacherUserId) found.push(['teacher', 'Учитель ведёт два урока одновременно']);
        if (secondRoom !== null && secondRoom === roomOf.get(first.id)) {
          found.push(['room', `Кабинет «${first.room?.trim() ?? ''}» занят двумя уроками одновременно`]);
        }
        if (first.groupId === null && second.groupId === null) {
          if (first.classId === second.classId) found.push(['class', 'У класса два урока одновременно']);
        } else if (first.groupId === null || second.groupId === null) {
          if (first.classId === second.classId) found.push(['group-vs-class', 'Урок группы совпадает с уроком всего класса']);
        } else if (first.groupId === second.groupId) {
          found.push(['class', 'У группы два урока одновременно']);
        } else {
          const shared = countShared(
            membersByGroup.get(first.groupId) ?? noMembers,
            membersByGroup.get(second.groupId) ?? noMembers,
          );
          if (shared > 0)
            found.push(['student', `Ученики входят в обе группы с одновременными уроками (общих учеников: ${shared})`]);
        }

        for (const [kind, what] of found) {
          clashes.push({ kind, slotIds: [first.id, second.id], message: `${what}: ${whenText(first)}` });
        }
      }
    }
  }
  return clashes;
}

// ---------------------------------------------------------------------------------------------------------------
// Derived lessons

export interface DeriveLessonsInput {
  calendar: SchoolYearCalendar;
  /** Class id -> class level (1..11). Classes missing here get no lessons. */
  classLevels: ReadonlyMap<number, number>;
  slots: readonly TimetableSlot[];
  changes: readonly TimetableChange[];
  /** Inclusive date range; parts outside the school year have no lessons. */
  from: string;
  to: string;
  /** Only these classes (default: every class of classLevels). */
  classIds?: readonly number[];
}

type SubstituteChange = Extract<TimetableChange, { kind: 'substitute' }>;
type ExtraChange = Extract<TimetableChange, { kind: 'extra' }>;

interface ChangesOfDate {
  cancelledSlotIds: Set<number>;
  substituteBySlotId: Map<number, SubstituteChange>;
  extrasByClassId: Map<number, ExtraChange[]>;
}

function compareLessons(a: DerivedLesson, b: DerivedLesson): number {
  if (a.lessonNumber !== b.lessonNumber) return a.lessonNumber - b.lessonNumber;
  if (a.groupId !== b.groupId) {
    if (a.groupId === null) return -1;
    if (b.groupId === null) return 1;
    return a.groupId - b.groupId;
  }
  // Template lessons before extra ones, then by id, so equal keys still come out in a stable order.
  if (a.slotId !== b.slotId) {
    if (a.slotId === null) return 1;
    if (b.slotId === null) return -1;
    return a.slotId - b.slotId;
  }
  return (a.changeId ?? 0) - (b.changeId ?? 0);
}

function compareSlots(a: TimetableSlot, b: TimetableSlot): number {
  if (a.lessonNumber !== b.lessonNumber) return a.lessonNumber - b.lessonNumber;
  if (a.groupId !== b.groupId) {
    if (a.groupId === null) return -1;
    if (b.groupId === null) return 1;
    return a.groupId - b.groupId;
  }
  return a.id - b.id;
}

function indexChangesByDate(changes: readonly TimetableChange[], first: string, last: string): Map<string, ChangesOfDate> {
  const byDate = new Map<string, ChangesOfDate>();
  for (const change of changes) {
    if (change.date < first || change.date > last) continue;
    let ofDate = byDate.get(change.date);
    if (!ofDate) {
      ofDate = { cancelledSlotIds: new Set(), substituteBySlotId: new Map(), extrasByClassId: new Map() };
      byDate.set(change.date, ofDate);
    }
    if (change.kind === 'cancel') {
      ofDate.cancelledSlotIds.add(change.slotId);
    } else if (change.kind === 'substitute') {
      // Two substitutions of one lesson: the later entry (higher id) is the one in force.
      const existing = ofDate.substituteBySlotId.get(change.slotId);
      if (!existing || existing.id < change.id) ofDate.substituteBySlotId.set(change.slotId, change);
    } else {
      const extras = ofDate.extrasByClassId.get(change.classId);
      if (extras) extras.push(change);
      else ofDate.extrasByClassId.set(change.classId, [change]);
    }
  }
  return byDate;
}

function isValidOn(slot: TimetableSlot, date: string): boolean {
  return (slot.validFrom === null || slot.validFrom <= date) && (slot.validTo === null || date <= slot.validTo);
}

/**
 * The concrete lessons of every date in [from, to] for the classes: on a date whose timetable weekday
 * (timetableWeekdayOf) is w, the class's slots of weekday w valid on that date; then that date's changes:
 * - 'cancel' removes the slot's lesson (and wins over a substitution of the same lesson);
 * - 'substitute' puts the substitute teacher on it (replacedTeacherUserId = the template's teacher, or null when
 *   only the room changes) and its room when one is given;
 * - 'extra' adds a lesson, but only on a school day of the class's level: a lesson on a holiday or a weekend
 *   would contradict the calendar, so such an entry is ignored (the calendar needs a 'workday' transfer first).
 * Changes pointing at a slot without a lesson that date are ignored.
 * Sorted by date, class id, lesson number, group id (whole class first).
 *
 * Built for a whole school year at once (~230,000 lessons): the timetable weekday is computed once per level
 * and date, slots are indexed by class and weekday, changes by date, and output is produced already in order.
 * Throws (levelSettingsOf) if a class's level has no settings in the calendar.
 */
export function deriveLessons(input: DeriveLessonsInput): DerivedLesson[] {
  const { calendar, classLevels, slots, changes, from, to } = input;
  for (const date of [from, to]) {
    if (!isValidDate(date)) throw new Error(`Неверная дата «${date}»: ожидается существующая дата в формате ГГГГ-ММ-ДД`);
  }
  const first = from < calendar.startDate ? calendar.startDate : from;
  const last = to > calendar.endDate ? calendar.endDate : to;
  if (first > last) return [];
  const dates = datesBetween(first, last);

  const wanted = input.classIds ? new Set(input.classIds) : null;
  const weekdaysByLevel = new Map<number, Array<number | null>>();
  const classes: Array<{ classId: number; weekdays: Array<number | null>; slotsByWeekday: TimetableSlot[][] }> = [];
  const classById = new Map<number, (typeof classes)[number]>();
  for (const [classId, level] of [...classLevels].sort(([a], [b]) => a - b)) {
    if (wanted && !wanted.has(classId)) continue;
    let weekdays = weekdaysByLevel.get(level);
    if (!weekdays) {
      const resolve = timetableWeekdayResolver(calendar, level);
      weekdays = dates.map(resolve);
      weekdaysByLevel.set(level, weekdays);
    }
    // Index 0..7 so a weekday number is its own index; index 0 stays empty.
    const entry = { classId, weekdays, slotsByWeekday: Array.from({ length: 8 }, (): TimetableSlot[] => []) };
    classes.push(entry);
    classById.set(classId, entry);
  }
  for (const slot of slots) classById.get(slot.classId)?.slotsByWeekday[slot.weekday]?.push(slot);
  for (const entry of classes) for (const daySlots of entry.slotsByWeekday) daySlots.sort(compareSlots);

  const changesByDate = indexChangesByDate(changes, first, last);
  const lessons: DerivedLesson[] = [];
  for (const [dateIndex, date] of dates.entries()) {
    const ofDate = changesByDate.get(date);
    for (const { classId, weekdays, slotsByWeekday } of classes) {
      const weekday = weekdays[dateIndex];
      if (weekday === null || weekday === undefined) continue;
      const firstOfClassDay = lessons.length;
      for (const slot of slotsByWeekday[weekday] ?? []) {
        if (!isValidOn(slot, date)) continue;
        if (ofDate?.cancelledSlotIds.has(slot.id)) continue;
        const substitute = ofDate?.substituteBySlotId.get(slot.id);
        lessons.push({
          date,
          lessonNumber: slot.lessonNumber,
          classId,
          groupId: slot.groupId,
          subjectId: slot.subjectId,
          teacherUserId: substitute ? substitute.teacherUserId : slot.teacherUserId,
          replacedTeacherUserId: substitute && substitute.teacherUserId !== slot.teacherUserId ? slot.teacherUserId : null,
          room: substitute?.room ?? slot.room,
          slotId: slot.id,
          changeId: substitute ? substitute.id : null,
        });
      }
      const extras = ofDate?.extrasByClassId.get(classId);
      if (!extras) continue;
      for (const extra of extras) {
        lessons.push({
          date,
          lessonNumber: extra.lessonNumber,
          classId,
          groupId: extra.groupId,
          subjectId: extra.subjectId,
          teacherUserId: extra.teacherUserId,
          replacedTeacherUserId: null,
          room: extra.room,
          slotId: null,
          changeId: extra.id,
        });
      }
      // Only a class-day with extra lessons can be out of order; sort just that short stretch.
      const classDay = lessons.splice(firstOfClassDay).sort(compareLessons);
      for (const lesson of classDay) lessons.push(lesson);
    }
  }
  return lessons;
}
