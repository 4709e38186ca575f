// Timetable rules: every kind of clash and the split-lesson non-clash, and lessons derived from template,
// calendar and changes, checked against a hand-written week.
import { describe, expect, it } from 'vitest';
import { defaultCalendar, schoolDaysOf } from '../../src/shared/domain/calendar';
import type {
  DerivedLesson,
  SchoolYearCalendar,
  TimetableChange,
  TimetableSlot,
} from '../../src/shared/domain/school-year-types';
import { deriveLessons, findClashes, type Clash, type GroupInfo } from '../../src/shared/domain/timetable-rules';

let nextSlotId = 1;
const slot = (fields: Partial<TimetableSlot>): TimetableSlot => ({
  id: nextSlotId++,
  weekday: 1,
  lessonNumber: 3,
  classId: 1,
  groupId: null,
  subjectId: 1,
  teacherUserId: nextSlotId * 100,
  room: null,
  validFrom: null,
  validTo: null,
  ...fields,
});

const kinds = (clashes: Clash[]): string[] => clashes.map((c) => c.kind);

const GROUPS: GroupInfo[] = [
  { id: 11, classId: 1, memberStudentIds: [1, 2, 3] }, // English, group 1
  { id: 12, classId: 1, memberStudentIds: [4, 5, 6] }, // English, group 2
  { id: 13, classId: 1, memberStudentIds: [3, 4, 7] }, // informatics, cuts across both
  { id: 21, classId: 2, memberStudentIds: [21, 22] },
];

