// Who may write to whom (issue 5, item 7): a table of senders, recipients and the expected decision.

import { describe, expect, it } from 'vitest';
import { mayWrite, type Correspondent, type MessagingSender } from '../../src/shared/domain/messaging-policy';
import type { Role } from '../../src/shared/domain/roles';

// Class 7 (pupil 70 in English group 41; pupil 71 in group 42), class 8 (pupil 80).
const person = (userId: number, roles: Role[], extra: Partial<Correspondent> = {}): Correspondent => ({
  userId,
  roles,
  classTeacherOf: [],
  teaches: [],
  children: [],
  ownPlace: null,
  ...extra,
});
const sender = (p: Correspondent): MessagingSender => ({
  ...p,
  teachesClasses: [...new Set(p.teaches.map((t) => t.classId))],
  childStudentIds: p.children.map((c) => c.studentId),
  ownStudentId: p.ownPlace?.studentId ?? null,
});

const pupil70 = { studentId: 70, classId: 7, groupIds: [41] };
const pupil71 = { studentId: 71, classId: 7, groupIds: [42] };
const pupil80 = { studentId: 80, classId: 8, groupIds: [] };

const parent70 = person(1, ['parent'], { children: [pupil70] });
const parent71 = person(2, ['parent'], { children: [pupil71] });
const parent80 = person(3, ['parent'], { children: [pupil80] });
const student70 = person(4, ['student'], { ownPlace: pupil70 });
const student80 = person(5, ['student'], { ownPlace: pupil80 });
const math7 = person(10, ['teacher'], { teaches: [{ classId: 7, subjectId: 3, groupId: null }] });
const english7group41 = person(11, ['teacher'], { teaches: [{ classId: 7, subjectId: 9, groupId: 41 }] });
const english7group42 = person(12, ['teacher'], { teaches: [{ classId: 7, subjectId: 9, groupId: 42 }] });
const math8 = person(13, ['teacher'], { teaches: [{ classId: 8, subjectId: 3, groupId: null }] });
const classTeacher7 = person(14, ['teacher', 'class_teacher'], { classTeacherOf: [7], teaches: [{ classId: 8, subjectId: 5, groupId: null }] });
const director = person(20, ['director']);
const deputy = person(21, ['deputy']);
const admin = person(22, ['admin']);
const teacherParent = person(15, ['teacher', 'parent'], { teaches: [{ classId: 8, subjectId: 4, groupId: null }], children: [pupil70] });

const cases: Array<[string, Correspondent, Correspondent, boolean, RegExp?, number?]> = [
  ['parent -> the child\'s subject teacher', parent70, math7, true],
  ['parent -> the teacher of the child\'s group', parent70, english7group41, true],
  ['parent -> the teacher of another group of the class', parent70, english7group42, false, /не ведёт уроки у вашего ребёнка/],
  ['parent -> the child\'s class teacher', parent70, classTeacher7, true],
  ['parent -> a teacher of another class', parent70, math8, false, /не ведёт уроки у вашего ребёнка/],
  ['parent -> another parent of the class', parent70, parent71, false, /Родители не могут писать другим родителям/],
  ['parent -> a parent of another class', parent70, parent80, false, /Родители не могут писать другим родителям/],
  ['parent -> a pupil', parent70, student80, false, /Родитель может писать учителям/],
  ['parent -> the director', parent70, director, true],
  ['parent -> a deputy', parent70, deputy, true],
  ['parent -> the system administrator', parent70, admin, false, /администрации школы/],
  ['parent -> themselves', parent70, parent70, false, /самому себе/],
  ['pupil -> their teacher', student70, math7, true],
  ['pupil -> their group teacher', student70, english7group41, true],
  ['pupil -> the teacher of another group', student70, english7group42, false, /своим учителям/],
  ['pupil -> their class teacher', student70, classTeacher7, true],
  ['pupil -> a teacher of another class', student70, math8, false, /своим учителям/],
  ['pupil -> another pupil', student70, student80, false, /своим учителям/],
  ['pupil -> a parent', student70, parent71, false, /своим учителям/],
  ['pupil -> the director', student70, director, false, /своим учителям/],
  ['teacher -> a parent of a class they teach', math7, parent71, true],
  ['teacher -> a pupil of a class they teach', math7, student70, true],
  ['teacher -> a parent of another class', math7, parent80, false, /только тех классов/],
  ['teacher -> a pupil of another class', math7, student80, false, /только тех классов/],
  ['group teacher -> a parent of the class (another group)', english7group41, parent71, true],
  ['class teacher -> a parent of their class', classTeacher7, parent70, true],
  ['class teacher -> a parent of a class they teach', classTeacher7, parent80, true],
  ['teacher -> another teacher', math7, math8, true],
  ['teacher -> the director', math7, director, true],
  ['teacher -> the administrator', math7, admin, true],
  ['director -> any parent', director, parent80, true],
  ['deputy -> any pupil', deputy, student80, true],
  ['administrator -> any parent', admin, parent71, true],
  ['director -> a teacher', director, math8, true],
  ['teacher who is a parent -> their child\'s teacher', teacherParent, math7, true],
  ['teacher who is a parent -> a parent of the class they teach', teacherParent, parent80, true],
  ['teacher who is a parent -> another parent of their child\'s class', teacherParent, parent71, false, /только тех классов/],
  ['anyone -> a blocked account', director, { ...parent70, isBlocked: true }, false, /заблокирована/],
  ['parent -> child\'s teacher, about their child', parent70, math7, true, undefined, 70],
  ['parent -> a teacher, about another family\'s child', parent70, math7, false, /только с его родителем/, 71],
  ['teacher -> a parent, about their child', math7, parent71, true, undefined, 71],
  ['teacher -> a parent, about a child of another class', math8, { ...parent80, children: [pupil80, pupil70] }, false, /только тех классов/, 70],
  ['parent with two children -> the teacher of the other child, about this one', { ...parent70, children: [pupil70, pupil80] }, math8, false, /не ведёт уроки у вашего ребёнка/, 70],
];

describe('mayWrite', () => {
  it.each(cases)('%s', (_, from, to, expected, reason, about) => {
    const decision = mayWrite(sender(from), to, about);
    expect(decision.allowed).toBe(expected);
    if (!decision.allowed && reason) expect(decision.reason).toMatch(reason);
  });

  it('every refusal is explained in Russian', () => {
    for (const [, from, to, , , about] of cases) {
      const decision = mayWrite(sender(from), to, about);
      if (!decision.allowed) expect(decision.reason).toMatch(/[А-Яа-яЁё]{3,}/);
    }
  });
});
