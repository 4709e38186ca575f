// `serve --demo` as a new user runs it: the demo accounts printed at start work, the
// administrator browses classes and a pupil card, prints a credentials sheet from the UI,
// and a parent sees exactly their own children. Screenshots in test-results/screenshots/.

import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';
let server: RunningServer;
let accounts: Map<string, { login: string; password: string }>;

test.beforeAll(async () => {
  server = await startBuiltServer(['--demo', '--students', '120']);
  const text = fs.readFileSync(path.join(server.dataDir, 'demo-credentials.txt'), 'utf8');
  accounts = new Map();
  for (const line of text.split('\n')) {
    const m = /^\s+(\S.*?)\s{2,}(\S+)\s+(\S+)\s+\(/.exec(line);
    if (m) accounts.set(m[1]!, { login: m[2]!, password: m[3]! });
  }
  expect(server.output()).toContain('Входы для знакомства');
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

async function signIn(page: Page, role: string) {
  const account = accounts.get(role)!;
  await page.goto(server.url);
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(account.login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(account.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('navigation')).toBeVisible();
}

test('administrator browses the demo school and prints a credentials sheet', async ({ page }) => {
  await signIn(page, 'Администратор');
  await page.getByTestId('navigation').getByRole('link', { name: 'Классы' }).click();
  await expect(page.getByRole('cell', { name: '11А' })).toBeVisible();
  await page.screenshot({ path: `${shots}/10-demo-classes.png`, fullPage: true });
  await page.getByRole('link', { name: '5А' }).click();
  await expect(page.getByRole('heading', { name: 'Класс 5А' })).toBeVisible();
  await page.locator('tbody a').first().click();
  await expect(page.getByText('Родители (законные представители)')).toBeVisible();
  await page.screenshot({ path: `${shots}/11-demo-pupil-card.png`, fullPage: true });

  await page.getByTestId('navigation').getByRole('link', { name: 'Пользователи' }).click();
  await page.getByRole('combobox', { name: 'Роль' }).click();
  await page.getByRole('option', { name: 'Учитель', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Выбрать всех' }).check();
  page.once('dialog', (dialog) => void dialog.accept());
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Лист логинов и паролей \(\d+\)/ }).click();
  const file = await (await download).path();
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  await page.screenshot({ path: `${shots}/12-demo-users.png`, fullPage: true });
});

test('the administrator previews and performs the rollover to the next school year', async ({ page }) => {
  await signIn(page, 'Администратор');
  await page.getByTestId('navigation').getByRole('link', { name: 'Учебный год' }).click();
  await page.getByRole('button', { name: 'Переход на следующий год…' }).click();
  const preview = page.getByTestId('rollover-preview');
  await expect(preview).toContainText('5А → 6А');
  await expect(preview).toContainText('11А: выпуск');
  await expect(preview).toContainText('9А: выпуск');
  await page.getByRole('checkbox', { name: /9 классы переходят в 10/ }).check();
  await expect(preview).toContainText('9А → 10А');
  await page.screenshot({ path: `${shots}/14-demo-rollover.png`, fullPage: true });
  await page.getByRole('button', { name: 'Выполнить переход' }).click();
  await expect(page.getByText(/Переход выполнен/)).toBeVisible();
});

test('a parent sees their own children and is refused another pupil', async ({ page }) => {
  await signIn(page, 'Родитель');
  await page.getByTestId('navigation').getByRole('link', { name: 'Мои дети' }).click();
  const cards = page.getByTestId('child-card');
  await expect(cards.first()).toBeVisible();
  const count = await cards.count();
  expect(count).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: `${shots}/13-demo-parent-children.png`, fullPage: true });
  const own = await page.evaluate(async () => ((await (await fetch('/api/v1/me/children')).json()) as { children: Array<{ id: number }> }).children.map((c) => c.id));
  const other = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((id) => !own.includes(id))!;
  await page.goto(`${server.url}/students/${other}`);
  await expect(page.getByText('Нет доступа к данным этого обучающегося')).toBeVisible();

  // The diary of one's own child: the week, then the marks by subject.
  await page.goto(`${server.url}/diary/${own[0]}`);
  await expect(page.getByRole('heading', { name: /^Дневник: / })).toBeVisible();
  await expect(page.getByText(/Понедельник, /).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/14-demo-parent-diary-week.png`, fullPage: true });
  await page.getByText('Отметки по предметам').click();
  await expect(page.getByRole('table', { name: 'Отметки по предметам' })).toBeVisible();
  await page.screenshot({ path: `${shots}/15-demo-parent-diary-marks.png`, fullPage: true });
  await page.goto(`${server.url}/diary/${other}`);
  await expect(page.getByText('Нет доступа к данным этого обучающегося')).toBeVisible();
});
