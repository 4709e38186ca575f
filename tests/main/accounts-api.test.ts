// Accounts through the real HTTP API: setup, login, throttling, sessions, forced password
// change, user management with conflicts, and bad input answered in Russian, never with a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, logIn, setUpSchool, startTestServer, type TestServer } from './helpers/test-server';

let t: TestServer;
let admin: Client;
let url: string;

beforeAll(async () => {
  t = await startTestServer();
  url = t.server.url;
});
afterAll(async () => t.close());

type Problem = { detail: string; code: string; errors?: Array<{ field: string; label: string; message: string }> };
type UserReply = { user: { id: number; login: string; version: number }; initialPassword: string };

async function createUser(roles: string[], lastName = 'Петрова', firstName = 'Анна') {
  const reply = await admin.post<UserReply>('/api/v1/users', { lastName, firstName, middleName: 'Сергеевна', roles });
  expect(reply.status).toBe(200);
  return reply.body;
}

describe('first-run setup', () => {
  it('refuses a weak administrator password in Russian', async () => {
    const reply = await new Client(url).post<Problem>('/api/v1/setup', {
      schoolName: 'Школа',
      admin: { lastName: 'А', firstName: 'Б', middleName: null, login: 'admin', password: 'password' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toContain('буквы и цифры');
    expect((await new Client(url).get<{ isSetUp: boolean }>('/api/v1/setup')).body.isSetUp).toBe(false);
  });

  it('creates the school and signs the administrator in, once only', async () => {
    admin = await setUpSchool(url);
    const me = await admin.get<{ user: { roles: string[] }; mustChangePassword: boolean }>('/api/v1/auth/me');
    expect(me.body.user.roles).toEqual(['admin']);
    expect(me.body.mustChangePassword).toBe(false);
    const again = await new Client(url).post<Problem>('/api/v1/setup', {
      schoolName: 'Другая школа',
      admin: { lastName: 'В', firstName: 'Г', middleName: null, login: 'intruder', password: 'Пароль12345' },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('уже выполнена');
  });
});

describe('login', () => {
  it('gives the same Russian answer for a wrong password and an unknown login', async () => {
    const wrong = await new Client(url).post<Problem>('/api/v1/auth/login', { login: 'admin', password: 'не тот пароль' });
    const unknown = await new Client(url).post<Problem>('/api/v1/auth/login', { login: 'nobody', password: 'не тот пароль' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe('Неверный логин или пароль');
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('sets an httpOnly SameSite=Strict cookie', async () => {
    const client = new Client(url);
    const reply = await client.post('/api/v1/auth/login', { login: 'admin', password: ADMIN_PASSWORD });
    const cookie = reply.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Max-Age=\d+/);
  });

  it('throttles an account after 5 failures, even for the right password, until the administrator resets it', async () => {
    const created = await createUser(['teacher'], 'Соколова', 'Ирина');
    const { user } = created;
    for (let i = 0; i < 5; i++) {
      expect((await new Client(url).post('/api/v1/auth/login', { login: user.login, password: `wrong${i}` })).status).toBe(401);
    }
    const locked = await new Client(url).post<Problem>('/api/v1/auth/login', { login: user.login, password: created.initialPassword });
    expect(locked.status).toBe(429);
    expect(locked.body.detail).toMatch(/Повторите через \d+ мин/);
    // Another account from the same address is not locked out by it.
    expect((await new Client(url).post('/api/v1/auth/login', { login: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
    // The administrator's password reset lifts the lock.
    const reset = await admin.post<UserReply>(`/api/v1/users/${user.id}/reset-password`, {});
    expect((await new Client(url).post('/api/v1/auth/login', { login: user.login, password: reset.body.initialPassword })).status).toBe(200);
  });

  it('throttles guessing the current password at an unattended desk', async () => {
    const created = await createUser(['teacher'], 'Кириллова', 'Алла');
    const teacher = await logIn(url, created.user.login, created.initialPassword);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await teacher.post('/api/v1/auth/password', { currentPassword: `guess-${i}`, newPassword: 'Новый2026пароль' })).status);
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it('throttles parallel guesses too (attempts are counted before the password is checked)', async () => {
    const { user } = await createUser(['teacher'], 'Зайцева', 'Вера');
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => new Client(url).post('/api/v1/auth/login', { login: user.login, password: `guess${i}` })),
    );
    expect(replies.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
    expect(replies.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(7);
  });

  it('tells a blocked user, and only one who knows the password, that the account is blocked', async () => {
    const created = await createUser(['parent'], 'Орлов', 'Глеб');
    const user = created.user;
    const blocked = await admin.patch<{ isBlocked: boolean }>(`/api/v1/users/${user.id}`, { version: user.version, isBlocked: true });
    expect(blocked.body.isBlocked).toBe(true);
    const right = await new Client(url).post<Problem>('/api/v1/auth/login', { login: user.login, password: created.initialPassword });
    expect(right.status).toBe(403);
    expect(right.body.detail).toContain('заблокирована');
    const wrong = await new Client(url).post<Problem>('/api/v1/auth/login', { login: user.login, password: 'wrong-password1' });
    expect(wrong.body.detail).toBe('Неверный логин или пароль');
  });
});

describe('sessions', () => {
  it('forces a password change before anything else, then works', async () => {
    const created = await createUser(['deputy'], 'Морозова', 'Дарья');
    const deputy = await logIn(url, created.user.login, created.initialPassword);
    const before = await deputy.get<Problem>('/api/v1/audit');
    expect(before.status).toBe(403);
    expect(before.body.code).toBe('password-change-required');
    const same = await deputy.post<Problem>('/api/v1/auth/password', { currentPassword: created.initialPassword, newPassword: created.initialPassword });
    expect(same.status).toBe(400);
    const changed = await deputy.post<{ mustChangePassword: boolean }>('/api/v1/auth/password', {
      currentPassword: created.initialPassword,
      newPassword: 'Завуч2026пароль',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await deputy.get('/api/v1/audit')).status).toBe(200);
  });

  it('ends a session at logout and after idle expiry', async () => {
    const client = await logIn(url, 'admin', ADMIN_PASSWORD);
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    const stale = client.cookie;
    await client.post('/api/v1/auth/logout', {});
    client.cookie = stale;
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);

    const idle = await logIn(url, 'admin', ADMIN_PASSWORD);
    await t.server.db('sessions').update({ last_seen_at: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    const expired = await idle.get<Problem>('/api/v1/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toBe('Сеанс истёк. Войдите снова.');
    admin = await logIn(url, 'admin', ADMIN_PASSWORD);
  });

  it('signs a blocked user out at once', async () => {
    const created = await createUser(['teacher'], 'Белов', 'Павел');
    const teacher = await logIn(url, created.user.login, created.initialPassword);
    expect((await teacher.get('/api/v1/auth/me')).status).toBe(200);
    await admin.patch(`/api/v1/users/${created.user.id}`, { version: created.user.version, isBlocked: true });
    expect((await teacher.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('user management', () => {
  it('detects two administrators editing the same user: no lost update', async () => {
    const { user } = await createUser(['teacher'], 'Егорова', 'Мария');
    const [first, second] = await Promise.all([
      admin.patch(`/api/v1/users/${user.id}`, { version: user.version, lastName: 'Егорова-Первая' }),
      admin.patch(`/api/v1/users/${user.id}`, { version: user.version, lastName: 'Егорова-Вторая' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect((loser.body as Problem).detail).toContain('изменил кто-то другой');
    const saved = await admin.get<{ lastName: string; version: number }>(`/api/v1/users/${user.id}`);
    const winner = first.status === 200 ? 'Егорова-Первая' : 'Егорова-Вторая';
    expect(saved.body.lastName).toBe(winner);
    expect(saved.body.version).toBe(user.version + 1);
  });

  it('finds people by a Russian surname in any case, and treats % and _ literally', async () => {
    await createUser(['teacher'], 'Ёлкина', 'Жанна');
    for (const search of ['Ёлкина', 'ёлкина', 'ЁЛК']) {
      const found = await admin.get<{ users: Array<{ lastName: string }> }>(`/api/v1/users?search=${encodeURIComponent(search)}`);
      expect(found.body.users.map((u) => u.lastName), search).toEqual(['Ёлкина']);
    }
    const wildcard = await admin.get<{ users: unknown[] }>(`/api/v1/users?search=${encodeURIComponent('%')}`);
    expect(wildcard.body.users).toEqual([]);
  });

  it('makes logins unique and refuses a taken one', async () => {
    const a = await createUser(['parent'], 'Иванов', 'Олег');
    const b = await createUser(['parent'], 'Иванов', 'Олег');
    expect(a.user.login).toBe('ivanov.os');
    expect(b.user.login).toBe('ivanov.os2');
    const taken = await admin.post<Problem>('/api/v1/users', { lastName: 'А', firstName: 'Б', middleName: null, login: 'ivanov.os', roles: ['parent'] });
    expect(taken.status).toBe(400);
    expect(taken.body.errors?.[0]).toMatchObject({ field: 'login', label: 'Логин' });
  });

  it('refuses an administrator blocking themselves or dropping their own admin role', async () => {
    const me = await admin.get<{ user: { id: number } }>('/api/v1/auth/me');
    const self = await admin.get<{ version: number }>(`/api/v1/users/${me.body.user.id}`);
    const block = await admin.patch<Problem>(`/api/v1/users/${me.body.user.id}`, { version: self.body.version, isBlocked: true });
    expect(block.status).toBe(400);
    const demote = await admin.patch<Problem>(`/api/v1/users/${me.body.user.id}`, { version: self.body.version, roles: ['teacher'] });
    expect(demote.status).toBe(400);
  });
});

describe('bad input', () => {
  const cases: Array<[string, string, string, unknown, RegExp]> = [
    ['malformed JSON', 'POST', '/api/v1/users', '{"lastName": ', /корректным JSON/],
    ['missing fields', 'POST', '/api/v1/users', { roles: ['teacher'] }, /Фамилия: Обязательное поле/],
    ['extra fields', 'POST', '/api/v1/users', { lastName: 'А', firstName: 'Б', middleName: null, roles: ['teacher'], isAdmin: true }, /Неизвестное поле «isAdmin»/],
    ['over-long strings', 'POST', '/api/v1/users', { lastName: 'Я'.repeat(5000), firstName: 'Б', middleName: null, roles: ['teacher'] }, /Фамилия/],
    ['wrong types', 'PATCH', '/api/v1/users/1', { version: 'первая' }, /Версия записи/],
    ['bad path parameter', 'GET', '/api/v1/users/abc', undefined, /Пользователь/],
    ['unknown role', 'POST', '/api/v1/users', { lastName: 'А', firstName: 'Б', middleName: null, roles: ['root'] }, /Роли/],
    ['array instead of object', 'POST', '/api/v1/users', [1, 2, 3], /[а-я]/],
  ];
  for (const [name, method, path, body, message] of cases) {
    it(`answers ${name} with a Russian 400`, async () => {
      const reply = await admin.request<Problem>(method, path, body);
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body.detail).toMatch(message);
    });
  }

  it('refuses a body that is too large with 413, and non-JSON writes with 415', async () => {
    const huge = await admin.request<Problem>('POST', '/api/v1/users', JSON.stringify({ lastName: 'x'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    const form = await admin.request<Problem>('POST', '/api/v1/users', 'lastName=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.body.detail).toContain('application/json');
  });

  it('refuses writes from a foreign origin', async () => {
    const reply = await admin.request<Problem>('POST', '/api/v1/users', { lastName: 'А', firstName: 'Б', middleName: null, roles: ['parent'] }, { origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
  });

  it('answers unknown API paths with a problem 404', async () => {
    const reply = await admin.get<Problem>('/api/v1/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.detail).toContain('Нет такого адреса API');
  });
});
