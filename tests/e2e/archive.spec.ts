// The administrator writes the yearly archive onto an external drive through the UI (issue 6, items 4-5), on
// `serve --demo --drives-dir`: a folder stands for a USB disk. The archive shows up as good, «Проверить» re-reads
// it, and the folder on the "disk" passes the real `sha256sum -c`. Screenshot in test-results/screenshots/.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';
let server: RunningServer;
let drivesDir: string;
let admin: { login: string; password: string };

test.beforeAll(async () => {
  test.setTimeout(240_000);
  drivesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-e2e-drives-'));
  // Not empty: an empty folder looks like a mount point whose disk is not mounted yet.
  fs.mkdirSync(path.join(drivesDir, 'USB-ARCHIVE'));
  fs.writeFileSync(path.join(drivesDir, 'USB-ARCHIVE', 'disk.txt'), 'диск для архива\n');
  server = await startBuiltServer(['--demo', '--students', '60', '--drives-dir', drivesDir]);
  const text = fs.readFileSync(path.join(server.dataDir, 'demo-credentials.txt'), 'utf8');
  for (const line of text.split('\n')) {
    const m = /^\s+(\S.*?)\s{2,}(\S+)\s+(\S+)\s+\((.+)\)/.exec(line);
    if (m && m[1] === 'Администратор') admin = { login: m[2]!, password: m[3]! };
  }
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
  fs.rmSync(drivesDir, { recursive: true, force: true });
});

test('the administrator writes the year archive onto a drive and verifies it', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(server.url);
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(admin.login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(admin.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('navigation').getByRole('link', { name: 'Архив и внешние диски' }).click();
  await expect(page.getByRole('heading', { name: 'Архив и внешние диски' })).toBeVisible();

  await page.getByTestId('drive').filter({ hasText: 'USB-ARCHIVE' }).click();
  await page.getByTestId('archive-start').click();
  await expect(page.getByTestId('archive-done')).toBeVisible({ timeout: 200_000 });
  await expect(page.getByTestId('archive-done')).toContainText('Архив записан и проверен');

  const list = page.getByTestId('archive-list');
  await expect(list).toContainText('Исправен');
  await expect(page.getByTestId('retention-single-copy')).toBeVisible();
  await list.getByRole('button', { name: 'Проверить' }).first().click();
  await expect(page.getByText(/исправен: проверено файлов/)).toBeVisible({ timeout: 60_000 });
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'archive-written.png'), fullPage: true });

  // The past year from the disk, read-only, in the normal journal grid (item 6).
  await list.getByRole('link').first().click();
  await expect(page.getByTestId('archive-banner')).toContainText('только просмотр');
  await page.getByTestId('archive-classes').getByRole('link').first().click();
  await page.getByTestId('archive-journals').getByRole('link').first().click();
  await expect(page.getByTestId('journal-grid-scroll')).toBeVisible();
  await expect(page.getByTestId('read-only')).toBeVisible();
  // Typing into the grid changes nothing: the page says so.
  await page.getByTestId('journal-grid-scroll').click();
  await page.keyboard.press('5');
  await expect(page.getByText('Страница открыта только для просмотра')).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'archive-past-year.png'), fullPage: true });

  // The archive on the "disk" checks out with the standard tool, without this program.
  const root = path.join(drivesDir, 'USB-ARCHIVE', 'ejournal-archives');
  const [folder] = fs.readdirSync(root).filter((n) => !n.startsWith('.'));
  const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: path.join(root, folder!), encoding: 'utf8' });
  expect(check.status, check.stdout + check.stderr).toBe(0);
});
