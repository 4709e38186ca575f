// A parent's registration with the child's activation code (issue 5, item 1) in a browser, on `serve --demo`.
// The code comes the way a school hands it out: the demo class teacher downloads the printed sheet of their class
// (PDF) and the test reads the codes off it with pdftotext. The parent opens the login page, follows the
// registration link, types the code in lower case, lands on «Мои дети» with that child, adds a second child by
// code and opens the diary. The same code again (a fresh browser) is refused as used, and no account appears;
// a wrong code is refused as not found. Screenshots: test-results/screenshots/registration-*.png.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';
const PASSWORD = 'Rodnik-2026-sad';

let server: RunningServer;
/** The first two pupils of the class teacher's own class and their codes, as printed on the sheet. */
let sheet: Array<{ code: string; name: string }>;
let className: string;

async function api(method: string, url: string, cookie: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
}

async function signIn(login: string, password: string): Promise<Response> {
  return api('POST', '/auth/login', '', { login, password });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startBuiltServer(['--demo', '--students', '120']);
  const text = fs.readFileSync(path.join(server.dataDir, 'demo-credentials.txt'), 'utf8');
  const teacher = /^\s+Классный руководитель\s{2,}(\S+)\s+(\S+)\s+\((.+)\)/m.exec(text);
  expect(teacher, 'the demo class teacher in demo-credentials.txt').not.toBeNull();
  const [, login, password, teacherName] = teacher!;

  const signedIn = await signIn(login!, password!);
  expect(signedIn.status).toBe(200);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const classes = (await (await api('GET', '/me/classes', cookie)).json()) as { classes: Array<{ id: number; name: string; classTeacherName: string | null }> };
  const own = classes.classes.find((c) => c.classTeacherName === teacherName);
  expect(own, `${teacherName} leads a class`).toBeDefined();
  className = own!.name;

  // The printed sheet of codes for the whole class, as the class teacher downloads it.
  const response = await api('POST', `/classes/${own!.id}/activation-codes`, cookie, {});
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/pdf');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'journal-codes-')), 'codes.pdf');
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const lines = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\n');

  // Cards stand in two columns: the pupil's name three lines above the code, in the same column.
  sheet = [];
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/\b[A-Z0-9]{5}-[A-Z0-9]{5}\b/g)) {
      const nameLine = lines[i - 3] ?? '';
      const column = nameLine.length > 0 ? nameLine.slice(Math.max(0, m.index - 2)).trim().split(/\s{2,}/)[0]! : '';
      sheet.push({ code: m[0], name: column });
    }
  });
  expect(sheet.length).toBeGreaterThanOrEqual(2);
  expect(sheet[0]!.name).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+/u);
  expect(sheet[1]!.name).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+/u);
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

async function openRegistration(page: Page, screenshot?: string) {
  await page.goto(server.url);
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.getByRole('link', { name: 'Я родитель и у меня есть код активации' }).click();
  await expect(page.getByRole('heading', { name: 'Регистрация родителя по коду' })).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
}

async function fillForm(page: Page, code: string, name: { last: string; first: string; middle: string }) {
  await page.getByRole('textbox', { name: 'Код активации' }).pressSequentially(code);
  await page.getByRole('textbox', { name: 'Фамилия' }).fill(name.last);
  await page.getByRole('textbox', { name: 'Имя', exact: true }).fill(name.first);
  await page.getByRole('textbox', { name: 'Отчество' }).fill(name.middle);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(PASSWORD);
  await page.getByRole('textbox', { name: 'Пароль ещё раз' }).fill(PASSWORD);
}

test('a parent registers with the code from the class sheet and sees the child', async ({ page }) => {
  const [first, second] = sheet;
  await openRegistration(page, `${shots}/registration-00-login.png`);
  await page.screenshot({ path: `${shots}/registration-01-empty-form.png`, fullPage: true });

  // Typed in lower case, the code shows as printed; the login is suggested from the name.
  await fillForm(page, first!.code.toLowerCase(), { last: 'Кодова', first: 'Регина', middle: 'Павловна' });
  await expect(page.getByRole('textbox', { name: 'Код активации' })).toHaveValue(first!.code);
  await expect(page.getByRole('textbox', { name: 'Логин' })).toHaveValue('kodova.rp');
  await page.getByRole('textbox', { name: 'Телефон' }).fill('+7 912 000-00-00');
  await page.screenshot({ path: `${shots}/registration-02-filled-form.png`, fullPage: true });
  await page.keyboard.press('Enter');

  // Signed in, on «Мои дети» with the child of the code.
  await expect(page.getByRole('heading', { name: 'Мои дети' })).toBeVisible();
  await expect(page).toHaveURL(/\/children$/);
  await expect(page.getByTestId('navigation')).toBeVisible();
  const cards = page.getByTestId('child-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(first!.name);
  await expect(cards.first()).toContainText(`${className} класс`);

  // A second child of the same parent, by the next code on the sheet (spaces instead of the dash).
  await page.getByRole('textbox', { name: 'Код активации' }).pressSequentially(second!.code.toLowerCase().replace('-', ' '));
  await expect(page.getByRole('textbox', { name: 'Код активации' })).toHaveValue(second!.code);
  await page.getByRole('button', { name: 'Добавить' }).click();
  await expect(page.getByText(`Ребёнок добавлен: ${second!.name}`)).toBeVisible();
  await expect(cards).toHaveCount(2);
  await page.screenshot({ path: `${shots}/registration-03-children.png`, fullPage: true });

  // The same code again on the children page: refused, nothing added.
  await page.getByRole('textbox', { name: 'Код активации' }).fill(second!.code);
  await page.getByRole('button', { name: 'Добавить' }).click();
  await expect(page.getByText(/Этот код уже использован/)).toBeVisible();
  await expect(cards).toHaveCount(2);

  // The child's diary: the week.
  await cards.filter({ hasText: first!.name }).click();
  await expect(page.getByRole('heading', { name: /^Дневник: / })).toBeVisible();
  await expect(page.getByText(/Понедельник, /).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/registration-04-diary.png`, fullPage: true });

  // The new account signs in with the password the parent chose.
  expect((await signIn('kodova.rp', PASSWORD)).status).toBe(200);
});

test('a used code is refused in a fresh browser and no account is created; a wrong code is not found', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openRegistration(page);
  await fillForm(page, sheet[0]!.code.toLowerCase(), { last: 'Повторова', first: 'Вера', middle: 'Ивановна' });
  await expect(page.getByRole('textbox', { name: 'Логин' })).toHaveValue('povtorova.vi');
  await page.getByRole('button', { name: 'Зарегистрироваться и войти' }).click();
  await expect(page.getByText(/Этот код уже использован\. Попросите у классного руководителя новый код/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Регистрация родителя по коду' })).toBeVisible();
  await expect(page.getByTestId('navigation')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/registration-05-used-code.png`, fullPage: true });
  expect((await signIn('povtorova.vi', PASSWORD)).status).toBe(401);

  // A code that was never issued, typed on the Russian layout (look-alike letters become Latin).
  const code = page.getByRole('textbox', { name: 'Код активации' });
  await code.fill('');
  await code.pressSequentially('ааааа-ккккк');
  await expect(code).toHaveValue('AAAAA-KKKKK');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Код не найден/)).toBeVisible();
  await expect(page.getByTestId('navigation')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/registration-06-wrong-code.png`, fullPage: true });
  expect((await signIn('povtorova.vi', PASSWORD)).status).toBe(401);
  await context.close();
});
