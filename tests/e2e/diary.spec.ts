// The diary in a browser (issue 5, "Done when"), on `serve --demo` with the journal's day fixed to a Wednesday of
// early October: a parent registers with the activation code printed for their child (read off the class
// teacher's PDF sheet with pdftotext), sees the week with marks and homework (a pupil of a marked class, 5th+),
// presses «Ознакомлен» and reports a planned absence (the lessons it covers are marked in the week); the class
// teacher is notified (the bell), sees the acknowledgement and the notice and confirms it; the director publishes
// class news which the parent reads, the bell counting it live. Screenshots: test-results/screenshots/diary-*.png.
//
// Writing to the class teacher goes through the «Сообщения» screen (built alongside); the step runs when the
// navigation offers it.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';

/** A Wednesday in the first half of October of the school year containing today (as the server counts years). */
function schoolDay(): string {
  const now = new Date();
  const startYear = now.getMonth() + 1 >= 9 ? now.getFullYear() : now.getFullYear() - 1;
  const day = new Date(Date.UTC(startYear, 9, 1));
  while (day.getUTCDay() !== 3) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
const DAY = schoolDay();
const TOMORROW = new Date(Date.parse(`${DAY}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

let server: RunningServer;
let accounts: Map<string, { login: string; password: string; name: string }>;

/** A minimal API client for the setup steps (the scenario itself goes through the UI). */
class Api {
  cookie = '';
  constructor(readonly base: string) {}
  async request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}/api/v1${url}`, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
  static async signIn(base: string, login: string, password: string): Promise<Api> {
    const client = new Api(base);
    await client.request('POST', '/auth/login', { login, password });
    return client;
  }
}

interface Chosen {
  classId: number;
  className: string;
  studentId: number;
  studentName: string;
  /** The pupil's activation code, read off the printed sheet: the parent registers with it. */
  code: string;
  teacherLogin: string;
  teacherPassword: string;
  teacherName: string;
}
let chosen: Chosen;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startBuiltServer(['--demo', '--students', '200', '--journal-today', DAY]);
  const text = fs.readFileSync(path.join(server.dataDir, 'demo-credentials.txt'), 'utf8');
  accounts = new Map();
  for (const line of text.split('\n')) {
    const m = /^\s+(\S.*?)\s{2,}(\S+)\s+(\S+)\s+\((.+)\)/.exec(line);
    if (m) accounts.set(m[1]!, { login: m[2]!, password: m[3]!, name: m[4]! });
  }

  // The demo class teacher leads a first class (no marks, no homework in the 1st grade), so the scenario takes the
  // class teacher of a marked class, and a parent there whose child has marks and homework this week; the
  // administrator issues both of them initial passwords, which they replace at the first sign-in.
  const adminAccount = accounts.get('Администратор')!;
  const admin = await Api.signIn(server.url, adminAccount.login, adminAccount.password);
  const { classes } = await admin.request<{ classes: Array<{ id: number; name: string; level: number; classTeacherName: string | null }> }>('GET', '/classes');
  let found: { cls: { id: number; name: string; classTeacherName: string | null }; classTeacherUserId: number; row: { studentId: number; studentName: string; guardianUserId: number } } | undefined;
  for (const cls of classes.filter((c) => c.level >= 5).sort((a, b) => a.level - b.level)) {
    const overview = await admin.request<{ classTeacherUserId: number | null }>('GET', `/classes/${cls.id}`);
    if (overview.classTeacherUserId === null) continue;
    const ack = await admin.request<{ rows: Array<{ studentId: number; studentName: string; guardianUserId: number }> }>('GET', `/classes/${cls.id}/acknowledgements`);
    for (const row of ack.rows) {
      const week = await admin.request<{ days: Array<{ lessons: Array<{ homework: string | null; marks: unknown[] }> }> }>('GET', `/students/${row.studentId}/diary?date=${DAY}`);
      const lessons = week.days.flatMap((d) => d.lessons);
      if (lessons.some((l) => l.marks.length > 0) && lessons.some((l) => l.homework)) {
        found = { cls, classTeacherUserId: overview.classTeacherUserId, row };
        break;
      }
    }
    if (found) break;
  }
  expect(found, 'a pupil of a marked class with marks and homework this week').toBeDefined();
  // The class teacher's printed sheet for this pupil (the administrator may print it too), read with pdftotext.
  const sheet = await fetch(`${server.url}/api/v1/classes/${found!.cls.id}/activation-codes`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ studentId: found!.row.studentId }),
  });
  expect(sheet.status).toBe(200);
  const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'journal-code-')), 'code.pdf');
  fs.writeFileSync(pdf, Buffer.from(await sheet.arrayBuffer()));
  const code = /\b[A-Z0-9]{5}-[A-Z0-9]{5}\b/.exec(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }))?.[0];
  expect(code, 'the code on the sheet').toBeDefined();
  const teacher = await admin.request<{ user: { login: string }; initialPassword: string }>('POST', `/users/${found!.classTeacherUserId}/reset-password`, {});
  chosen = {
    classId: found!.cls.id,
    className: found!.cls.name,
    studentId: found!.row.studentId,
    studentName: found!.row.studentName,
    code: code!,
    teacherLogin: teacher.user.login,
    teacherPassword: teacher.initialPassword,
    teacherName: found!.cls.classTeacherName ?? '',
  };
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