describe('findClashes', () => {
  it('finds a teacher with two lessons at once', () => {
    const a = slot({ classId: 1, teacherUserId: 7 });
    const b = slot({ classId: 2, teacherUserId: 7 });
    expect(findClashes([a, b], GROUPS)).toEqual([
      { kind: 'teacher', slotIds: [a.id, b.id], message: 'Учитель ведёт два урока одновременно: понедельник, 3-й урок' },
    ]);
  });

  it('ignores slots of another lesson number or weekday', () => {
    const a = slot({ teacherUserId: 7, room: '12' });
    const b = slot({ teacherUserId: 7, room: '12', lessonNumber: 4 });
    const c = slot({ teacherUserId: 7, room: '12', weekday: 2 });
    expect(findClashes([a, b, c], GROUPS)).toEqual([]);
  });

  it('ignores slots whose validity ranges do not overlap, and catches a one-day overlap', () => {
    const autumn = slot({ teacherUserId: 7, validTo: '2026-10-31' });
    const winter = slot({ teacherUserId: 7, classId: 2, validFrom: '2026-11-01' });
    expect(findClashes([autumn, winter], GROUPS)).toEqual([]);

    const touching = slot({ teacherUserId: 7, classId: 3, validFrom: '2026-10-31', validTo: '2026-10-31' });
    expect(findClashes([autumn, touching], GROUPS).map((c) => c.slotIds)).toEqual([[autumn.id, touching.id]]);
    expect(findClashes([winter, touching], GROUPS)).toEqual([]);

    const open = slot({ teacherUserId: 7, classId: 4 });
    expect(kinds(findClashes([autumn, open], GROUPS))).toEqual(['teacher']);
    expect(kinds(findClashes([winter, open], GROUPS))).toEqual(['teacher']);
  });

  it('compares rooms trimmed and case-insensitively', () => {
    const a = slot({ classId: 1, room: 'Спортзал ' });
    const b = slot({ classId: 2, room: ' спортзал' });
    const [clash, ...rest] = findClashes([a, b], GROUPS);
    expect(rest).toEqual([]);
    expect(clash).toEqual({
      kind: 'room',
      slotIds: [a.id, b.id],
      message: 'Кабинет «Спортзал» занят двумя уроками одновременно: понедельник, 3-й урок',
    });
    expect(findClashes([slot({ classId: 1, room: '12' }), slot({ classId: 2, room: '12а' })], GROUPS)).toEqual([]);
  });

  it('never lets missing or blank rooms clash', () => {
    expect(findClashes([slot({ classId: 1 }), slot({ classId: 2 })], GROUPS)).toEqual([]);
    expect(findClashes([slot({ classId: 1, room: ' ' }), slot({ classId: 2, room: '' })], GROUPS)).toEqual([]);
  });

  it('reports each slot without a room when roomlessOk is false', () => {
    const withRoom = slot({ classId: 1, room: '12' });
    const without = slot({ classId: 2, room: '  ' });
    expect(findClashes([withRoom, without], GROUPS, false)).toEqual([
      { kind: 'room', slotIds: [without.id, without.id], message: 'Не указан кабинет: понедельник, 3-й урок' },
    ]);
    expect(findClashes([withRoom, without], GROUPS, true)).toEqual([]);
  });

  it('finds a whole class with two lessons at once, but not two different classes', () => {
    const a = slot({ classId: 1 });
    const b = slot({ classId: 1 });
    expect(findClashes([a, b], GROUPS)).toEqual([
      { kind: 'class', slotIds: [a.id, b.id], message: 'У класса два урока одновременно: понедельник, 3-й урок' },
    ]);
    expect(findClashes([slot({ classId: 1 }), slot({ classId: 2 })], GROUPS)).toEqual([]);
  });

  it('finds the same group twice', () => {
    const a = slot({ classId: 1, groupId: 11 });
    const b = slot({ classId: 1, groupId: 11 });
    expect(findClashes([a, b], GROUPS)).toEqual([
      { kind: 'class', slotIds: [a.id, b.id], message: 'У группы два урока одновременно: понедельник, 3-й урок' },
    ]);
  });

  it('finds a group lesson against a whole-class lesson of its class, in either order', () => {
    const group = slot({ classId: 1, groupId: 11 });
    const wholeClass = slot({ classId: 1 });
    const expected: Clash = {
      kind: 'group-vs-class',
      slotIds: [group.id, wholeClass.id],
      message: 'Урок группы совпадает с уроком всего класса: понедельник, 3-й урок',
    };
    expect(findClashes([group, wholeClass], GROUPS)).toEqual([expected]);
    expect(findClashes([wholeClass, group], GROUPS)).toEqual([expected]);
    expect(findClashes([slot({ classId: 2 }), slot({ classId: 1, groupId: 12 })], GROUPS)).toEqual([]);
  });

  it('lets disjoint groups of one class study at the same time: that is a split lesson', () => {
    const english1 = slot({ classId: 1, groupId: 11, room: '21' });
    const english2 = slot({ classId: 1, groupId: 12, room: '22' });
    expect(findClashes([english1, english2], GROUPS)).toEqual([]);
  });

  it('finds two groups sharing a student, counting the shared students', () => {
    const english1 = slot({ classId: 1, groupId: 11 });
    const informatics = slot({ classId: 1, groupId: 13 });
    expect(findClashes([english1, informatics], GROUPS)).toEqual([
      {
        kind: 'student',
        slotIds: [english1.id, informatics.id],
        message: 'Ученики входят в обе группы с одновременными уроками (общих учеников: 1): понедельник, 3-й урок',
      },
    ]);
  });

  it('treats a group missing from the list as having no members', () => {
    expect(findClashes([slot({ classId: 1, groupId: 11 }), slot({ classId: 1, groupId: 99 })], GROUPS)).toEqual([]);
  });

  it('reports every way a duplicated slot clashes', () => {
    const a = slot({ classId: 1, teacherUserId: 7, room: '12' });
    const b = { ...a, id: nextSlotId++ };
    expect(kinds(findClashes([a, b], GROUPS))).toEqual(['teacher', 'room', 'class']);
  });

  it('orders clashes by weekday and lesson, smaller slot id first, with Russian weekday names', () => {
    const saturdayLate = [
      slot({ weekday: 6, lessonNumber: 5, teacherUserId: 8 }),
      slot({ weekday: 6, lessonNumber: 5, classId: 2, teacherUserId: 8 }),
    ];
    const tuesday = [
      slot({ weekday: 2, lessonNumber: 1, teacherUserId: 9 }),
      slot({ weekday: 2, lessonNumber: 1, classId: 2, teacherUserId: 9 }),
    ];
    const saturdayEarly = [
      slot({ weekday: 6, lessonNumber: 2, teacherUserId: 10 }),
      slot({ weekday: 6, lessonNumber: 2, classId: 2, teacherUserId: 10 }),
    ];
    const input = [...saturdayLate, ...tuesday, ...saturdayEarly].reverse();
    const clashes = findClashes(input, GROUPS);
    expect(clashes.map((c) => c.message)).toEqual([
      'Учитель ведёт два урока одновременно: вторник, 1-й урок',
      'Учитель ведёт два урока одновременно: суббота, 2-й урок',
      'Учитель ведёт два урока одновременно: суббота, 5-й урок',
    ]);
    for (const clash of clashes) expect(clash.slotIds[0]).toBeLessThan(clash.slotIds[1]);
  });

  it('returns nothing for an empty timetable', () => {
    expect(findClashes([], [])).toEqual([]);
  });
});

