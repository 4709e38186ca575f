// Year rollover on the demo school: the preview says what will happen; then classes move up
// with their pupils and class teachers, 11th grade graduates, the curriculum is copied, and
// the previous year stays intact and readable. Doing it twice is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from './helpers/demo-server';
import { logIn, type Client, type TestServer } from './helpers/test-server';
import type { DemoResult } from '../../src/main/demo/demo-school';

let t: TestServer & { demo: DemoResult };
let admin: Client;

beforeAll(async () => {
  t = await startDemoServer(300);
  const account = t.demo.accounts.find((a) => a.role === 'admin')!;
  admin = await logIn(t.server.url, account.login, account.password);
});
afterAll(async () => t.close());

type Plan = { fromYear: string; toYear: string; promotions: Array<{ fromClassId: number; from: string; to: string; students: number }>; graduations: Array<{ className: string; students: number }>; curriculumItems: number };

describe('year rollover', () => {
  it('previews, performs, keeps history, and refuses a second run', async () => {
    const years = await admin.get<{ years: Array<{ id: number; name: string; isCurrent: boolean }> }>('/api/v1/years');
    const current = years.body.years.find((y) => y.isCurrent)!;
    const preview = await admin.get<Plan>(`/api/v1/years/${current.id}/rollover`);
    expect(preview.status).toBe(200);
    expect(preview.body.graduations.map((g) => g.className).sort()).toEqual(['11А', '9А']);
    const fiveA = preview.body.promotions.find((p) => p.from === '5А')!;
    expect(fiveA.to).toBe('6А');
    const withNinth = await admin.get<Plan>(`/api/v1/years/${current.id}/rollover?promoteNinthGrade=true`);
    expect(withNinth.body.graduations.map((g) => g.className)).toEqual(['11А']);

    const oldFiveA = await admin.get<{ students: Array<{ id: number }> }>(`/api/v1/classes/${fiveA.fromClassId}/students`);
    const elevenA = ((await t.server.db('classes').where({ level: 11, academic_year: current.name }).first('id')) as { id: number }).id;
    const graduates = (await admin.get<{ students: Array<{ id: number }> }>(`/api/v1/classes/${elevenA}/students`)).body.students;
    expect(graduates.length).toBeGreaterThan(0);

    const done = await admin.post<{ newYearId: number; plan: Plan }>(`/api/v1/years/${current.id}/rollover`, { promoteNinthGrade: false });
    expect(done.status).toBe(200);
    const newSixA = ((await t.server.db('classes').where({ academic_year: preview.body.toYear, level: 6, letter: 'А' }).first('id', 'class_teacher_user_id')) as { id: number; class_teacher_user_id: number });
    const oldClass = (await t.server.db('classes').where({ id: fiveA.fromClassId }).first('class_teacher_user_id')) as { class_teacher_user_id: number };
    expect(newSixA.class_teacher_user_id).toBe(oldClass.class_teacher_user_id);
    const newList = await admin.get<{ students: Array<{ id: number }> }>(`/api/v1/classes/${newSixA.id}/students`);
    expect(newList.body.students.map((s) => s.id).sort()).toEqual(oldFiveA.body.students.map((s) => s.id).sort());
    // The old year is intact: its 5А still lists the same pupils.
    const oldAgain = await admin.get<{ students: Array<{ id: number }> }>(`/api/v1/classes/${fiveA.fromClassId}/students`);
    expect(oldAgain.body.students).toEqual(oldFiveA.body.students);
    // Graduates are enrolled nowhere in the new year.
    const graduateEnrolments = (await t.server.db('class_enrolments').whereIn('student_id', graduates.map((g) => g.id)).whereNull('to_date')) as unknown[];
    expect(graduateEnrolments).toEqual([]);
    const curriculum = await admin.get<{ items: unknown[] }>(`/api/v1/years/${done.body.newYearId}/curriculum`);
    expect(curriculum.body.items).toHaveLength(preview.body.curriculumItems);

    const again = await admin.post<{ detail: string }>(`/api/v1/years/${current.id}/rollover`, { promoteNinthGrade: false });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('уже выполнен');
  });
});
