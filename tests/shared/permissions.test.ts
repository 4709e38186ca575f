// The policy module decides against roles *and* resources; these cases pin DOMAIN.md's table.
import { describe, expect, it } from 'vitest';
import { decide, PERMISSIONS, roleGrants, type Actor, type Permission } from '../../src/shared/domain/permissions';
import { ROLES, type Role } from '../../src/shared/domain/roles';
import { navigationFor } from '../../src/shared/domain/navigation';

const actor = (roles: Role[], extra: Partial<Actor> = {}): Actor => ({
  userId: 1,
  roles,
  classTeacherOf: [],
  teachesClasses: [],
  teaches: [],
  childStudentIds: [],
  ownStudentId: null,
  ...extra,
});

describe('role permissions', () => {
  const expected: Record<
    Exclude<
      Permission,
      'class.read' | 'student.read' | 'class.checkList' | 'class.activationCodes' | 'class.lead' | 'diary.parent' | 'student.editCard' | 'journal.read' | 'journal.edit' | 'attendance.setReason'
    >,
    Role[]
  > = {
    public: [...ROLES],
    session: [...ROLES],
    'users.manage': ['admin'],
    'settings.manage': ['admin'],
    'audit.read': ['admin', 'director', 'deputy'],
    'audit.verify': ['admin', 'director', 'deputy'],
    'school.read': ['admin', 'director', 'deputy', 'teacher', 'class_teacher'],
    'school.manage': ['admin'],
    'journal.unlock': ['admin', 'deputy'],
    'journal.control': ['admin', 'director', 'deputy'],
    'control.note': ['deputy'],
    'workProgram.edit': ['teacher'],
    'news.publish': ['admin', 'director', 'deputy'],
    'statements.print': ['admin'],
    'statements.sign': ['director'],
    'statements.read': ['admin', 'director', 'deputy'],
    'archive.manage': ['admin'],
    'archive.read': ['admin', 'director'],
    'backup.manage': ['admin'],
  };
  for (const [permission, roles] of Object.entries(expected) as Array<[Permission, Role[]]>) {
    it(`${permission} is granted to exactly ${roles.join(', ')}`, () => {
      expect(ROLES.filter((r) => roleGrants([r], permission))).toEqual(roles);
    });
  }

  it('anonymous callers get only public', () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(decide(null, p).allowed).toBe(p === 'public');
  });

  it('several roles are a union', () => {
    expect(roleGrants(['teacher', 'admin'], 'users.manage')).toBe(true);
    expect(roleGrants(['teacher', 'parent'], 'users.manage')).toBe(false);
  });
});

