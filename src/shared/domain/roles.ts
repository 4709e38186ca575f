// The roles of the school's regulation (clauses 3.2-3.7). One person may hold several;
// what they may do is the union of their roles, always checked against the resource.

export const ROLES = [
  'admin',
  'director',
  'deputy',
  'teacher',
  'class_teacher',
  'parent',
  'student',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Администратор',
  director: 'Директор',
  deputy: 'Заместитель директора',
  teacher: 'Учитель',
  class_teacher: 'Классный руководитель',
  parent: 'Родитель',
  student: 'Обучающийся',
};

/** Roles of school staff: people who may see the school's structure at all. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'director', 'deputy', 'teacher', 'class_teacher'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
