// The platform's whole path in a real browser: first-run setup, the administrator creates
// a teacher and a parent, each signs in with the initial password, is made to change it,
// and sees only their own navigation. Screenshots go to test-results/screenshots/.

import { expect, test, type Page } from '@playwright/test';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';
let server: RunningServer;

test.beforeAll(async () => {
  server = await startBuiltServer();
});
test.afterAll(async () => {
  await server.stop();
});

async function navigationOf(page: Page): Promise<string[]> {
  return (await page.getByTestId('navigation').locator('a').allInnerTexts()).map((t) => t.trim());
}

async function createUser(page: Page, lastName: string, firstName: string, middleName: string, role: string) {
  await page.getByRole('button', { name: 'Новый пользователь' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Фамилия', exact: true }).fill(lastName);
  await dialog.getByRole('textbox', { name: 'Имя', exact: true }).fill(firstName);
  await dialog.getByRole('textbox', { name: 'Отчество', exact: true }).fill(middleName);
  // Keyboard only: type the role, Enter picks it.
  const roles = dialog.getByRole('combobox', { name: 'Роли' });
  await roles.focus();
  await roles.pressSequentially(role);
  await roles.press('Enter');
  await roles.press('Escape');
  await dialog.getByRole('button', { name: 'Создать' }).click();
  await expect(page.getByText('Первичный пароль выдан')).toBeVisible();
  const login = (await page.getByTestId('issued-login').innerText()).trim();
  const password = (await page.getByTestId('issued-password').innerText()).trim();
  await page.getByRole('button', { name: 'Готово' }).click();
  return { login, password };
}

async function firstLogin(page: Page, login: string, initialPassword: string, newPassword: string) {
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(initialPassword);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('heading', { name: 'Задайте свой пароль' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Первичный пароль', exact: true }).fill(initialPassword);
  await page.getByRole('textbox', { name: 'Новый пароль', exact: true }).fill(newPassword);
  await page.getByRole('textbox', { name: 'Новый пароль ещё раз', exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Сохранить пароль' }).click();
  await expect(page.getByTestId('navigation')).toBeVisible();
}

test('first run, users, initial passwords and role navigation', async ({ browser }) => {
  const admin = await browser.newPage();
  await admin.goto(server.url);
  await expect(admin.getByRole('heading', { name: 'Первоначальная настройка' })).toBeVisible();
  await admin.screenshot({ path: `${shots}/01-setup.png`, fullPage: true });

  await admin.getByRole('textbox', { name: 'Название школы', exact: true }).fill('МАОУ «Сергинская СОШ»');
  await admin.getByRole('textbox', { name: 'Фамилия', exact: true }).fill('Кузнецова');
  await admin.getByRole('textbox', { name: 'Имя', exact: true }).fill('Ольга');
  await admin.getByRole('textbox', { name: 'Отчество', exact: true }).fill('Викторовна');
  await admin.getByRole('textbox', { name: 'Логин', exact: true }).fill('admin');
  // A weak password is refused with a Russian explanation before anything is sent.
  await admin.getByRole('textbox', { name: 'Пароль', exact: true }).fill('short');
  await admin.getByRole('textbox', { name: 'Пароль ещё раз', exact: true }).fill('short');
  await admin.getByRole('button', { name: 'Создать школу и войти' }).click();
  await expect(admin.getByRole('alert')).toContainText('не короче 8 символов');
  await admin.getByRole('textbox', { name: 'Пароль', exact: true }).fill('Школа2026надёжно');
  await admin.getByRole('textbox', { name: 'Пароль ещё раз', exact: true }).fill('Школа2026надёжно');
  await admin.getByRole('button', { name: 'Создать школу и войти' }).click();

  await expect(admin.getByTestId('navigation')).toBeVisible();
  expect(await navigationOf(admin)).toEqual([
    'Главная',
    'Пользователи',
    'Классы',
    'Классный журнал',
    'Контроль ведения журнала',
    'Рабочие программы',
    'Учебный год',
    'Учебный план и нагрузка',
    'Расписание',
    'Справочники',
    'Загрузка из файлов',
    'Журнал изменений',
    'Параметры',
    'Сводные ведомости',
    'Архив и внешние диски',
    'Резервные копии',
    'Новости',
    'Уведомления',
    'Сообщения',
    'Моя учётная запись',
  ]);
  await admin.getByTestId('navigation').getByRole('link', { name: 'Пользователи' }).click();
  const teacher = await createUser(admin, 'Петрова', 'Анна', 'Сергеевна', 'Учитель');
  const parent = await createUser(admin, 'Смирнов', 'Игорь', 'Павлович', 'Родитель');
  expect(teacher.login).toBe('petrova.as');
  expect(parent.login).toBe('smirnov.ip');
  await expect(admin.getByTestId('user-row-petrova.as')).toContainText('ждёт первого входа');
  await admin.screenshot({ path: `${shots}/02-users.png`, fullPage: true });

  await admin.getByTestId('navigation').getByRole('link', { name: 'Журнал изменений' }).click();
  await admin.getByRole('button', { name: 'Проверить целостность' }).click();
  await expect(admin.getByTestId('audit-verification')).toContainText('Цепочка записей не нарушена');
  await admin.screenshot({ path: `${shots}/03-audit.png`, fullPage: true });

  const teacherContext = await browser.newContext();
  const teacherPage = await teacherContext.newPage();
  await teacherPage.goto(server.url);
  await teacherPage.screenshot({ path: `${shots}/04-login.png`, fullPage: true });
  await firstLogin(teacherPage, teacher.login, teacher.password, 'Учитель2026пароль');
  expect(await navigationOf(teacherPage)).toEqual(['Главная', 'Классный журнал', 'Рабочие программы', 'Мои классы', 'Расписание', 'Новости', 'Уведомления', 'Сообщения', 'Моя учётная запись']);
  await teacherPage.screenshot({ path: `${shots}/05-teacher-home.png`, fullPage: true });
  // A page of another role is not offered, and the server refuses it anyway.
  await teacherPage.goto(`${server.url}/users`);
  await expect(teacherPage.getByText('недоступна для вашей роли')).toBeVisible();
  const status = await teacherPage.evaluate(async () => (await fetch('/api/v1/users')).status);
  expect(status).toBe(403);

  const parentContext = await browser.newContext();
  const parentPage = await parentContext.newPage();
  await parentPage.goto(server.url);
  await firstLogin(parentPage, parent.login, parent.password, 'Родитель2026пароль');
  expect(await navigationOf(parentPage)).toEqual(['Главная', 'Мои дети', 'Новости', 'Уведомления', 'Сообщения', 'Моя учётная запись']);
  await parentPage.getByTestId('navigation').getByRole('link', { name: 'Мои дети' }).click();
  await expect(parentPage.getByText('Пока никто не привязан')).toBeVisible();
  await parentPage.screenshot({ path: `${shots}/06-parent-children.png`, fullPage: true });

  // The new passwords work; the initial ones no longer do.
  await parentPage.getByRole('button', { name: 'Выйти' }).click();
  await parentPage.getByRole('textbox', { name: 'Логин', exact: true }).fill(parent.login);
  await parentPage.getByRole('textbox', { name: 'Пароль', exact: true }).fill(parent.password);
  await parentPage.getByRole('button', { name: 'Войти' }).click();
  await expect(parentPage.getByRole('alert')).toContainText('Неверный логин или пароль');
  await parentPage.getByRole('textbox', { name: 'Пароль', exact: true }).fill('Родитель2026пароль');
  await parentPage.getByRole('button', { name: 'Войти' }).click();
  await expect(parentPage.getByTestId('navigation')).toBeVisible();
});