/** Uncaught errors of every page: a crashed screen fails the test with its message. */
const pageErrors: string[] = [];

async function newPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  // The browser's today is the journal's.
  await page.clock.setFixedTime(new Date(`${DAY}T10:00:00`));
  await page.goto(server.url);
  return page;
}

/** The first sign-in with an initial password: the app asks for a new one. */
async function firstSignIn(page: Page, login: string, initialPassword: string, newPassword: string) {
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(initialPassword);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('heading', { name: 'Задайте свой пароль' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Первичный пароль', exact: true }).fill(initialPassword);
  await page.getByRole('textbox', { name: 'Новый пароль', exact: true }).fill(newPassword);
  await page.getByRole('textbox', { name: 'Новый пароль ещё раз', exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Сохранить пароль' }).click();
  await expect(page.getByTestId('navigation')).toBeVisible();
  // The «Пароль изменён» toast would cover the header in the screenshots.
  await page.locator('.mantine-Notification-root').filter({ hasText: 'Пароль изменён' }).getByRole('button').click();
}

async function signIn(page: Page, login: string, password: string) {
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('navigation')).toBeVisible();
}

test('a parent registers with the code, acknowledges the diary and reports an absence; the class teacher confirms it', async ({ browser }) => {
  test.setTimeout(180_000);
  // --- the parent ---
  const parent = await newPage(browser);
  // Registration with the code from the sheet (issue 5, «Done when»).
  await parent.getByRole('link', { name: 'Я родитель и у меня есть код активации' }).click();
  await parent.getByRole('textbox', { name: 'Код активации' }).pressSequentially(chosen.code.toLowerCase());
  await parent.getByRole('textbox', { name: 'Фамилия' }).fill('Кодова');
  await parent.getByRole('textbox', { name: 'Имя', exact: true }).fill('Регина');
  await parent.getByRole('textbox', { name: 'Отчество' }).fill('Павловна');
  await parent.getByRole('textbox', { name: 'Пароль', exact: true }).fill('Родитель2026пароль');
  await parent.getByRole('textbox', { name: 'Пароль ещё раз' }).fill('Родитель2026пароль');
  await parent.keyboard.press('Enter');
  await expect(parent.getByRole('heading', { name: 'Мои дети' })).toBeVisible();
  await expect(parent.getByTestId('navigation').getByRole('link', { name: 'Новости' })).toBeVisible();
  await expect(parent.getByTestId('navigation').getByRole('link', { name: 'Уведомления' })).toBeVisible();

  await parent.getByTestId('navigation').getByRole('link', { name: 'Мои дети' }).click();
  await parent.getByTestId('child-card').filter({ hasText: chosen.studentName.split(' ')[0]! }).filter({ hasText: chosen.className }).first().click();
  await expect(parent.getByRole('heading', { name: new RegExp(`Дневник: .*${chosen.className} класс`) })).toBeVisible();
  const today = parent.getByTestId(`diary-day-${DAY}`);
  await expect(today).toContainText('Сегодня');
  await expect(parent.getByText(/^Задание: /).first()).toBeVisible();
  await expect(parent.locator('[data-testid^="diary-day-"] .mantine-Badge-root').filter({ hasText: /^[1-5]$/ }).first()).toBeVisible();
  await parent.screenshot({ path: `${shots}/diary-01-parent-week.png`, fullPage: true });

  // «Ознакомлен».
  await parent.getByRole('button', { name: 'Ознакомлен' }).click();
  await expect(parent.getByTestId('acknowledged-at')).toContainText(`Вы ознакомились с дневником ${ru(DAY)}`);

  // A planned absence tomorrow, lessons 1 and 2.
  await parent.getByRole('button', { name: 'Сообщить о пропуске' }).click();
  const dialog = parent.getByRole('dialog', { name: 'Сообщить о пропуске' });
  await dialog.getByRole('textbox', { name: 'С даты' }).fill(ru(TOMORROW));
  await dialog.getByRole('textbox', { name: 'По дату' }).fill(ru(TOMORROW));
  await dialog.getByText('1 урок', { exact: true }).click();
  await dialog.getByText('2 урок', { exact: true }).click();
  await expect(dialog.getByText('Только уроки 1, 2.')).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Причина' }).click();
  await parent.getByRole('option', { name: 'Соревнования, олимпиада, конкурс' }).click();
  await dialog.getByRole('textbox', { name: 'Комментарий' }).fill('Городская олимпиада по математике');
  await parent.screenshot({ path: `${shots}/diary-02-notice-form.png` });
  await dialog.getByRole('button', { name: 'Отправить классному руководителю' }).click();
  await expect(dialog).toBeHidden();
  const noticeRow = parent.getByTestId('notice-row');
  await expect(noticeRow).toHaveCount(1);
  await expect(noticeRow).toContainText(`${ru(TOMORROW)}, уроки 1, 2`);
  await expect(noticeRow).toContainText('ожидает решения');
  // The covered lessons are marked in the week (tomorrow has lessons 1 and 2 in every demo class).
  await expect(parent.getByTestId(`diary-day-${TOMORROW}`).getByTestId('notice-mark')).toHaveCount(2);
  await parent.screenshot({ path: `${shots}/diary-03-parent-notice.png`, fullPage: true });

  // A message to the class teacher.
  const messages = parent.getByTestId('navigation').getByRole('link', { name: 'Сообщения' });
  const canWrite = (await messages.count()) > 0;
  if (canWrite) {
    await messages.click();
    await parent.getByRole('button', { name: 'Новое сообщение' }).click();
    const compose = parent.getByRole('dialog', { name: 'Новое сообщение' });
    await compose.getByRole('combobox', { name: 'Кому' }).fill(chosen.teacherName.split(' ')[0]!);
    await parent.getByRole('option', { name: new RegExp(chosen.teacherName.split(' ')[0]!) }).first().click();
    await compose.getByRole('textbox', { name: 'Тема' }).fill('Олимпиада 8 октября');
    await compose.getByRole('textbox', { name: 'Сообщение' }).fill(`Здравствуйте! Завтра ${chosen.studentName.split(' ')[1]} участвует в городской олимпиаде, пропустит первые два урока.`);
    await compose.getByRole('button', { name: 'Отправить' }).click();
    await expect(compose).toBeHidden();
    await expect(parent.getByText(`Здравствуйте! Завтра ${chosen.studentName.split(' ')[1]} участвует`).first()).toBeVisible();
    await parent.screenshot({ path: `${shots}/diary-04-parent-message.png`, fullPage: true });
    await parent.getByTestId('navigation').getByRole('link', { name: 'Мои дети' }).click();
  }

  // --- the class teacher ---
  const teacher = await newPage(browser);
  await firstSignIn(teacher, chosen.teacherLogin, chosen.teacherPassword, 'Учитель2026пароль');
  // The bell counts the notice.
  await expect(teacher.getByTestId('notification-bell')).not.toHaveAttribute('data-unread', '0');
  await teacher.getByTestId('notification-bell').click();
  const notice = teacher.getByTestId('notification').filter({ hasText: 'Родитель сообщил о пропуске' });
  await expect(notice).toHaveCount(1);
  await expect(notice).toHaveAttribute('data-unread', 'true');
  await teacher.screenshot({ path: `${shots}/diary-05-teacher-notifications.png`, fullPage: true });

  await teacher.getByTestId('navigation').getByRole('link', { name: 'Мой класс' }).click();
  await teacher.getByRole('link', { name: chosen.className, exact: true }).first().click();
  await teacher.getByRole('link', { name: /Родители: «Ознакомлен»/ }).click();
  await expect(teacher.getByRole('heading', { name: `Родители: ${chosen.className} класс` })).toBeVisible();
  const classNotice = teacher.getByTestId('class-notice-row').filter({ hasText: chosen.studentName });
  await expect(classNotice).toContainText('ожидает решения');
  await expect(classNotice).toContainText('Городская олимпиада по математике');
  const acknowledged = teacher.getByTestId('acknowledgement-row').filter({ hasText: chosen.studentName }).filter({ hasText: ru(DAY) });
  await expect(acknowledged).toHaveCount(1);
  await expect(acknowledged).toHaveAttribute('data-overdue', 'false');
  await expect(teacher.getByTestId('acknowledgement-row').and(teacher.locator('[data-overdue="true"]')).first()).toBeVisible();
  await classNotice.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(classNotice).toContainText('подтверждено');
  await teacher.screenshot({ path: `${shots}/diary-06-class-parents.png`, fullPage: true });

  if (canWrite) {
    await teacher.getByTestId('navigation').getByRole('link', { name: 'Сообщения' }).click();
    await teacher.getByText('Олимпиада 8 октября').first().click();
    await expect(teacher.getByText(`Здравствуйте! Завтра ${chosen.studentName.split(' ')[1]} участвует`).first()).toBeVisible();
    await teacher.screenshot({ path: `${shots}/diary-07-teacher-message.png`, fullPage: true });
  }

  // The parent sees the decision.
  await parent.getByTestId('navigation').getByRole('link', { name: 'Мои дети' }).click();
  await parent.getByTestId('child-card').filter({ hasText: chosen.studentName.split(' ')[0]! }).filter({ hasText: chosen.className }).first().click();
  await expect(parent.getByTestId('notice-row')).toContainText('подтверждено');

  // --- news: the director publishes for the class; the parent's bell counts it live and the text stays text ---
  const parentUnread = Number(await parent.getByTestId('notification-bell').getAttribute('data-unread'));
  const director = await newPage(browser);
  const directorAccount = accounts.get('Директор')!;
  await signIn(director, directorAccount.login, directorAccount.password);
  await director.getByTestId('navigation').getByRole('link', { name: 'Новости' }).click();
  await director.getByRole('button', { name: 'Опубликовать' }).click();
  const form = director.getByRole('dialog', { name: 'Новость или объявление' });
  await form.getByRole('textbox', { name: 'Заголовок' }).fill('Родительское собрание <b>класса</b>');
  await form.getByRole('textbox', { name: 'Текст' }).fill('Собрание в кабинете 21.\n<script>alert("не выполнится")</script>');
  await form.getByText('Класс', { exact: true }).click();
  await form.getByRole('combobox', { name: 'Класс' }).click();
  await director.getByRole('option', { name: chosen.className, exact: true }).click();
  await form.getByRole('checkbox', { name: /Событие с датой/ }).check();
  await form.getByRole('textbox', { name: 'Дата события' }).fill(ru(TOMORROW));
  await director.screenshot({ path: `${shots}/diary-08-news-form.png` });
  await form.getByRole('button', { name: 'Опубликовать' }).click();
  await expect(form).toBeHidden();
  await expect(director.getByTestId('news-item').first()).toContainText('Родительское собрание <b>класса</b>');

  await expect(parent.getByTestId('notification-bell')).toHaveAttribute('data-unread', String(parentUnread + 1), { timeout: 15_000 });
  await parent.getByTestId('navigation').getByRole('link', { name: 'Новости' }).click();
  const item = parent.getByTestId('news-item').first();
  await expect(item).toContainText('Родительское собрание <b>класса</b>');
  await expect(item).toContainText('<script>alert("не выполнится")</script>');
  await expect(item).toContainText(`${chosen.className} класс`);
  await expect(item).toContainText(`Событие ${ru(TOMORROW)}`);
  await parent.screenshot({ path: `${shots}/diary-09-parent-news.png`, fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('a parent of two switches between the children; one child\'s diary never shows under the other', async ({ browser }) => {
  const account = accounts.get('Родитель')!;
  const page = await newPage(browser);
  await signIn(page, account.login, account.password);
  await page.getByTestId('navigation').getByRole('link', { name: 'Мои дети' }).click();
  const cards = page.getByTestId('child-card');
  await expect(cards).toHaveCount(2);
  const names = (await cards.allInnerTexts()).map((t) => t.split('\n')[0]!.split(' ').slice(0, 2).join(' '));
  await cards.first().click();
  await expect(page.getByRole('heading', { name: new RegExp(`Дневник: ${names[0]}`) })).toBeVisible();
  const switcher = page.getByTestId('child-switcher');
  await expect(switcher).toBeVisible();
  const first = page.url();
  await switcher.getByText(new RegExp(names[1]!.split(' ').reverse().join(' '))).click();
  await expect(page.getByRole('heading', { name: new RegExp(`Дневник: ${names[1]}`) })).toBeVisible();
  expect(page.url()).not.toBe(first);
  await expect(page.getByRole('heading', { name: new RegExp(`Дневник: ${names[0]}`) })).toHaveCount(0);
  await page.screenshot({ path: `${shots}/diary-10-child-switcher.png` });
  expect(pageErrors).toEqual([]);
});