describe('deriveLessons', () => {
  // 2026/2027 by default rules: 2-6 November 2026 is the first week of the 2nd quarter, 4 November a public holiday.
  const base = defaultCalendar(2026);
  const CALENDAR: SchoolYearCalendar = {
    ...base,
    transfers: [{ date: '2026-11-07', kind: 'workday', worksAsWeekday: 1, reason: 'Отработка за 4 ноября' }],
  };
  const CLASS_5A = 51;
  const CLASS_10A = 101;
  const CLASS_LEVELS = new Map([
    [CLASS_10A, 10],
    [CLASS_5A, 5],
  ]);

  const template = (fields: Partial<TimetableSlot> & Pick<TimetableSlot, 'id' | 'weekday' | 'lessonNumber'>): TimetableSlot => ({
    classId: CLASS_5A,
    groupId: null,
    subjectId: 1,
    teacherUserId: 11,
    room: '21',
    validFrom: null,
    validTo: null,
    ...fields,
  });
  const SLOTS: TimetableSlot[] = [
    // Stored shuffled on purpose: output order must not depend on input order.
    template({ id: 4, weekday: 1, lessonNumber: 3, groupId: 502, subjectId: 3, teacherUserId: 14, room: '32' }),
    template({ id: 3, weekday: 1, lessonNumber: 3, groupId: 501, subjectId: 3, teacherUserId: 13, room: '31' }),
    template({ id: 1, weekday: 1, lessonNumber: 1, subjectId: 1, teacherUserId: 11, room: '21' }),
    template({ id: 2, weekday: 1, lessonNumber: 2, subjectId: 2, teacherUserId: 12, room: '22' }),
    template({ id: 5, weekday: 2, lessonNumber: 1, subjectId: 4, teacherUserId: 15, room: '23' }),
    template({ id: 6, weekday: 2, lessonNumber: 2, subjectId: 1, teacherUserId: 11, room: '21' }),
    template({ id: 7, weekday: 3, lessonNumber: 1, subjectId: 1, teacherUserId: 11, room: '21' }),
    template({ id: 8, weekday: 4, lessonNumber: 1, subjectId: 5, teacherUserId: 16, room: 'Спортзал' }),
    template({ id: 9, weekday: 4, lessonNumber: 2, subjectId: 6, teacherUserId: 17, room: '40', validFrom: '2026-11-06' }),
    template({ id: 10, weekday: 5, lessonNumber: 1, subjectId: 7, teacherUserId: 12, room: '22' }),
    template({ id: 11, weekday: 5, lessonNumber: 2, subjectId: 6, teacherUserId: 17, room: '40', validFrom: '2026-11-06' }),
    template({ id: 12, weekday: 5, lessonNumber: 3, subjectId: 8, teacherUserId: 18, room: '24', validTo: '2026-11-05' }),
    template({ id: 13, weekday: 6, lessonNumber: 1, subjectId: 9, teacherUserId: 19, room: '25' }),
    template({ id: 20, weekday: 1, lessonNumber: 1, classId: CLASS_10A, subjectId: 1, teacherUserId: 21, room: '30' }),
  ];
  const CHANGES: TimetableChange[] = [
    { id: 901, date: '2026-11-02', kind: 'cancel', slotId: 2, reason: 'Учитель на курсах' },
    { id: 902, date: '2026-11-03', kind: 'substitute', slotId: 6, teacherUserId: 17, room: null, reason: 'Болезнь' },
    { id: 903, date: '2026-11-06', kind: 'substitute', slotId: 10, teacherUserId: 18, room: '41', reason: 'Болезнь' },
    {
      id: 904,
      date: '2026-11-05',
      kind: 'extra',
      lessonNumber: 3,
      classId: CLASS_5A,
      groupId: null,
      subjectId: 1,
      teacherUserId: 11,
      room: '21',
      reason: 'Консультация',
    },
    // On the public holiday and on Sunday: the calendar says no lessons, so these are ignored.
    {
      id: 905,
      date: '2026-11-04',
      kind: 'extra',
      lessonNumber: 1,
      classId: CLASS_5A,
      groupId: null,
      subjectId: 1,
      teacherUserId: 11,
      room: '21',
      reason: '',
    },
    {
      id: 906,
      date: '2026-11-08',
      kind: 'extra',
      lessonNumber: 1,
      classId: CLASS_5A,
      groupId: null,
      subjectId: 1,
      teacherUserId: 11,
      room: '21',
      reason: '',
    },
    // Slot 1 has no lesson on a Tuesday: ignored.
    { id: 907, date: '2026-11-03', kind: 'cancel', slotId: 1, reason: '' },
    // The worked Saturday follows Monday: a change of a Monday slot on it applies.
    { id: 908, date: '2026-11-07', kind: 'cancel', slotId: 3, reason: '' },
    // Another class, filtered out below.
    {
      id: 909,
      date: '2026-11-02',
      kind: 'extra',
      lessonNumber: 5,
      classId: CLASS_10A,
      groupId: null,
      subjectId: 1,
      teacherUserId: 21,
      room: '30',
      reason: '',
    },
  ];

  const lesson = (
    date: string,
    lessonNumber: number,
    fields: Partial<DerivedLesson> & Pick<DerivedLesson, 'subjectId' | 'teacherUserId' | 'room'>,
  ): DerivedLesson => ({
    date,
    lessonNumber,
    classId: CLASS_5A,
    groupId: null,
    replacedTeacherUserId: null,
    slotId: null,
    changeId: null,
    ...fields,
  });

  it('derives a week with a holiday, a substitution, a cancellation, an extra lesson and a worked Saturday', () => {
    const derived = deriveLessons({
      calendar: CALENDAR,
      classLevels: CLASS_LEVELS,
      slots: SLOTS,
      changes: CHANGES,
      from: '2026-11-02',
      to: '2026-11-08',
      classIds: [CLASS_5A],
    });
    expect(derived).toEqual([
      // Monday: the 2nd lesson is cancelled; the 3rd is split into two English groups.
      lesson('2026-11-02', 1, { subjectId: 1, teacherUserId: 11, room: '21', slotId: 1 }),
      lesson('2026-11-02', 3, { groupId: 501, subjectId: 3, teacherUserId: 13, room: '31', slotId: 3 }),
      lesson('2026-11-02', 3, { groupId: 502, subjectId: 3, teacherUserId: 14, room: '32', slotId: 4 }),
      // Tuesday: a substitute without a room keeps the template's room.
      lesson('2026-11-03', 1, { subjectId: 4, teacherUserId: 15, room: '23', slotId: 5 }),
      lesson('2026-11-03', 2, {
        subjectId: 1,
        teacherUserId: 17,
        replacedTeacherUserId: 11,
        room: '21',
        slotId: 6,
        changeId: 902,
      }),
      // Wednesday 4 November: public holiday, nothing.
      // Thursday: slot 9 is not valid yet; an extra lesson.
      lesson('2026-11-05', 1, { subjectId: 5, teacherUserId: 16, room: 'Спортзал', slotId: 8 }),
      lesson('2026-11-05', 3, { subjectId: 1, teacherUserId: 11, room: '21', changeId: 904 }),
      // Friday: a substitute with another room; slot 11 has started, slot 12 has ended.
      lesson('2026-11-06', 1, {
        subjectId: 7,
        teacherUserId: 18,
        replacedTeacherUserId: 12,
        room: '41',
        slotId: 10,
        changeId: 903,
      }),
      lesson('2026-11-06', 2, { subjectId: 6, teacherUserId: 17, room: '40', slotId: 11 }),
      // Saturday works as Monday: Monday's slots (the cancellation of 2 November does not carry over), not Saturday's.
      lesson('2026-11-07', 1, { subjectId: 1, teacherUserId: 11, room: '21', slotId: 1 }),
      lesson('2026-11-07', 2, { subjectId: 2, teacherUserId: 12, room: '22', slotId: 2 }),
      lesson('2026-11-07', 3, { groupId: 502, subjectId: 3, teacherUserId: 14, room: '32', slotId: 4 }),
      // Sunday: nothing, the extra lesson entered for it is ignored.
    ]);
  });

  it('derives every class in classLevels when classIds is not given, sorted by date, then class', () => {
    const derived = deriveLessons({
      calendar: CALENDAR,
      classLevels: CLASS_LEVELS,
      slots: SLOTS,
      changes: CHANGES,
      from: '2026-11-02',
      to: '2026-11-02',
    });
    expect(derived.map((l) => [l.classId, l.lessonNumber, l.groupId, l.slotId ?? l.changeId])).toEqual([
      [CLASS_5A, 1, null, 1],
      [CLASS_5A, 3, 501, 3],
      [CLASS_5A, 3, 502, 4],
      [CLASS_10A, 1, null, 20],
      [CLASS_10A, 5, null, 909],
    ]);
  });

  it('puts a whole-class extra lesson before the groups of the same lesson number', () => {
    const extra: TimetableChange = {
      id: 950,
      date: '2026-11-02',
      kind: 'extra',
      lessonNumber: 3,
      classId: CLASS_5A,
      groupId: null,
      subjectId: 1,
      teacherUserId: 11,
      room: '21',
      reason: '',
    };
    const derived = deriveLessons({
      calendar: CALENDAR,
      classLevels: CLASS_LEVELS,
      slots: SLOTS,
      changes: [extra],
      from: '2026-11-02',
      to: '2026-11-02',
      classIds: [CLASS_5A],
    });
    expect(derived.map((l) => [l.lessonNumber, l.groupId, l.slotId, l.changeId])).toEqual([
      [1, null, 1, null],
      [2, null, 2, null],
      [3, null, null, 950],
      [3, 501, 3, null],
      [3, 502, 4, null],
    ]);
  });

  it('lets a cancellation win over a substitution, and the later of two substitutions win', () => {
    const changes: TimetableChange[] = [
      { id: 3, date: '2026-11-02', kind: 'substitute', slotId: 1, teacherUserId: 30, room: null, reason: '' },
      { id: 2, date: '2026-11-02', kind: 'cancel', slotId: 1, reason: '' },
      { id: 6, date: '2026-11-02', kind: 'substitute', slotId: 2, teacherUserId: 32, room: null, reason: '' },
      { id: 5, date: '2026-11-02', kind: 'substitute', slotId: 2, teacherUserId: 31, room: null, reason: '' },
    ];
    const derived = deriveLessons({
      calendar: CALENDAR,
      classLevels: CLASS_LEVELS,
      slots: SLOTS,
      changes,
      from: '2026-11-02',
      to: '2026-11-02',
      classIds: [CLASS_5A],
    });
    expect(derived.map((l) => [l.slotId, l.teacherUserId, l.changeId])).toEqual([
      [2, 32, 6],
      [3, 13, null],
      [4, 14, null],
    ]);
  });

  it('leaves replacedTeacherUserId empty when a change only moves the lesson to another room', () => {
    const changes: TimetableChange[] = [
      { id: 1, date: '2026-11-02', kind: 'substitute', slotId: 1, teacherUserId: 11, room: '50', reason: '' },
    ];
    const [first] = deriveLessons({
      calendar: CALENDAR,
      classLevels: CLASS_LEVELS,
      slots: SLOTS,
      changes,
      from: '2026-11-02',
      to: '2026-11-02',
      classIds: [CLASS_5A],
    });
    expect(first).toMatchObject({ slotId: 1, teacherUserId: 11, replacedTeacherUserId: null, room: '50', changeId: 1 });
  });

  it('has no lessons outside the year, in vacations, or for a reversed range', () => {
    const derive = (from: string, to: string): DerivedLesson[] =>
      deriveLessons({ calendar: CALENDAR, classLevels: CLASS_LEVELS, slots: SLOTS, changes: [], from, to });
    expect(derive('2026-08-24', '2026-08-31')).toEqual([]);
    expect(derive('2026-10-24', '2026-11-01')).toEqual([]);
    expect(derive('2027-06-01', '2027-06-30')).toEqual([]);
    expect(derive('2026-11-03', '2026-11-02')).toEqual([]);
    // A range starting before the year is clamped to it: 1 September 2026 is a Tuesday.
    expect(derive('2026-08-01', '2026-09-01').map((l) => [l.date, l.slotId])).toEqual([
      ['2026-09-01', 5],
      ['2026-09-01', 6],
    ]);
  });

  it('gives a 6-day level its Saturday slots and a 5-day level none', () => {
    const saturday = [
      template({ id: 70, weekday: 6, lessonNumber: 1, classId: CLASS_10A }),
      template({ id: 71, weekday: 6, lessonNumber: 1 }),
    ];
    const calendar: SchoolYearCalendar = {
      ...CALENDAR,
      levels: CALENDAR.levels.map((l) => (l.level === 10 ? { ...l, daysPerWeek: 6 } : l)),
    };
    const derived = deriveLessons({
      calendar,
      classLevels: CLASS_LEVELS,
      slots: saturday,
      changes: [],
      from: '2026-11-14',
      to: '2026-11-14',
    });
    expect(derived.map((l) => [l.classId, l.slotId])).toEqual([[CLASS_10A, 70]]);
  });

  it('gives no lessons to classes missing from classLevels', () => {
    const derived = deriveLessons({
      calendar: CALENDAR,
      classLevels: CLASS_LEVELS,
      slots: SLOTS,
      changes: [],
      from: '2026-11-02',
      to: '2026-11-02',
      classIds: [999],
    });
    expect(derived).toEqual([]);
  });

  it('throws when a class level has no settings in the calendar', () => {
    const calendar: SchoolYearCalendar = { ...CALENDAR, levels: CALENDAR.levels.filter((l) => l.level !== 5) };
    expect(() =>
      deriveLessons({ calendar, classLevels: CLASS_LEVELS, slots: SLOTS, changes: [], from: '2026-11-02', to: '2026-11-02' }),
    ).toThrow(/параллели 5/);
  });

  it('rejects wrong dates', () => {
    expect(() =>
      deriveLessons({
        calendar: CALENDAR,
        classLevels: CLASS_LEVELS,
        slots: SLOTS,
        changes: [],
        from: '2026-02-30',
        to: '2026-11-02',
      }),
    ).toThrow(/Неверная дата/);
  });

  it('matches the school days of the calendar over a whole year', () => {
    const steadySlots = SLOTS.filter((s) => s.classId === CLASS_5A && s.validFrom === null && s.validTo === null);
    const perWeekday = new Map<number, number>();
    for (const s of steadySlots) perWeekday.set(s.weekday, (perWeekday.get(s.weekday) ?? 0) + 1);
    const derived = deriveLessons({
      calendar: CALENDAR,
      classLevels: CLASS_LEVELS,
      slots: steadySlots,
      changes: [],
      from: CALENDAR.startDate,
      to: CALENDAR.endDate,
    });
    const expectedCount = schoolDaysOf(CALENDAR, 5).reduce((sum, day) => sum + (perWeekday.get(day.weekday) ?? 0), 0);
    expect(derived).toHaveLength(expectedCount);
    const dates = derived.map((l) => l.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(schoolDaysOf(CALENDAR, 5).length);
  });
});
