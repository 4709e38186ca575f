// The pupil's card kept by the class teacher (3.3): guardians with contacts, consent records,
// class history; a subject teacher may read it but not change it; every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from '../../src/main/demo/demo-school';
import { startDemoServer } from './helpers/demo-server';
import { logIn, type Client, type TestServer } from './helpers/test-server';

let t: TestServer & { demo: DemoResult };
let classTeacher: Client;
let pupilId: number;
let teacher: Client;

beforeAll(async () => {
  t = await startDemoServer(120);
  const ct = t.demo.accounts.find((a) => a.role === 'class_teacher')!;
  classTeacher = await logIn(t.server.url, ct.login, ct.password);
  const ctId = ((await t.server.db('users').where({ login: ct.login }).first('id')) as { id: number }).id;
  const cls = (await t.server.db('classes').where({ class_teacher_user_id: ctId }).first('id')) as { id: number };
  pupilId = ((await t.server.db('class_enrolments').where({ class_id: cls.id }).first('student_id')) as { student_id: number }).student_id;
  // A subject teacher of the same class.
  const subjectTeacher = (await t.server.db('teaching_assignments as a')
    .join('user_roles as r', 'r.user_id', 'a.teacher_user_id')
    .where('a.class_id', cls.id)
    .whereNot('a.teacher_user_id', ctId)
    .first('a.teacher_user_id')) as { teacher_user_id: number };
  const admin = t.demo.accounts.find((a) => a.role === 'admin')!;
  const adminClient = await logIn(t.server.url, admin.login, admin.password);
  const issued = await adminClient.post<{ user: { login: string }; initialPassword: string }>(`/api/v1/users/${subjectTeacher.teacher_user_id}/reset-password`, {});
  teacher = await logIn(t.server.url, issued.body.user.login, issued.body.initialPassword);
  await teacher.post('/api/v1/auth/password', { currentPassword: issued.body.initialPassword, newPassword: 'Предметник2026' });
});
afterAll(async () => t.close());

type Card = {
  classHistory: Array<{ className: string; fromDate: string; toDate: string | null }>;
  guardians: Array<{ userId: number; name: string; phone: string | null; email: string | null; relation: string | null }>;
  consents: Array<{ id: number; kind: string; revokedOn: string | null }>;
};

describe('pupil card', () => {
  it('the class teacher adds a guardian with normalised contacts; bad contacts are refused in Russian', async () => {
    const bad = await classTeacher.post<{ detail: string }>(`/api/v1/students/${pupilId}/guardians`, {
      lastName: 'Бабушкина',
      firstName: 'Нина',
      middleName: null,
      relation: 'бабушка',
      phone: '12345',
      email: 'not-an-email',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/Телефон/);
    expect(bad.body.detail).toMatch(/почт/);
    const ok = await classTeacher.post(`/api/v1/students/${pupilId}/guardians`, {
      lastName: 'Бабушкина',
      firstName: 'Нина',
      middleName: 'Петровна',
      relation: 'бабушка',
      phone: '8 (912) 345-67-89',
      email: 'Nina@Example.RU',
    });
    expect(ok.status).toBe(200);
    const card = await classTeacher.get<Card>(`/api/v1/students/${pupilId}/card`);
    expect(card.body.guardians).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Бабушкина Нина Петровна', phone: '+79123456789', email: 'nina@example.ru', relation: 'бабушка' })]));
    expect(card.body.classHistory).toHaveLength(1);
  });

  it('records and revokes a consent; a date in the future is refused', async () => {
    const future = await classTeacher.post<{ detail: string }>(`/api/v1/students/${pupilId}/consents`, { kind: 'personal-data', givenBy: 'Мать', givenOn: '2999-01-01', document: null });
    expect(future.status).toBe(400);
    const given = await classTeacher.post<{ id: number }>(`/api/v1/students/${pupilId}/consents`, { kind: 'personal-data', givenBy: 'Мать, Иванова А. П.', givenOn: '2026-09-01', document: 'Заявление №12' });
    expect(given.status).toBe(200);
    expect((await classTeacher.post(`/api/v1/students/${pupilId}/consents/${given.body.id}/revoke`, { revokedOn: '2026-10-01' })).status).toBe(200);
    expect((await classTeacher.post(`/api/v1/students/${pupilId}/consents/${given.body.id}/revoke`, { revokedOn: '2026-10-02' })).status).toBe(409);
    const card = await classTeacher.get<Card>(`/api/v1/students/${pupilId}/card`);
    expect(card.body.consents).toEqual([expect.objectContaining({ kind: 'personal-data', revokedOn: '2026-10-01' })]);
    const audited = (await t.server.db('audit_log').whereIn('action', ['student.consent', 'student.consent-revoked', 'student.guardian-add']).select('action')) as Array<{ action: string }>;
    expect(audited.map((a) => a.action).sort()).toEqual(['student.consent', 'student.consent-revoked', 'student.guardian-add']);
  });

  it('a subject teacher of the class reads the card but cannot change it', async () => {
    expect((await teacher.get(`/api/v1/students/${pupilId}/card`)).status).toBe(200);
    const attempt = await teacher.post<{ detail: string }>(`/api/v1/students/${pupilId}/consents`, { kind: 'photo', givenBy: 'Отец', givenOn: '2026-09-01', document: null });
    expect(attempt.status).toBe(403);
    expect(attempt.body.detail).toContain('классный руководитель');
  });
});