describe('resource permissions', () => {
  const studentIn = (classIds: number[], studentId = 7) => ({ kind: 'student' as const, studentId, classIds });

  it('refuses a resource permission without its resource', () => {
    expect(decide(actor(['admin']), 'student.read').allowed).toBe(false);
    expect(decide(actor(['admin']), 'student.read', { kind: 'class', classId: 1 }).allowed).toBe(false);
  });

  it('admin, director and deputy see every class and pupil', () => {
    for (const role of ['admin', 'director', 'deputy'] as Role[]) {
      expect(decide(actor([role]), 'class.read', { kind: 'class', classId: 99 }).allowed).toBe(true);
      expect(decide(actor([role]), 'student.read', studentIn([99])).allowed).toBe(true);
    }
  });

  it('a parent sees their own child only', () => {
    const parent = actor(['parent'], { childStudentIds: [7] });
    expect(decide(parent, 'student.read', studentIn([3], 7)).allowed).toBe(true);
    expect(decide(parent, 'student.read', studentIn([3], 8)).allowed).toBe(false);
    expect(decide(parent, 'class.read', { kind: 'class', classId: 3 }).allowed).toBe(false);
  });

  it('a pupil sees only themselves', () => {
    const pupil = actor(['student'], { ownStudentId: 7 });
    expect(decide(pupil, 'student.read', studentIn([3], 7)).allowed).toBe(true);
    expect(decide(pupil, 'student.read', studentIn([3], 8)).allowed).toBe(false);
  });

  it('a class teacher sees their class, not another', () => {
    const ct = actor(['class_teacher'], { classTeacherOf: [3] });
    expect(decide(ct, 'class.read', { kind: 'class', classId: 3 }).allowed).toBe(true);
    expect(decide(ct, 'class.read', { kind: 'class', classId: 4 }).allowed).toBe(false);
    expect(decide(ct, 'student.read', studentIn([3])).allowed).toBe(true);
  });

  it('a teacher sees the classes they teach; an assignment without the role grants nothing', () => {
    expect(decide(actor(['teacher'], { teachesClasses: [5] }), 'class.read', { kind: 'class', classId: 5 }).allowed).toBe(true);
    expect(decide(actor(['teacher'], { teachesClasses: [5] }), 'class.read', { kind: 'class', classId: 6 }).allowed).toBe(false);
    expect(decide(actor(['parent'], { teachesClasses: [5] }), 'class.read', { kind: 'class', classId: 5 }).allowed).toBe(false);
  });

  it('the class list is confirmed by its own class teacher or the administrator, not by the director', () => {
    const cls = { kind: 'class' as const, classId: 3 };
    expect(decide(actor(['class_teacher'], { classTeacherOf: [3] }), 'class.checkList', cls).allowed).toBe(true);
    expect(decide(actor(['class_teacher'], { classTeacherOf: [4] }), 'class.checkList', cls).allowed).toBe(false);
    expect(decide(actor(['teacher'], { teachesClasses: [3] }), 'class.checkList', cls).allowed).toBe(false);
    expect(decide(actor(['admin']), 'class.checkList', cls).allowed).toBe(true);
    expect(decide(actor(['director']), 'class.checkList', cls).allowed).toBe(false);
    expect(decide(actor(['deputy']), 'class.checkList', cls).allowed).toBe(false);
  });

  it('parents\' activation codes of a class are issued by its own class teacher or the administrator only', () => {
    const cls = { kind: 'class' as const, classId: 3 };
    expect(decide(actor(['class_teacher'], { classTeacherOf: [3] }), 'class.activationCodes', cls).allowed).toBe(true);
    expect(decide(actor(['class_teacher'], { classTeacherOf: [4] }), 'class.activationCodes', cls).allowed).toBe(false);
    expect(decide(actor(['teacher'], { teachesClasses: [3], classTeacherOf: [3] }), 'class.activationCodes', cls).allowed).toBe(false);
    expect(decide(actor(['admin']), 'class.activationCodes', cls).allowed).toBe(true);
    expect(decide(actor(['director']), 'class.activationCodes', cls).allowed).toBe(false);
    expect(decide(actor(['deputy']), 'class.activationCodes', cls).allowed).toBe(false);
    expect(decide(actor(['parent'], { childStudentIds: [7] }), 'class.activationCodes', cls).allowed).toBe(false);
    expect(decide(actor(['class_teacher'], { classTeacherOf: [3] }), 'class.activationCodes', { kind: 'student', studentId: 7, classIds: [3] }).allowed).toBe(false);
  });

  it('the pupil card is kept by the class teacher of the pupil\'s class, not by subject teachers or the director', () => {
    const pupil = studentIn([3]);
    expect(decide(actor(['class_teacher'], { classTeacherOf: [3] }), 'student.editCard', pupil).allowed).toBe(true);
    expect(decide(actor(['class_teacher'], { classTeacherOf: [4] }), 'student.editCard', pupil).allowed).toBe(false);
    expect(decide(actor(['teacher'], { teachesClasses: [3] }), 'student.editCard', pupil).allowed).toBe(false);
    expect(decide(actor(['director']), 'student.editCard', pupil).allowed).toBe(false);
    expect(decide(actor(['parent'], { childStudentIds: [7] }), 'student.editCard', pupil).allowed).toBe(false);
    expect(decide(actor(['admin']), 'student.editCard', pupil).allowed).toBe(true);
  });

  it('a pupil moved between classes stays visible to staff of both', () => {
    const teacher = actor(['teacher'], { teachesClasses: [4] });
    expect(decide(teacher, 'student.read', studentIn([3, 4])).allowed).toBe(true);
  });
});

describe('navigation', () => {
  it('each role sees its own sections', () => {
    expect(navigationFor(['parent']).map((n) => n.path)).toEqual(['/', '/children', '/news', '/notifications', '/messages', '/account']);
    expect(navigationFor(['student']).map((n) => n.path)).toEqual(['/', '/diary', '/news', '/notifications', '/messages', '/account']);
    expect(navigationFor(['teacher']).map((n) => n.path)).toEqual(['/', '/journal', '/work-programs', '/my-classes', '/timetable', '/news', '/notifications', '/messages', '/account']);
    expect(navigationFor(['deputy']).map((n) => n.path)).toContain('/control');
    expect(navigationFor(['teacher']).map((n) => n.path)).not.toContain('/control');
    expect(navigationFor(['director']).map((n) => n.path)).not.toContain('/users');
    expect(navigationFor(['admin']).map((n) => n.path)).toContain('/users');
  });

  it('every section offered to a role is one the role may use', () => {
    const needs: Record<string, Permission> = {
      '/users': 'users.manage',
      '/settings': 'settings.manage',
      '/audit': 'audit.read',
      '/classes': 'school.read',
      '/school-year': 'school.read',
      '/curriculum': 'school.read',
      '/timetable': 'school.read',
      '/directories': 'school.read',
      '/imports': 'school.manage',
      '/journal': 'school.read',
      '/control': 'journal.control',
      '/work-programs': 'school.read',
    };
    for (const role of ROLES) {
      for (const item of navigationFor([role])) {
        const permission = needs[item.path];
        if (permission) expect(roleGrants([role], permission), `${role} ${item.path}`).toBe(true);
      }
    }
  });
});

