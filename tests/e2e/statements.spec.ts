// The administrator prints a class's summary statement of final marks (3.2); the director, who only views the
// journal, records its signature and the paper copy's place in the registry (3.6, 5.2) — issue 6, items 1-2, on
// `serve --demo`. Screenshot in test-results/screenshots/.

import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';
let server: RunningServer;
let director: { login: string; password: string };
let admin: { login: string; password: string };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startBuiltServer(['--demo']);
  const text = fs.readFileSync(path.join(server.dataDir, 'demo-credentials.txt'), 'utf8');
  for (const line of text.split('\n')) {
    const m = /^\s+(\S.*?)\s{2,}(\S+)\s+(\S+)\s+\((.+)\)/.exec(line);
    if (m && m[1] === 'Директор') director = { login: m[2]!, password: m[3]! };
    if (m && m[1] === 'Администратор') admin = { login: m[2]!, password: m[3]! };
  }
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

async function openStatements(page: Page, who: { login: string; password: string }): Promise<void> {
  await page.goto(server.url);
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(who.login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(who.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('navigation').getByRole('link', { name: 'Сводные ведомости' }).click();
  await expect(page.getByRole('heading', { name: 'Сводные ведомости итоговых отметок' })).toBeVisible();
}

test('the administrator prints a statement; the director records its signature', async ({ browser }) => {
  const adminPage = await (await browser.newContext()).newPage();
  await openStatements(adminPage, admin);

  // A class from the keyboard: type into the picker, choose with Enter.
  const picker = adminPage.getByRole('combobox', { name: 'Ведомость' });
  await picker.click();
  await picker.fill('9А');
  await adminPage.keyboard.press('ArrowDown');
  await adminPage.keyboard.press('Enter');
  await expect(picker).toHaveValue(/^9А/);

  adminPage.once('dialog', (dialog) => void dialog.accept());
  const [download] = await Promise.all([adminPage.waitForEvent('download'), adminPage.getByRole('button', { name: 'Печать' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^Сводная ведомость 9А .+\.pdf$/);
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  await expect(adminPage.getByTestId('statement-row').first()).toContainText('не подписана');
  // The administrator does not sign: that is the director's.
  await expect(adminPage.getByRole('button', { name: 'Отметить подписание' })).toHaveCount(0);

  const page = await (await browser.newContext()).newPage();
  await openStatements(page, director);
  // The director previews, but printing (and so a registry entry) is the administrator's.
  await expect(page.getByRole('button', { name: 'Просмотр' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Печать' })).toHaveCount(0);
  const row = page.getByTestId('statement-row').first();
  await expect(row).toContainText('9А');
  await expect(row).toContainText('не подписана');
  await row.getByRole('button', { name: 'Отметить подписание' }).click();
  const form = page.getByRole('dialog', { name: /Подписание и хранение/ });
  await form.getByRole('textbox', { name: 'Где хранится бумажный экземпляр' }).fill('Архив школы, шкаф 3');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await expect(form).toBeHidden();
  await expect(row).toContainText('Архив школы, шкаф 3');
  await expect(row).not.toContainText('не подписана');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'statements-registry.png'), fullPage: true });
});
