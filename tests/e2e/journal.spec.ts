// The class journal in the browser (issue 4): on a demo school with a fixed journal day, a teacher fills a lesson
// from the keyboard (topic, homework, marks, an absence, Delete, Ctrl+Z), the weighted average is right and
// everything is saved; the class teacher gives the absence a reason and sees the page read-only; the deputy sees
// the lesson complete and every change in the audit log. Then a network drop: the cell shows that it failed,
// and Enter saves it once the network is back. Screenshots in test-results/screenshots/journal-*.png.

import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import type { MarkSettings } from '../../src/shared/domain/directories';
import { formatAverage, parseMarkInput, suggestPeriodMark, weightedAverage, type WeightedMark } from '../../src/shared/domain/marks';
import { startBuiltServer, type RunningServer } from './server-fixture';

const shots = 'test-results/screenshots';

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** The school year a date belongs to starts in September (as the server's academicYearOf). */
const schoolYearOf = (date: string) => (Number(date.slice(5, 7)) >= 9 ? Number(date.slice(0, 4)) : Number(date.slice(0, 4)) - 1);

/**
 * Candidates for the journal's "today", computed at test time so that the test keeps working in later years.
 * The demo school writes its journal up to the real today and closes the periods that are over, so a day of the
 * first period would be locked by November: the most recent Wednesdays come first (the latest is in the open
 * period; earlier ones cover holidays), then the 3rd Wednesday of September of the current school year.
 */
function journalDays(now = new Date()): string[] {
  const today = iso(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
  const year = schoolYearOf(today);
  const d = new Date(`${today}T00:00:00Z`);
  while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() - 1);
  const days: string[] = [];
  for (let i = 0; i < 3; i++, d.setUTCDate(d.getUTCDate() - 7)) if (schoolYearOf(iso(d)) === year && iso(d) >= `${year}-09-15`) days.push(iso(d));
  const firstWeekday = new Date(Date.UTC(year, 8, 1)).getUTCDay();
  days.push(`${year}-09-${String(1 + ((3 - firstWeekday + 7) % 7) + 14).padStart(2, '0')}`);
  return days;
}

let DAY = '';

interface JournalPageReply {
  journal: { classId: number; subjectId: number; groupKey: number; className: string; subjectName: string };
  isMarkless: boolean;
  students: Array<{ id: number; lastName: string; firstName: string; fromDate: string; toDate: string | null }>;
  lessons: Array<{ date: string; lessonNumber: number; lessonId: number | null; isEditable: boolean; topic: string | null; homework: string | null; columns: Array<{ id: number | null; position: number; weight: number }> }>;
  marks: Array<{ studentId: number; value: string; columnId: number }>;
  attendance: Array<{ lessonId: number; studentId: number; code: string }>;
  markSettings: MarkSettings;
}

let server: RunningServer;
let accounts: Map<string, { login: string; password: string; name: string }>;
/** The teacher's journal page with an editable lesson on DAY. */
let journal: { base: string; url: string; classId: number; lessonKey: string; lessonNumber: number; students: JournalPageReply['students']; firstPosition: number; lastPosition: number };
/** The position of the mark column the teacher adds to the lesson. */
let addedPosition = 0;
let classTeacher: { login: string; password: string };

async function apiSession(login: string, password: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: server.url });
  const reply = await context.post('/api/v1/auth/login', { data: { login, password } });
  expect(reply.status(), await reply.text()).toBe(200);
  return context;
}

async function getJson<T>(context: APIRequestContext, url: string): Promise<T> {
  const reply = await context.get(url);
  expect(reply.status(), `${url}: ${await reply.text()}`).toBe(200);
  return (await reply.json()) as T;
}