describe('journal pages (3.3-3.6)', () => {
  const math7a = { kind: 'journal' as const, classId: 7, subjectId: 3, groupId: null };
  const englishGroup1 = { kind: 'journal' as const, classId: 7, subjectId: 9, groupId: 41 };
  const englishGroup2 = { kind: 'journal' as const, classId: 7, subjectId: 9, groupId: 42 };
  const mathTeacher = actor(['teacher'], { teachesClasses: [7], teaches: [{ classId: 7, subjectId: 3, groupId: null }] });
  const groupTeacher = actor(['teacher'], { teachesClasses: [7], teaches: [{ classId: 7, subjectId: 9, groupId: 41 }] });
  const classTeacher = actor(['class_teacher'], { classTeacherOf: [7] });

  it('the teacher of the subject reads and edits its page, and no other subject', () => {
    expect(decide(mathTeacher, 'journal.edit', math7a).allowed).toBe(true);
    expect(decide(mathTeacher, 'journal.read', math7a).allowed).toBe(true);
    expect(decide(mathTeacher, 'journal.edit', englishGroup1).allowed).toBe(false);
    expect(decide(mathTeacher, 'journal.read', englishGroup1).allowed).toBe(false);
    expect(decide(mathTeacher, 'journal.edit', { ...math7a, classId: 8 }).allowed).toBe(false);
  });

  it('a group teacher edits only their group, and reads the other group of the subject', () => {
    expect(decide(groupTeacher, 'journal.edit', englishGroup1).allowed).toBe(true);
    expect(decide(groupTeacher, 'journal.edit', englishGroup2).allowed).toBe(false);
    expect(decide(groupTeacher, 'journal.read', englishGroup2).allowed).toBe(true);
  });

  it('the class teacher reads every page of the class but edits none, and sets absence reasons', () => {
    expect(decide(classTeacher, 'journal.read', englishGroup2).allowed).toBe(true);
    expect(decide(classTeacher, 'journal.edit', math7a).allowed).toBe(false);
    expect(decide(classTeacher, 'journal.read', { ...math7a, classId: 8 }).allowed).toBe(false);
    expect(decide(classTeacher, 'attendance.setReason', { kind: 'class', classId: 7 }).allowed).toBe(true);
    expect(decide(classTeacher, 'attendance.setReason', { kind: 'class', classId: 8 }).allowed).toBe(false);
    expect(decide(mathTeacher, 'attendance.setReason', { kind: 'class', classId: 7 }).allowed).toBe(false);
  });

  it('director, deputy and administrator read every page and edit none', () => {
    for (const role of ['director', 'deputy', 'admin'] as const) {
      expect(decide(actor([role]), 'journal.read', math7a).allowed).toBe(true);
      expect(decide(actor([role]), 'journal.edit', math7a).allowed).toBe(false);
      expect(decide(actor([role]), 'attendance.setReason', { kind: 'class', classId: 7 }).allowed).toBe(false);
    }
  });

  it('a deputy who also teaches edits their own subject', () => {
    const teachingDeputy = actor(['deputy', 'teacher'], { teaches: [{ classId: 7, subjectId: 3, groupId: null }] });
    expect(decide(teachingDeputy, 'journal.edit', math7a).allowed).toBe(true);
    expect(decide(teachingDeputy, 'journal.edit', englishGroup1).allowed).toBe(false);
  });

  it('parents and students never open a journal page (they have the diary)', () => {
    const parent = actor(['parent'], { childStudentIds: [5] });
    expect(decide(parent, 'journal.read', math7a).allowed).toBe(false);
    expect(decide(actor(['student'], { ownStudentId: 5 }), 'journal.read', math7a).allowed).toBe(false);
  });

  it('a journal permission against a class resource is refused', () => {
    expect(decide(mathTeacher, 'journal.edit', { kind: 'class', classId: 7 }).allowed).toBe(false);
  });
});

describe('the diary (3.7)', () => {
  it('only the child\'s own parent acts in the diary; the pupil and staff do not', () => {
    const child = { kind: 'student' as const, studentId: 5, classIds: [7] };
    expect(decide(actor(['parent'], { childStudentIds: [5] }), 'diary.parent', child).allowed).toBe(true);
    expect(decide(actor(['parent'], { childStudentIds: [6] }), 'diary.parent', child).allowed).toBe(false);
    expect(decide(actor(['student'], { ownStudentId: 5 }), 'diary.parent', child).allowed).toBe(false);
    for (const role of ['admin', 'director', 'deputy'] as const) expect(decide(actor([role]), 'diary.parent', child).allowed).toBe(false);
    expect(decide(actor(['class_teacher'], { classTeacherOf: [7] }), 'diary.parent', child).allowed).toBe(false);
  });

  it('class leadership is the class teacher\'s own', () => {
    expect(decide(actor(['class_teacher'], { classTeacherOf: [7] }), 'class.lead', { kind: 'class', classId: 7 }).allowed).toBe(true);
    expect(decide(actor(['class_teacher'], { classTeacherOf: [7] }), 'class.lead', { kind: 'class', classId: 8 }).allowed).toBe(false);
    expect(decide(actor(['admin']), 'class.lead', { kind: 'class', classId: 7 }).allowed).toBe(false);
  });
});
