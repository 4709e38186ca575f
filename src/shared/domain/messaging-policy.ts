// Who may write to whom (issue 5, item 7; regulation 3.3, 3.4, 3.7). Pure facts in, decision out, like
// permissions.ts: the server loads the facts (roles, teaching, class teachership, where the children study now)
// and asks here, so the rule is the same for starting a conversation and for the list of possible recipients.
//
//   parent  -> the teachers of their child (the current class's teaching assignments, group teachers of the
//              child's groups), the child's class teacher, the administration (director, deputies);
//              never other parents or pupils;
//   pupil   -> their teachers and their class teacher;
//   teacher -> parents and pupils of the classes they teach or lead, and any member of staff;
//   staff   -> staff;
//   admin, director, deputy -> anyone.

import type { Actor, Decision, TeachingScope } from './permissions';
import { STAFF_ROLES, type Role } from './roles';

/** Where a pupil studies now: their current class and their groups in it. */
export interface PupilPlace {
  studentId: number;
  classId: number;
  groupIds: readonly number[];
}

/** One side of a conversation, as far as the rule needs it. */
export interface Correspondent {
  userId: number;
  roles: readonly Role[];
  /** Classes of the current school year this person leads as class teacher. */
  classTeacherOf: readonly number[];
  /** Teaching assignments of the current year (whole class or one group), including group teacherships. */
  teaches: readonly TeachingScope[];
  /** Children of a guardian, where they study now (a child not enrolled anywhere is left out). */
  children: readonly PupilPlace[];
  /** Where this person studies now, when they are a pupil. */
  ownPlace: PupilPlace | null;
  /** A blocked account receives nothing. */
  isBlocked?: boolean;
}

/** The sender: the request's actor plus the facts above. */
export type MessagingSender = Actor & Pick<Correspondent, 'children' | 'ownPlace'>;

/** Who answers parents' letters for the school (3.2, 3.6). */
export const ADMINISTRATION_ROLES: readonly Role[] = ['director', 'deputy'];
/** May write to anyone in the school. */
const WRITES_TO_ANYONE: readonly Role[] = ['admin', 'director', 'deputy'];
const TEACHING_ROLES: readonly Role[] = ['teacher', 'class_teacher'];

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

const has = (person: { roles: readonly Role[] }, roles: readonly Role[]) => person.roles.some((r) => roles.includes(r));

/** Does `teacher` teach the pupil at `place` (a whole-class assignment, or one of the pupil's groups)? */
export function teachesPupil(teacher: Pick<Correspondent, 'roles' | 'teaches'>, place: PupilPlace): boolean {
  if (!has(teacher, TEACHING_ROLES)) return false;
  return teacher.teaches.some((t) => t.classId === place.classId && (t.groupId === null || place.groupIds.includes(t.groupId)));
}

/** Is `teacher` the class teacher of the pupil at `place`? */
export function leadsPupil(teacher: Pick<Correspondent, 'roles' | 'classTeacherOf'>, place: PupilPlace): boolean {
  return teacher.roles.includes('class_teacher') && teacher.classTeacherOf.includes(place.classId);
}

/** Classes whose parents and pupils this member of staff may write to: taught or led. */
function classesOf(person: Pick<Correspondent, 'roles' | 'classTeacherOf' | 'teaches'>): Set<number> {
  const classes = new Set<number>();
  if (has(person, TEACHING_ROLES)) for (const t of person.teaches) classes.add(t.classId);
  if (person.roles.includes('class_teacher')) for (const c of person.classTeacherOf) classes.add(c);
  return classes;
}

const PARENT_RULE = 'Родитель может писать учителям своего ребёнка, его классному руководителю и администрации школы';
const STUDENT_RULE = 'Обучающийся может писать своим учителям и классному руководителю';
const TEACHER_RULE = 'Учитель может писать родителям и обучающимся только тех классов, где ведёт уроки или классное руководство';

/**
 * May `sender` start a conversation with `recipient`? `aboutStudentId`: the pupil the conversation is about; then
 * the pupil must be the child (or the person) of one side, and only that pupil's ties count.
 */
export function mayWrite(sender: MessagingSender | Correspondent, recipient: Correspondent, aboutStudentId?: number | null): Decision {
  if (sender.userId === recipient.userId) return deny('Нельзя написать сообщение самому себе');
  if (recipient.isBlocked) return deny('Учётная запись получателя заблокирована: сообщение ему не доставить');

  const about = aboutStudentId ?? null;
  const only = (places: readonly PupilPlace[]) => (about === null ? places : places.filter((p) => p.studentId === about));
  if (about !== null) {
    const pupils = [sender.children, recipient.children, sender.ownPlace ? [sender.ownPlace] : [], recipient.ownPlace ? [recipient.ownPlace] : []].flat();
    if (!pupils.some((p) => p.studentId === about)) {
      return deny('Переписка об обучающемся возможна только с его родителем или с ним самим');
    }
  }
  const senderChildren = only(sender.children);
  const senderOwn = sender.ownPlace && (about === null || sender.ownPlace.studentId === about) ? sender.ownPlace : null;
  const recipientChildren = only(recipient.children);
  const recipientOwn = recipient.ownPlace && (about === null || recipient.ownPlace.studentId === about) ? recipient.ownPlace : null;

  // The leadership writes to anyone (3.2, 3.6).
  if (has(sender, WRITES_TO_ANYONE)) return ALLOW;

  const reasons: string[] = [];

  if (has(sender, TEACHING_ROLES)) {
    if (has(recipient, STAFF_ROLES)) return ALLOW;
    const mine = classesOf(sender);
    if (recipientChildren.some((c) => mine.has(c.classId))) return ALLOW;
    if (recipientOwn && mine.has(recipientOwn.classId)) return ALLOW;
    reasons.push(TEACHER_RULE);
  }

  if (sender.roles.includes('parent')) {
    if (has(recipient, ADMINISTRATION_ROLES)) return ALLOW;
    if (senderChildren.some((c) => teachesPupil(recipient, c) || leadsPupil(recipient, c))) return ALLOW;
    if (has(recipient, TEACHING_ROLES)) reasons.push(`Этот учитель не ведёт уроки у вашего ребёнка и не его классный руководитель. ${PARENT_RULE}`);
    else if (recipient.roles.includes('parent')) reasons.push(`Родители не могут писать другим родителям. ${PARENT_RULE}`);
    else reasons.push(PARENT_RULE);
  }

  if (sender.roles.includes('student')) {
    if (senderOwn && (teachesPupil(recipient, senderOwn) || leadsPupil(recipient, senderOwn))) return ALLOW;
    reasons.push(STUDENT_RULE);
  }

  return deny(reasons[0] ?? 'Писать сообщения этому пользователю нельзя');
}
