// The demo school is realistic and deterministic: same size and seed, same school.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection';
import { createDemoSchool, planDemoSchool } from '../../src/main/demo/demo-school';
import { findClashes } from '../../src/shared/domain/timetable-rules';
import { tempDir } from './helpers/test-server';

describe('demo school', () => {
  it('is the same every time for the same size', () => {
    const a = planDemoSchool({ students: 500, today: '2026-11-28' });
    const b = planDemoSchool({ students: 500, today: '2026-11-28' });
    expect(a).toEqual(b);
    expect(planDemoSchool({ students: 500, today: '2026-11-28', seed: 7 }).students[0]).not.toEqual(a.students[0]);
  });

  it('has classes 1-11, Russian names, a class teacher per class and parents for every pupil', () => {
    const plan = planDemoSchool({ students: 1200, today: '2026-11-28' });
    expect(plan.academicYear).toBe('2026/2027');
    expect(new Set(plan.classes.map((c) => c.level))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    expect(plan.classes.filter((c) => c.level === 5).length).toBeGreaterThan(1);
    expect(plan.classes.every((c) => c.classTeacherUserId !== null)).toBe(true);
    expect(plan.students).toHaveLength(1200);
    for (const s of plan.students.slice(0, 50)) expect(`${s.lastName} ${s.firstName} ${s.middleName}`).toMatch(/^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$/);
    const guarded = new Set(plan.guardianships.map((g) => g.studentId));
    expect(guarded.size).toBe(1200);
    // Some families have two children at school.
    const childrenPerParent = new Map<number, number>();
    for (const g of plan.guardianships) childrenPerParent.set(g.guardianUserId, (childrenPerParent.get(g.guardianUserId) ?? 0) + 1);
    expect([...childrenPerParent.values()].some((n) => n >= 2)).toBe(true);
    expect(new Set(plan.users.map((u) => u.login)).size).toBe(plan.users.length);
  });

  it('has a curriculum and a weekly timetable without clashes for every class', () => {
    const plan = planDemoSchool({ students: 1200, today: '2026-11-28' });
    const slots = plan.slots.map((s, i) => ({ ...s, id: i + 1, groupId: null, validFrom: null, validTo: null }));
    expect(findClashes(slots, [])).toEqual([]);
    for (const c of plan.classes) expect(slots.filter((s) => s.classId === c.id).length, `${c.level}${c.letter}`).toBeGreaterThanOrEqual(18);
    // Nearly every planned lesson found a place; the rest are reported, not hidden.
    expect(plan.unplacedLessons).toBeLessThan(plan.slots.length * 0.06);
    expect(plan.curriculum.filter((c) => c.level === 5).reduce((h, c) => h + c.hoursPerWeek, 0)).toBe(26);
  });

  it('is written to an empty database only, with one account per role to try', async () => {
    const db = await openDatabase({ dataDir: tempDir() });
    const result = await createDemoSchool(db, { students: 100, today: '2026-11-28' });
    expect(result.accounts.map((a) => a.role).sort()).toEqual(['admin', 'class_teacher', 'deputy', 'director', 'parent', 'student', 'teacher']);
    expect(new Set(result.accounts.map((a) => a.password)).size).toBe(7);
    const withPassword = (await db('users').whereNotNull('password_hash').count({ n: '*' }).first()) as { n: number };
    expect(withPassword.n).toBe(7);
    await expect(createDemoSchool(db, { students: 10 })).rejects.toThrow(/уже есть школа/);
    await db.destroy();
  });
});
