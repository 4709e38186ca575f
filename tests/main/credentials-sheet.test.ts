// The printed sheet of initial logins and passwords (3.2): a real PDF with Cyrillic text,
// one slip per person; issuing it replaces the passwords, and the printed ones work.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, logIn, setUpSchool, startTestServer, tempDir, type TestServer } from './helpers/test-server';

let t: TestServer;
let admin: Client;

beforeAll(async () => {
  t = await startTestServer();
  admin = await setUpSchool(t.server.url);
});
afterAll(async () => t.close());

const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('credentials sheet', () => {
  it('prints a slip per person with a working new password, and old passwords stop working', async () => {
    const people = [
      ['Щербакова', 'Ёлка'],
      ['Иванов', 'Пётр'],
      ['Сидорова', 'Мария'],
      ['Козлов', 'Артём'],
      ['Петрова', 'Юлия'],
      ['Смирнов', 'Илья'],
      ['Волкова', 'Анна'],
      ['Зайцев', 'Глеб'],
      ['Орлова', 'Вера'],
    ] as const;
    const created: Array<{ user: { id: number; login: string }; initialPassword: string }> = [];
    for (const [lastName, firstName] of people) {
      created.push((await admin.post<(typeof created)[number]>('/api/v1/users', { lastName, firstName, middleName: null, roles: ['parent'] })).body);
    }
    const response = await fetch(`${t.server.url}/api/v1/users/credentials-sheet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie! },
      body: JSON.stringify({ userIds: created.map((c) => c.user.id) }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // The old initial password no longer works.
    const old = await new Client(t.server.url).post('/api/v1/auth/login', { login: created[0]!.user.login, password: created[0]!.initialPassword });
    expect(old.status).toBe(401);

    if (!hasPoppler) return; // poppler-utils is installed by .ci/run; the PDF checks above still ran
    const dir = tempDir('sheet-');
    const file = path.join(dir, 'sheet.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Первичные логины и пароли');
    expect(text).toContain('Лист 1 из 2');
    for (const [lastName] of people) expect(text).toContain(lastName);
    // Read the printed password off the page and sign in with it, as a parent would.
    // Slips stand in two columns: the first person's is the left one, so the first word of a line.
    const slip = created[0]!;
    const lines = text.split('\n').map((l) => l.trim());
    const loginLine = lines.findIndex((l) => l.split(/\s+/)[0] === slip.user.login);
    const labelLine = lines.findIndex((l, i) => i > loginLine && l.startsWith('Первичный пароль'));
    const printed = lines[labelLine + 1]!.split(/\s+/)[0]!;
    expect(printed).toMatch(/^[a-z]{4}-\d{4}-[a-z]{4}$/);
    expect(printed).not.toBe(slip.initialPassword);
    const parent = await logIn(t.server.url, slip.user.login, printed);
    const me = await parent.get<{ mustChangePassword: boolean }>('/api/v1/auth/me');
    expect(me.body.mustChangePassword).toBe(true);
    // Rendered to PNG for a look by eye (test-results/credentials-sheet-1.png).
    fs.mkdirSync('test-results', { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join('test-results', 'credentials-sheet')]);
    expect(fs.readdirSync('test-results').some((f) => f.startsWith('credentials-sheet'))).toBe(true);
  });

  it('refuses an empty list and unknown users without changing anyone', async () => {
    expect((await admin.post('/api/v1/users/credentials-sheet', { userIds: [] })).status).toBe(400);
    const before = await t.server.db('users').select('id', 'password_hash');
    const reply = await admin.post<{ detail: string }>('/api/v1/users/credentials-sheet', { userIds: [2, 999999] });
    expect(reply.status).toBe(404);
    expect(await t.server.db('users').select('id', 'password_hash')).toEqual(before);
  });
});
