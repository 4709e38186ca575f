// The one policy module: every server route names a permission from here, and the
// decision is made against the actor's roles *and* the resource (this class, this child).
// Pure data in, decision out, so that it can be tested exhaustively.

import type { Role } from './roles';

export const PERMISSIONS = {
  /** No login needed (health, first-run setup, login). Stated explicitly, never implied. */
  public: 'Без входа',
  /** Any signed-in user acting on their own account. */
  session: 'Своя учётная запись',
  'users.manage': 'Управление пользователями',
  'settings.manage': 'Параметры системы',
  'audit.read': 'Просмотр журнала изменений',
  'audit.verify': 'Проверка целостности журнала изменений',
  'school.read': 'Просмотр структуры школы',
  'school.manage': 'Ведение структуры школы: справочники, календарь, классы, учебный план, нагрузка, расписание',
  'class.read': 'Просмотр страниц класса',
  'class.checkList': 'Подтверждение списка класса',
  'class.activationCodes': 'Коды активации для родителей класса',
  'class.lead': 'Классное руководство: сообщения о пропусках и напоминания родителям класса',
  'diary.parent': 'Действия родителя в дневнике ребёнка: «Ознакомлен», сообщение о пропуске',
  'student.read': 'Просмотр данных обучающегося',
  'student.editCard': 'Ведение карточки обучающегося: родители, контакты, согласия',
  'journal.read': 'Просмотр страницы журнала: предмет в классе или группе',
  'journal.edit': 'Ведение страницы журнала: темы, домашние задания, отметки, посещаемость',
  'journal.unlock': 'Разблокировка записей журнала после срока или в закрытом периоде',
  'journal.control': 'Контроль ведения журнала',
  'control.note': 'Замечания учителю по ведению журнала',
  'attendance.setReason': 'Причины пропусков обучающихся класса',
  'workProgram.edit': 'Рабочие программы и тематическое планирование',
  'news.publish': 'Публикация новостей и объявлений',
  'statements.print': 'Сводные ведомости итоговых отметок: формирование и печать',
  'statements.sign': 'Отметка о подписании сводной ведомости директором и месте хранения бумажного экземпляра',
  'statements.read': 'Реестр распечатанных сводных ведомостей и сроки их хранения',
  'archive.manage': 'Внешние диски и архив журнала за учебный год: запись и проверка',
  'archive.read': 'Архивы журнала: список, сроки хранения, просмотр архива прошлого года',
  'backup.manage': 'Резервные копии базы данных: расписание, хранение, восстановление',
} as const;

export type Permission = keyof typeof PERMISSIONS;

/** Permissions that are only meaningful against a concrete resource. */
export const RESOURCE_PERMISSIONS = {
  'class.read': 'class',
  'class.checkList': 'class',
  'class.activationCodes': 'class',
  'class.lead': 'class',
  'diary.parent': 'student',
  'student.read': 'student',
  'student.editCard': 'student',
  'journal.read': 'journal',
  'journal.edit': 'journal',
  'attendance.setReason': 'class',
} as const satisfies Partial<Record<Permission, Resource['kind']>>;

export type ResourcePermission = keyof typeof RESOURCE_PERMISSIONS;

export function isResourcePermission(p: Permission): p is ResourcePermission {
  return p in RESOURCE_PERMISSIONS;
}

/** What the server knows about the signed-in person, loaded once per request. */
export interface Actor {
  userId: number;
  roles: readonly Role[];
  /** Classes whose class teacher this person is (3.3). */
  classTeacherOf: readonly number[];
  /** Classes in which this person teaches at least one subject (3.4). */
  teachesClasses: readonly number[];
  /** The journals this person teaches: the subject in the class, or in one group of it (3.4). */
  teaches: readonly TeachingScope[];
  /** Students whose guardian this person is (3.7). */
  childStudentIds: readonly number[];
  /** The student record of this person, when they are a student (3.7). */
  ownStudentId: number | null;
}

export interface TeachingScope {
  classId: number;
  subjectId: number;
  /** null: the whole class. */
  groupId: number | null;
}

export type Resource =
  | { kind: 'class'; classId: number }
  | ({ kind: 'journal' } & TeachingScope)
  | { kind: 'student'; studentId: number; classIds: readonly number[] };

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/** Roles that see every page of the journal (3.2, 3.5, 3.6). */
export const SEES_EVERYTHING: readonly Role[] = ['admin', 'director', 'deputy'];

const ROLE_GRANTS: Record<Exclude<Permission, 'public' | 'session' | ResourcePermission>, readonly Role[]> = {
  'users.manage': ['admin'],
  'settings.manage': ['admin'],
  'audit.read': ['admin', 'director', 'deputy'],
  'audit.verify': ['admin', 'director', 'deputy'],
  'school.read': ['admin', 'director', 'deputy', 'teacher', 'class_teacher'],
  'school.manage': ['admin'],
  // Deputies control the journal and unlock it with a reason (3.5); the administrator may too (3.2).
  'journal.unlock': ['deputy', 'admin'],
  'journal.control': ['admin', 'director', 'deputy'],
  'control.note': ['deputy'],
  'workProgram.edit': ['teacher'],
  'news.publish': ['admin', 'director', 'deputy'],
  // The administrator forms and prints the summary statements and the archive (3.2); the director only views
  // the journal, signs the printed statements and keeps the archives safe (3.6); deputies see the registry
  // and the statements (preview) as part of their control (3.5).
  'statements.print': ['admin'],
  'statements.sign': ['director'],
  'statements.read': ['admin', 'director', 'deputy'],
  'archive.manage': ['admin'],
  'archive.read': ['admin', 'director'],
  'backup.manage': ['admin'],
};

