// Journal control and the class teacher's pages in a browser, on `serve --demo` with the journal's day fixed:
// the deputy sorts the report, opens a row's lessons and writes a note that the teacher reads on the home page;
// the class teacher sets an absence reason from the keyboard, sees the period's averages and prints the
// parents' activation codes. Screenshots in test-results/screenshots/.

import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';
/** The second Wednesday of October of the current school year: the demo's journal is written up to it. */
function secondWednesdayOfOctober(): string {
  const now = new Date();
  const startYear = now.getMonth() + 1 >= 9 ? now.getFullYear() : now.getFullYear() - 1;
  const day = new Date(Date.UTC(startYear, 9, 8));
  while (day.getUTCDay() !== 3) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
const TODAY = secondWednesdayOfOctober();
const YEAR = TODAY.slice(0, 4);
const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const TWO_WEEKS_BEFORE = new Date(Date.parse(`${TODAY}T00:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10);
let server: RunningServer;
let accounts: Map<string, { login: string; password: string; name: string }>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startBuiltServer(['--demo', '--journal-today', TODAY]);
  const text = fs.readFileSync(path.join(server.dataDir, 'demo-credentials.txt'), 'utf8');
  accounts = new Map();
  for (const line of text.split('\n')) {
    const m = /^\s+(\S.*?)\s{2,}(\S+)\s+(\S+)\s+\((.+)\)/.exec(line);
    if (m) accounts.set(m[1]!, { login: m[2]!, password: m[3]!, name: m[4]! });
  }
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

async function signIn(page: Page, role: string) {
  // The browser's today is the journal's: "this month" and "the last two weeks" start from it.
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00`));
  const account = accounts.get(role)!;
  await page.goto(server.url);
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(account.login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(account.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('navigation')).toBeVisible();
}

test('the deputy controls the journal and writes a note that the teacher reads', async ({ page, browser }) => {
  await signIn(page, 'Заместитель директора');
  await page.getByTestId('navigation').getByRole('link', { name: 'Контроль ведения журнала' }).click();
  const table = page.getByTestId('control-table');
  await expect(table).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`01.10.${YEAR} – 31.10.${YEAR}`)).toBeVisible();

  // A study period, sorted by the number of late marks, worst first.
  await page.getByText('Учебный период', { exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Период' })).toHaveValue(/1 четверть|1 полугодие|1 триместр/);
  const lateHeader = table.getByRole('columnheader', { name: /Поздних/ });
  await lateHeader.getByRole('button').click();
  await expect(lateHeader).toHaveAttribute('aria-sort', 'descending');
  const lateValues = await table.locator('tbody tr td:nth-child(9)').allInnerTexts();
  const numbers = lateValues.map(Number);
  expect(numbers.length).toBeGreaterThan(5);
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
  await page.screenshot({ path: `${shots}/40-control-report.png` });

  // The teacher's rows: open one, read its lessons, write a note from it.
  const teacher = accounts.get('Учитель')!;
  const [lastName] = teacher.name.split(' ');
  await page.getByRole('combobox', { name: 'Учитель' }).fill(lastName!);
  await page.getByRole('option').first().click();
  await table.locator('tbody button').first().click();
  const lessons = page.getByRole('dialog');
  await expect(lessons.getByRole('link', { name: 'Открыть страницу журнала' })).toBeVisible();
  await lessons.getByText(/Все уроки/).click();
  await expect(lessons.locator('tbody tr').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/41-control-lessons.png` });
  await lessons.getByRole('button', { name: 'Написать замечание' }).click();
  const note = page.getByRole('dialog', { name: /Замечание учителю/ });
  await note.getByRole('textbox', { name: 'Текст замечания' }).fill('Заполните, пожалуйста, домашние задания за сентябрь.');
  await note.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByText(/Замечание отправлено/)).toBeVisible();
  await page.getByRole('tab', { name: /Замечания \(1\)/ }).click();
  await expect(page.getByRole('cell', { name: 'Заполните, пожалуйста, домашние задания за сентябрь.' })).toBeVisible();

  // The teacher sees it on the home page and marks it read.
  const teacherPage = await browser.newPage();
  await signIn(teacherPage, 'Учитель');
  const notes = teacherPage.getByTestId('my-control-notes');
  await expect(notes.getByText('Заполните, пожалуйста, домашние задания за сентябрь.')).toBeVisible();
  await expect(notes.getByText('новых: 1')).toBeVisible();
  await teacherPage.screenshot({ path: `${shots}/42-teacher-notes.png` });
  await notes.getByRole('button', { name: 'Прочитано' }).click();
  await expect(notes.getByText('Новых замечаний нет.')).toBeVisible();
  await teacherPage.close();
});

test('the class teacher sets absence reasons, sees averages and prints activation codes', async ({ page }) => {
  await signIn(page, 'Классный руководитель');
  await page.getByTestId('navigation').getByRole('link', { name: 'Мой класс' }).click();
  await page.getByRole('link', { name: 'Пропуски и причины' }).click();
  await expect(page.getByRole('heading', { name: /Пропуски уроков: \S+ класс/ })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'С даты' })).toHaveValue(ru(TWO_WEEKS_BEFORE));
  await expect(page.getByRole('textbox', { name: 'По дату' })).toHaveValue(ru(TODAY));

  // An absence without a reason: focus it and press 2 (УП).
  const plain = page.locator('[data-absence]').filter({ has: page.locator('button[aria-pressed="true"]', { hasText: /^Н$/ }) });
  const item = plain.first();
  await expect(item).toBeVisible();
  const label = (await item.getAttribute('aria-label'))!.replace(/: Н$/, '');
  await item.focus();
  await page.keyboard.press('2');
  const changed = page.locator(`[data-absence][aria-label="${label}: УП"]`);
  await expect(changed).toBeVisible();
  await expect(changed.getByRole('button', { name: 'УП' })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: `${shots}/43-class-absences.png` });

  await page.getByRole('link', { name: 'Средние баллы и пропуски за период' }).click();
  await expect(page.getByTestId('averages-table')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Учебный период' })).toHaveValue(/четверть|полугодие|триместр/);
  await page.screenshot({ path: `${shots}/44-class-averages.png` });

  await page.getByRole('link', { name: 'Список класса' }).click();
  await page.getByRole('button', { name: 'Коды для родителей (PDF)' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Сформировать PDF' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Коды для родителей .+\.pdf$/);
  const file = await download.path();
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(page.getByText(/^код до \d\d\.\d\d\.\d{4}$/).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/45-class-activation-codes.png` });
});
