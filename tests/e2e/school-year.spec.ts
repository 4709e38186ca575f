// A small school year set up in the UI as the administrator does it: a class, its list loaded
// from a CSV file, a week's timetable entered with the keyboard and mouse in the grid; then
// the derived lessons of a chosen week (one with a public holiday) are checked against the
// expectation written out here by hand.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';
let server: RunningServer;
const ADMIN = { login: 'admin', password: 'Школа2026надёжно' };

test.beforeAll(async () => {
  server = await startBuiltServer();
  const setup = await fetch(`${server.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ schoolName: 'МАОУ «Сергинская СОШ»', admin: { lastName: 'Кузнецова', firstName: 'Ольга', middleName: null, ...ADMIN } }),
  });
  expect(setup.status).toBe(200);
});
test.afterAll(async () => {
  await server.stop();
});

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('dialog').getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('set up a class, its list and timetable; the lessons of a week are as expected', async ({ page }) => {
  // Which week: the week of 4 November (День народного единства) of the server's school year.
  const years = (await (await fetch(`${server.url}/api/v1/setup`)).json()) as { isSetUp: boolean };
  expect(years.isSetUp).toBe(true);

  await page.goto(server.url);
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(ADMIN.login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('navigation')).toBeVisible();

  const startYear: number = await page.evaluate(async () => {
    const reply = (await (await fetch('/api/v1/years')).json()) as { years: Array<{ name: string; isCurrent: boolean }> };
    return Number(reply.years.find((y) => y.isCurrent)!.name.slice(0, 4));
  });
  // A teacher for the timetable (user management has its own test).
  await page.evaluate(async () => {
    await fetch('/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна', roles: ['teacher'] }),
    });
  });

  // 1. The class.
  await page.getByTestId('navigation').getByRole('link', { name: 'Классы' }).click();
  await page.getByRole('button', { name: 'Новый класс' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Параллель' }).fill('5');
  await page.getByRole('dialog').getByRole('textbox', { name: 'Литера' }).fill('А');
  await page.getByRole('dialog').getByRole('button', { name: 'Создать' }).click();
  await expect(page.getByRole('link', { name: '5А' })).toBeVisible();

  // 2. Its list, from a CSV file (UTF-8 with BOM, as Excel saves "CSV UTF-8").
  const csvPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-import-')), '5А.csv');
  fs.writeFileSync(csvPath, '\uFEFFКласс;Фамилия;Имя;Отчество;Дата рождения\n5А;Алексеева;Мария;Игоревна;14.03.2015\n5А;Борисов;Глеб;;02.07.2015\n5А;Волкова;Вера;Олеговна;\n');
  await page.getByTestId('navigation').getByRole('link', { name: 'Загрузка из файлов' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Выбрать файл' }).click();
  await (await chooser).setFiles(csvPath);
  await page.getByRole('button', { name: 'Проверить' }).click();
  await expect(page.getByTestId('import-report')).toContainText('без ошибок: 3');
  await page.getByRole('button', { name: 'Записать' }).click();
  await expect(page.getByTestId('import-report')).toContainText('Записано: 3');
  await page.screenshot({ path: `${shots}/20-import.png`, fullPage: true });

  // 3. The weekly timetable: Mon 1 maths, Mon 2 Russian, Tue 1 maths, Wed 1 Russian, Thu 2 maths.
  await page.getByTestId('navigation').getByRole('link', { name: 'Расписание' }).click();
  await expect(page.getByTestId('timetable-grid')).toBeVisible();
  const plan: Array<[string, number, string]> = [
    ['Понедельник', 1, 'Математика'],
    ['Понедельник', 2, 'Русский язык'],
    ['Вторник', 1, 'Математика'],
    ['Среда', 1, 'Русский язык'],
    ['Четверг', 2, 'Математика'],
  ];
  for (const [day, lessonNumber, subject] of plan) {
    await page.getByRole('button', { name: `${day}, ${lessonNumber}-й урок: пусто` }).click();
    await pick(page, 'Предмет', subject);
    await pick(page, 'Учитель', 'Петрова Анна Сергеевна');
    await page.getByRole('dialog').getByRole('textbox', { name: 'Кабинет' }).fill('21');
    await page.getByRole('dialog').getByRole('button', { name: 'Готово' }).click();
  }
  await page.getByRole('button', { name: 'Сохранить расписание' }).click();
  await expect(page.getByText('Есть несохранённые изменения')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/21-timetable.png`, fullPage: true });

  // 4. The lessons of the week of 4 November, seen from a Tuesday of that week.
  const nov4 = new Date(Date.UTC(startYear, 10, 4));
  const monday = new Date(nov4.getTime() - ((nov4.getUTCDay() + 6) % 7) * 86_400_000);
  const day = (offset: number) => new Date(monday.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.clock.setFixedTime(new Date(`${day(1)}T10:00:00`));
  await page.reload();
  await page.getByRole('tab', { name: 'Уроки на неделю' }).click();
  await page.getByRole('button', { name: 'Эта неделя' }).click();
  await expect(page.getByTestId('week-lessons')).toBeVisible();

  const calendar = await page.evaluate(async () => {
    const years = (await (await fetch('/api/v1/years')).json()) as { years: Array<{ id: number; isCurrent: boolean }> };
    const id = years.years.find((y) => y.isCurrent)!.id;
    return ((await (await fetch(`/api/v1/years/${id}/calendar`)).json()) as { calendar: { holidays: Array<{ startDate: string; endDate: string; levels: number[] | null }> } }).calendar;
  });
  const isHoliday = (date: string) => calendar.holidays.some((h) => (h.levels === null || h.levels.includes(5)) && h.startDate <= date && date <= h.endDate);

  // Written out by hand: the template above, minus holidays (4 November is one, unless the
  // autumn vacation already covers that whole week).
  const template: Record<number, string[]> = {
    0: ['1 Математика', '2 Русский язык'],
    1: ['1 Математика'],
    2: ['1 Русский язык'],
    3: ['2 Математика'],
    4: [],
  };
  expect(isHoliday(`${startYear}-11-04`)).toBe(true);
  for (let offset = 0; offset < 5; offset++) {
    const date = day(offset);
    const block = page.getByTestId(`day-${date}`);
    const expected = isHoliday(date) ? [] : template[offset]!;
    if (expected.length === 0) {
      await expect(block).toContainText('Нет уроков');
    } else {
      const lines = (await block.getByTestId('lesson').allInnerTexts()).map((t) => t.split('\n').filter(Boolean).slice(0, 2).join(' '));
      expect(lines, date).toEqual(expected);
    }
  }
  await page.screenshot({ path: `${shots}/22-week-lessons.png`, fullPage: true });
});