/** Who holds a resource permission on every resource of its kind. Director and deputies read, never write. */
const RESOURCE_GRANTED_TO_ALL: Record<ResourcePermission, readonly Role[]> = {
  'class.read': SEES_EVERYTHING,
  'student.read': SEES_EVERYTHING,
  'class.checkList': ['admin'],
  'class.activationCodes': ['admin'],
  'class.lead': [],
  // Only the child's own parent acknowledges the diary or reports an absence (3.7).
  'diary.parent': [],
  'student.editCard': ['admin'],
  'journal.read': SEES_EVERYTHING,
  // Nobody edits a teacher's page for them: the director and deputies only read it (3.5, 3.6).
  'journal.edit': [],
  // Reasons of absence are the class teacher's (3.3).
  'attendance.setReason': [],
};

function hasAny(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/**
 * Decide whether `actor` (null = anonymous) may use `permission` on `resource`.
 * Resource permissions without a resource are denied: a route must say what it touches.
 */
export function decide(actor: Actor | null, permission: Permission, resource?: Resource): Decision {
  if (permission === 'public') return ALLOW;
  if (!actor) return deny('Требуется вход в систему');
  if (permission === 'session') return ALLOW;

  if (!isResourcePermission(permission)) {
    return hasAny(actor, ROLE_GRANTS[permission]) ? ALLOW : deny('Недостаточно прав');
  }

  if (!resource || resource.kind !== RESOURCE_PERMISSIONS[permission]) {
    return deny('Не указан объект проверки прав');
  }
  if (hasAny(actor, RESOURCE_GRANTED_TO_ALL[permission])) return ALLOW;

  if (permission === 'class.checkList' && resource.kind === 'class') {
    // The class list is checked by its own class teacher (3.3).
    return actor.roles.includes('class_teacher') && actor.classTeacherOf.includes(resource.classId) ? ALLOW : deny('Список класса подтверждает его классный руководитель');
  }
  if (permission === 'class.lead' && resource.kind === 'class') {
    return actor.roles.includes('class_teacher') && actor.classTeacherOf.includes(resource.classId) ? ALLOW : deny('Это делает классный руководитель класса');
  }
  if (permission === 'diary.parent' && resource.kind === 'student') {
    return actor.roles.includes('parent') && actor.childStudentIds.includes(resource.studentId) ? ALLOW : deny('Это делает родитель (законный представитель) обучающегося');
  }
  if (permission === 'class.activationCodes' && resource.kind === 'class') {
    // Parents of the class get their activation codes from its class teacher (3.3).
    return actor.roles.includes('class_teacher') && actor.classTeacherOf.includes(resource.classId) ? ALLOW : deny('Коды активации для родителей выдаёт классный руководитель');
  }
  if (permission === 'student.editCard' && resource.kind === 'student') {
    // The class teacher keeps the cards of their own class (3.3); subject teachers only read them.
    return actor.roles.includes('class_teacher') && resource.classIds.some((id) => actor.classTeacherOf.includes(id))
      ? ALLOW
      : deny('Карточку обучающегося ведёт классный руководитель');
  }
  if (permission === 'attendance.setReason' && resource.kind === 'class') {
    return actor.roles.includes('class_teacher') && actor.classTeacherOf.includes(resource.classId)
      ? ALLOW
      : deny('Причины пропусков отмечает классный руководитель');
  }
  if (permission === 'journal.edit' && resource.kind === 'journal') {
    return teachesJournal(actor, resource, 'edit') ? ALLOW : deny('Эту страницу журнала ведёт другой учитель');
  }
  switch (resource.kind) {
    case 'journal':
      // The class teacher reads every page of the class without editing marks (3.3).
      return teachesJournal(actor, resource, 'read') || (actor.roles.includes('class_teacher') && actor.classTeacherOf.includes(resource.classId))
        ? ALLOW
        : deny('Нет доступа к этой странице журнала');
    case 'class':
      return canSeeClass(actor, resource.classId) ? ALLOW : deny('Нет доступа к этому классу');
    case 'student':
      return canSeeStudent(actor, resource) ? ALLOW : deny('Нет доступа к данным этого обучающегося');
  }
}

function canSeeClass(actor: Actor, classId: number): boolean {
  return (
    (actor.roles.includes('class_teacher') && actor.classTeacherOf.includes(classId)) ||
    (actor.roles.includes('teacher') && actor.teachesClasses.includes(classId))
  );
}

/**
 * A teacher edits the page of a subject they teach in the class: the whole-class assignment covers every group
 * page of it, a group assignment only that group's page. Reading also covers the other groups and the
 * whole-class page of the subject, so a group teacher sees the class's marks in their subject.
 */
function teachesJournal(actor: Actor, journal: TeachingScope, mode: 'read' | 'edit'): boolean {
  if (!actor.roles.includes('teacher')) return false;
  return actor.teaches.some(
    (t) =>
      t.classId === journal.classId &&
      t.subjectId === journal.subjectId &&
      (mode === 'read' || t.groupId === null || t.groupId === journal.groupId),
  );
}

function canSeeStudent(actor: Actor, resource: { studentId: number; classIds: readonly number[] }): boolean {
  if (actor.roles.includes('parent') && actor.childStudentIds.includes(resource.studentId)) return true;
  if (actor.roles.includes('student') && actor.ownStudentId === resource.studentId) return true;
  return resource.classIds.some((classId) => canSeeClass(actor, classId));
}

/** Convenience for the UI and tests: is this permission granted by roles alone? */
export function roleGrants(roles: readonly Role[], permission: Permission): boolean {
  const actor: Actor = {
    userId: 0,
    roles,
    classTeacherOf: [],
    teachesClasses: [],
    teaches: [],
    childStudentIds: [],
    ownStudentId: null,
  };
  return decide(actor, permission).allowed;
}