async function signIn(page: Page, login: string, password: string) {
  await page.goto(server.url);
  // Generous: other suites may load the machine while this one runs.
  await expect(page.getByRole('textbox', { name: 'Логин', exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('navigation')).toBeVisible();
}

function cell(page: Page, row: number, position: number) {
  return page.locator(`td[data-r="${row}"][data-lesson="${journal.lessonKey}"][data-pos="${position}"]`);
}

function rowCell(page: Page, row: number, testId: string) {
  return page.locator(`tr[data-student="${journal.students[row]!.id}"] td[data-testid="${testId}"]`);
}

/** The weighted average and suggestion of a pupil from the page as the server has it, by the shared mark rules. */
function expectedOf(reply: JournalPageReply, studentId: number): { average: string; suggested: string } {
  const weightOf = new Map<number, number>();
  for (const l of reply.lessons) for (const c of l.columns) if (c.id !== null) weightOf.set(c.id, c.weight);
  const marks: WeightedMark[] = [];
  for (const m of reply.marks) {
    if (m.studentId !== studentId) continue;
    const parsed = parseMarkInput(m.value, reply.markSettings);
    if (parsed.ok) marks.push({ value: parsed.value, weight: weightOf.get(m.columnId)! });
  }
  const suggestion = suggestPeriodMark(marks, reply.markSettings);
  return {
    average: formatAverage(weightedAverage(marks)),
    suggested: suggestion.kind === 'mark' ? String(suggestion.value) : suggestion.kind === 'not-attested' ? 'н/а' : '—',
  };
}

/** The demo teacher's journal page with an editable lesson on DAY in a class with marks, or null. */
async function findJournal(): Promise<typeof journal | null> {
  const teacherAccount = accounts.get('Учитель')!;
  // Leadership lists every page with its teachers («Александрова М. П.»); the teacher opens her own.
  const [last, first, middle] = teacherAccount.name.split(' ') as [string, string, string];
  const short = `${last} ${first[0]}. ${middle[0]}.`;
  const deputyAccount = accounts.get('Заместитель директора')!;
  const deputy = await apiSession(deputyAccount.login, deputyAccount.password);
  const list = await getJson<{ journals: Array<{ classId: number; subjectId: number; groupKey: number; level: number; teacherNames: string[] }> }>(deputy, '/api/v1/journals');
  await deputy.dispose();
  const teacher = await apiSession(teacherAccount.login, teacherAccount.password);
  try {
    for (const j of list.journals.filter((x) => x.teacherNames.includes(short) && x.level >= 2)) {
      const base = `/api/v1/journals/${j.classId}/${j.subjectId}/${j.groupKey}`;
      const reply = await getJson<JournalPageReply>(teacher, base);
      const today = reply.lessons.filter((l) => l.date === DAY && l.isEditable);
      if (reply.isMarkless || today.length === 0 || reply.students.length < 8) continue;
      // The page opens on the latest lesson up to today: the last one of DAY.
      const lesson = reply.lessons.filter((l) => l.date === DAY).pop()!;
      if (!lesson.isEditable) continue;
      return {
        base,
        url: `/journal/${j.classId}/${j.subjectId}/${j.groupKey}`,
        classId: j.classId,
        lessonKey: `${lesson.date}#${lesson.lessonNumber}`,
        lessonNumber: lesson.lessonNumber,
        students: reply.students,
        firstPosition: Math.min(...lesson.columns.map((c) => c.position)),
        lastPosition: Math.max(...lesson.columns.map((c) => c.position)),
      };
    }
    return null;
  } finally {
    await teacher.dispose();
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  fs.mkdirSync(shots, { recursive: true });
  for (const day of journalDays()) {
    DAY = day;
    server = await startBuiltServer(['--demo', '--students', '300', '--journal-today', DAY]);
    const text = fs.readFileSync(path.join(server.dataDir, 'demo-credentials.txt'), 'utf8');
    accounts = new Map();
    for (const line of text.split('\n')) {
      const m = /^\s+(\S.*?)\s{2,}(\S+)\s+(\S+)\s+\((.*)\)/.exec(line);
      if (m) accounts.set(m[1]!, { login: m[2]!, password: m[3]!, name: m[4]! });
    }
    const found = await findJournal();
    if (found) {
      journal = found;
      break;
    }
    // A holiday or a locked day: try an earlier one.
    expect(await server.stop()).toBe(0);
  }
  expect(journal, `no journal page of the demo teacher has an editable lesson on ${journalDays().join(', ')}`).toBeDefined();

  // The class teacher of that class: the administrator issues a new password (the demo prints one class teacher only).
  const adminAccount = accounts.get('Администратор')!;
  const admin = await apiSession(adminAccount.login, adminAccount.password);
  const classes = await getJson<{ classes: Array<{ id: number; classTeacherName: string | null }> }>(admin, '/api/v1/classes');
  const teacherName = classes.classes.find((c) => c.id === journal.classId)!.classTeacherName!;
  const users = await getJson<{ users: Array<{ id: number; login: string; lastName: string; firstName: string; middleName: string | null }> }>(admin, '/api/v1/users?role=class_teacher');
  const user = users.users.find((u) => [u.lastName, u.firstName, u.middleName].filter(Boolean).join(' ') === teacherName)!;
  expect(user, `class teacher «${teacherName}»`).toBeDefined();
  const reset = await admin.post(`/api/v1/users/${user.id}/reset-password`, { data: {} });
  expect(reset.status()).toBe(200);
  const initial = ((await reset.json()) as { initialPassword: string }).initialPassword;
  await admin.dispose();
  const fresh = await apiSession(user.login, initial);
  const newPassword = 'Классный2026рук';
  const changed = await fresh.post('/api/v1/auth/password', { data: { currentPassword: initial, newPassword } });
  expect(changed.status(), await changed.text()).toBe(200);
  await fresh.dispose();
  classTeacher = { login: user.login, password: newPassword };
});

test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test('a teacher fills a lesson from the keyboard; the class teacher gives a reason; the deputy sees it complete and audited', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const teacherAccount = accounts.get('Учитель')!;
  await signIn(page, teacherAccount.login, teacherAccount.password);
  // TODO(server): GET /journals answers an empty list to teachers (the route's actor is loaded without the
  // teaching scope: permission 'school.read'); until then the teacher opens the page by its address.
  await page.goto(`${server.url}${journal.url}`);

  // The page opens on today's lesson, first pupil, with the keyboard focus there.
  await expect(cell(page, 0, journal.firstPosition)).toBeFocused();
  await expect(page.getByTestId('journal-legend')).toContainText('Ctrl+Z');

  // Topic and homework: up to the lesson's date, Enter, type, Ctrl+Enter saves; Esc goes back to the grid.
  await page.keyboard.press('ArrowUp');
  await expect(page.locator(`button[data-lesson-head="${journal.lessonKey}"]`)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#journal-topic')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Сложение обыкновенных дробей');
  await page.keyboard.press('Tab');
  await expect(page.locator('#journal-homework')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('§ 12, № 3–5');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('lesson-saved')).toBeVisible();

  // A mark column with weight 2 for a test on this lesson.
  const panel = page.getByTestId('lesson-panel');
  await panel.getByLabel('Вид работы').first().selectOption({ label: 'Проверочная работа (вес 2)' });
  await panel.getByRole('button', { name: 'Добавить колонку' }).click();
  addedPosition = Math.max(journal.lastPosition, 1) + 1;
  await expect(panel.getByText(`${addedPosition}. Проверочная работа, вес 2`)).toBeVisible();
  await expect(cell(page, 0, addedPosition)).toBeVisible();

  // Back to the grid (Esc), down from the lesson's date and right to the new column.
  await panel.getByRole('button', { name: 'Добавить колонку' }).focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowDown');
  await expect(cell(page, 0, journal.firstPosition)).toBeFocused();
  for (let i = 0; i < 5 && (await page.locator('td:focus').getAttribute('data-pos')) !== String(addedPosition); i++) await page.keyboard.press('ArrowRight');
  await expect(cell(page, 0, addedPosition)).toBeFocused();

  // Marks with digits and arrows; Delete clears one, Ctrl+Z brings it back.
  await page.keyboard.press('5');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('4');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('3');
  await expect(cell(page, 2, addedPosition)).toHaveAttribute('data-state', 'saved');
  await page.keyboard.press('Delete');
  await expect(cell(page, 2, addedPosition)).toHaveText('');
  await expect(cell(page, 2, addedPosition)).toHaveAttribute('data-state', 'saved');
  await page.keyboard.press('Control+z');
  await expect(cell(page, 2, addedPosition)).toHaveText('3');

  // An absence with «н» for a pupil who has no attendance and no 2 on this lesson yet.
  const teacherApi = await apiSession(teacherAccount.login, teacherAccount.password);
  let reply = await getJson<JournalPageReply>(teacherApi, journal.base);
  const lesson = reply.lessons.find((l) => `${l.date}#${l.lessonNumber}` === journal.lessonKey)!;
  const columnIds = new Set(lesson.columns.map((c) => c.id));
  const absentRow = journal.students.findIndex(
    (s, row) =>
      row >= 3 &&
      !reply.attendance.some((a) => a.lessonId === lesson.lessonId && a.studentId === s.id) &&
      !reply.marks.some((m) => m.studentId === s.id && columnIds.has(m.columnId) && Number(m.value) <= 2),
  );
  expect(absentRow).toBeGreaterThanOrEqual(3);
  for (let row = 2; row < absentRow; row++) await page.keyboard.press('ArrowDown');
  await expect(cell(page, absentRow, addedPosition)).toBeFocused();
  // The «н» key of a Russian keyboard (the Y key position; Playwright cannot press Cyrillic keys by name).
  await page.keyboard.press('KeyY');
  await expect(cell(page, absentRow, journal.firstPosition)).toContainText('Н');
  await expect(cell(page, absentRow, journal.firstPosition)).toHaveAttribute('data-state', 'saved');

  for (const [row, text] of [[0, '5'], [1, '4'], [2, '3']] as const) {
    await expect(cell(page, row, addedPosition)).toHaveText(text);
    await expect(cell(page, row, addedPosition)).toHaveAttribute('data-state', 'saved');
  }
  await expect(page.getByTestId('journal-status')).toHaveText(/Все изменения сохранены/);
  await expect(page.locator('td[data-state="failed"], td[data-state="saving"]')).toHaveCount(0);

  // The weighted averages and suggestions are those of the marks on the server, by the shared rules.
  reply = await getJson<JournalPageReply>(teacherApi, journal.base);
  for (const row of [0, 1, 2, absentRow]) {
    const expected = expectedOf(reply, journal.students[row]!.id);
    await expect(rowCell(page, row, 'average')).toHaveText(expected.average);
    await expect(rowCell(page, row, 'suggested')).toHaveText(expected.suggested);
  }
  expect(reply.marks.filter((m) => m.studentId === journal.students[0]!.id && m.value === '5').length).toBeGreaterThan(0);
  await teacherApi.dispose();
  await page.screenshot({ path: `${shots}/journal-teacher.png` });

  // Everything is on the server: a fresh load shows the same.
  await page.reload();
  await expect(cell(page, 0, addedPosition)).toHaveText('5');
  await expect(cell(page, 2, addedPosition)).toHaveText('3');
  await expect(cell(page, absentRow, journal.firstPosition)).toContainText('Н');

  // The class teacher sets the reason of the absence.
  // TODO: use the class teacher's absences page (/my-class/absences, src/renderer/pages/ClassAbsencesPage.tsx)
  // once it is routed; until then the reason is set through the API with the class teacher's session.
  const classTeacherApi = await apiSession(classTeacher.login, classTeacher.password);
  const absences = await getJson<{ absences: Array<{ lessonId: number; studentId: number; code: string; version: number; lessonNumber: number }> }>(
    classTeacherApi,
    `/api/v1/classes/${journal.classId}/absences?from=${DAY}&to=${DAY}`,
  );
  const absence = absences.absences.find((a) => a.studentId === journal.students[absentRow]!.id && a.lessonNumber === journal.lessonNumber)!;
  expect(absence.code).toBe('Н');
  const reason = await classTeacherApi.put(`/api/v1/classes/${journal.classId}/absences`, {
    data: { lessonId: absence.lessonId, studentId: absence.studentId, code: 'Б', version: absence.version },
  });
  expect(reason.status(), await reason.text()).toBe(200);
  await classTeacherApi.dispose();
  // TODO(server): setting a reason publishes no page event, so the open page shows it on the next reload.
  await page.reload();
  await expect(cell(page, absentRow, journal.firstPosition)).toContainText('Б');

  // Live updates: a mark entered in another window of the teacher appears on this page without a reload.
  const otherRow = absentRow === 3 ? 4 : 3;
  const addedColumnId = reply.lessons.find((l) => `${l.date}#${l.lessonNumber}` === journal.lessonKey)!.columns.find((c) => c.position === addedPosition)!.id;
  const otherWindow = await apiSession(teacherAccount.login, teacherAccount.password);
  const live = await otherWindow.post(`${journal.base}/cells`, {
    data: { edits: [{ kind: 'mark', date: DAY, lessonNumber: journal.lessonNumber, columnId: addedColumnId, studentId: journal.students[otherRow]!.id, value: '5', version: 0 }] },
  });
  expect(live.status(), await live.text()).toBe(200);
  await otherWindow.dispose();
  await expect(cell(page, otherRow, addedPosition)).toHaveText('5');

  // The class teacher sees the same page read-only.
  const classTeacherContext = await browser.newContext();
  const classTeacherPage = await classTeacherContext.newPage();
  await signIn(classTeacherPage, classTeacher.login, classTeacher.password);
  await classTeacherPage.goto(`${server.url}${journal.url}`);
  await expect(classTeacherPage.getByTestId('read-only')).toBeVisible();
  await expect(cell(classTeacherPage, absentRow, journal.firstPosition)).toContainText('Б');
  await expect(cell(classTeacherPage, 0, addedPosition)).toHaveText('5');
  await cell(classTeacherPage, 0, addedPosition).click();
  await classTeacherPage.keyboard.press('4');
  await expect(cell(classTeacherPage, 0, addedPosition)).toHaveText('5');
  await expect(classTeacherPage.getByTestId('journal-status')).toContainText('только для просмотра');
  await classTeacherPage.screenshot({ path: `${shots}/journal-class-teacher.png` });
  await classTeacherContext.close();

  // The deputy: the journal list, the lesson complete, every change in the audit log.
  const deputyAccount = accounts.get('Заместитель директора')!;
  const deputyContext = await browser.newContext();
  const deputyPage = await deputyContext.newPage();
  await signIn(deputyPage, deputyAccount.login, deputyAccount.password);
  await deputyPage.getByTestId('navigation').getByRole('link', { name: 'Классный журнал' }).click();
  await expect(deputyPage.getByTestId('journal-link').first()).toBeVisible();
  await deputyPage.screenshot({ path: `${shots}/journal-list.png`, fullPage: true });
  await deputyPage.getByLabel('Класс').selectOption({ value: String(journal.classId) });
  await deputyPage.locator(`a[href="${journal.url}"]`).click();
  await expect(deputyPage.getByTestId('unlock-form')).toBeVisible();
  await expect(cell(deputyPage, 0, addedPosition)).toHaveText('5');
  // Past dates opened for corrections, with a reason.
  await deputyPage.getByRole('textbox', { name: 'Причина' }).fill('Учитель был на курсах повышения квалификации');
  await deputyPage.getByRole('button', { name: 'Разблокировать' }).click();
  await expect(deputyPage.getByTestId('unlock-form')).toContainText('разблокированы');
  await expect(deputyPage.getByTestId('unlock-form')).toContainText('курсах повышения');
  await deputyPage.evaluate('window.scrollTo(0, 0)');
  await deputyPage.screenshot({ path: `${shots}/journal-deputy.png`, fullPage: true });
  await deputyContext.close();

  const deputy = await apiSession(deputyAccount.login, deputyAccount.password);
  const control = await getJson<{ lessons: Array<{ lessonNumber: number; isComplete: boolean; missing: string[] }> }>(deputy, `${journal.base}/control?from=${DAY}&to=${DAY}`);
  const controlled = control.lessons.find((l) => l.lessonNumber === journal.lessonNumber)!;
  expect(controlled.missing).toEqual([]);
  expect(controlled.isComplete).toBe(true);
  const audit = await getJson<{ entries: Array<{ action: string; newValue: unknown; oldValue: unknown }> }>(deputy, '/api/v1/audit?limit=200');
  const actions = audit.entries.map((e) => e.action);
  for (const action of ['lesson.update', 'mark-column.create', 'mark.create', 'mark.delete', 'attendance.set', 'attendance.reason', 'journal.unlock']) {
    expect(actions, action).toContain(action);
  }
  // 5, 4, 3, and the 3 again after Delete and Ctrl+Z, the live one; one deletion.
  expect(actions.filter((a) => a.startsWith('mark.') && a !== 'mark.delete')).toHaveLength(5);
  expect(actions.filter((a) => a === 'mark.delete')).toHaveLength(1);
  const topic = audit.entries.find((e) => e.action === 'lesson.update')!.newValue as { topic: string; homework: string };
  expect(topic).toEqual({ topic: 'Сложение обыкновенных дробей', homework: '§ 12, № 3–5' });
  await deputy.dispose();
});

test('a network drop: the cell shows it failed and Enter saves it again', async ({ page }) => {
  const teacherAccount = accounts.get('Учитель')!;
  await signIn(page, teacherAccount.login, teacherAccount.password);
  await page.goto(`${server.url}${journal.url}`);
  await expect(cell(page, 0, journal.firstPosition)).toBeFocused();
  for (let i = 0; i < 5 && (await page.locator('td:focus').getAttribute('data-pos')) !== String(addedPosition); i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
  await expect(cell(page, 6, addedPosition)).toBeFocused();

  await page.route('**/cells', (route) => route.abort('internetdisconnected'));
  await page.keyboard.press('4');
  await expect(cell(page, 6, addedPosition)).toHaveAttribute('data-state', 'failed');
  await expect(cell(page, 6, addedPosition)).toHaveText('4');
  await expect(cell(page, 6, addedPosition)).toHaveAttribute('title', /Нет связи с сервером/);
  await expect(page.getByTestId('journal-status')).toContainText('Не сохранено клеток: 1');
  await page.screenshot({ path: `${shots}/journal-network-failed.png` });

  await page.unroute('**/cells');
  await page.keyboard.press('Enter');
  await expect(cell(page, 6, addedPosition)).toHaveAttribute('data-state', 'saved');
  await expect(cell(page, 6, addedPosition)).toHaveText('4');
  await expect(page.getByTestId('journal-status')).toHaveText(/Все изменения сохранены/);
  await page.reload();
  await expect(cell(page, 6, addedPosition)).toHaveText('4');
});
