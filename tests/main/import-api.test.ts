// Imports through the API as the administrator uses them: the template, a preview with each
// row's problems in Russian, an all-or-nothing commit, Windows-1251 CSV, and files that are
// empty, malformed or far too long (refused whole, nothing written, no crash).
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../src/main/imports/write-table';
import { Client, setUpSchool, startTestServer, type TestServer } from './helpers/test-server';

let t: TestServer;
let admin: Client;
let startYear: number;
type Report = { totalRows: number; validRows: number; problems: Array<{ rowNumber: number; column: string; message: string }>; isCommitted: boolean; created: number };

const send = (kind: string, fileName: string, bytes: Buffer, commit: boolean) =>
  admin.post<Report & { detail: string }>(`/api/v1/imports/${kind}`, { fileName, contentBase64: bytes.toString('base64'), commit });
const studentCount = async () => Number(((await t.server.db('students').count({ n: '*' }).first()) as { n: number }).n);

beforeAll(async () => {
  t = await startTestServer();
  admin = await setUpSchool(t.server.url);
  const years = await admin.get<{ years: Array<{ name: string; isCurrent: boolean }> }>('/api/v1/years');
  startYear = Number(years.body.years.find((y) => y.isCurrent)!.name.slice(0, 4));
  await admin.post('/api/v1/classes', { level: 5, letter: 'А', shift: 1, classTeacherUserId: null });
  await admin.post('/api/v1/classes', { level: 6, letter: 'Б', shift: 1, classTeacherUserId: null });
});
afterAll(async () => t.close());

describe('class-list import', () => {
  it('offers a template that imports as it is', async () => {
    const response = await fetch(`${t.server.url}/api/v1/imports/students/template`, { headers: { cookie: admin.cookie! } });
    expect(response.status).toBe(200);
    const template = Buffer.from(await response.arrayBuffer());
    expect(template.subarray(0, 2).toString()).toBe('PK');
    const preview = await send('students', 'шаблон.xlsx', template, false);
    expect(preview.body).toMatchObject({ totalRows: 1, validRows: 1, problems: [] });
  });

  it('shows every row problem of a Windows-1251 CSV, and writes nothing on commit', async () => {
    const csv = [
      'Класс;Фамилия;Имя;Отчество;Дата рождения',
      '5А;Иванова;Анна;Петровна;14.03.2015',
      '7В;Петров;Пётр;;01.02.2014',
      '5А;Сидоров;Иван;;31.02.2015',
      '5А;Иванова;Анна;;14.03.2015',
      '5 А;Орлова;Вера;Игоревна;',
    ].join('\r\n');
    const bytes = iconv.encode(csv, 'win1251');
    const before = await studentCount();
    const reply = await send('students', 'список.csv', bytes, true);
    expect(reply.status).toBe(200);
    expect(reply.body.isCommitted).toBe(false);
    expect(reply.body.totalRows).toBe(5);
    const byRow = (row: number) => reply.body.problems.filter((p) => p.rowNumber === row).map((p) => p.message).join(' | ');
    expect(byRow(2)).toBe('');
    expect(byRow(3)).toContain('Класса 7В нет');
    expect(byRow(4)).toMatch(/не существует/);
    expect(byRow(5)).toContain('уже есть в строке 2');
    expect(byRow(6)).toBe('');
    expect(await studentCount()).toBe(before);
  });

  it('commits a clean file all at once, each pupil audited, in the right classes', async () => {
    const rows = [
      { className: '5А', lastName: 'Кузнецова', firstName: 'Дарья', middleName: 'Олеговна', birthDate: `${startYear - 11}-05-20`, fromDate: null },
      { className: '6Б', lastName: 'Смирнов', firstName: 'Глеб', middleName: null, birthDate: `${startYear - 12}-11-02`, fromDate: `${startYear}-09-01` },
    ];
    const file = await writeXlsx([
      {
        name: 'Список',
        columns: [
          { header: 'Класс', key: 'className' },
          { header: 'Фамилия', key: 'lastName' },
          { header: 'Имя', key: 'firstName' },
          { header: 'Отчество', key: 'middleName' },
          { header: 'Дата рождения', key: 'birthDate', type: 'date' },
          { header: 'Дата зачисления', key: 'fromDate', type: 'date' },
        ],
        rows,
      },
    ]);
    const reply = await send('students', 'список.xlsx', file, true);
    expect(reply.body).toMatchObject({ isCommitted: true, created: 2, problems: [] });
    const sixB = ((await t.server.db('classes').where({ level: 6, letter: 'Б' }).first('id')) as { id: number }).id;
    const list = await admin.get<{ students: Array<{ lastName: string }> }>(`/api/v1/classes/${sixB}/students`);
    expect(list.body.students.map((s) => s.lastName)).toEqual(['Смирнов']);
    expect(await t.server.db('audit_log').where({ action: 'student.import' }).count({ n: '*' }).first()).toEqual({ n: 2 });
    // The same file again: everyone is already there, nothing is doubled.
    const again = await send('students', 'список.xlsx', file, true);
    expect(again.body.isCommitted).toBe(false);
    expect(again.body.problems).toHaveLength(2);
  });

  it('refuses wrong columns, empty files, garbage and 50,000 rows with a clear message', async () => {
    const wrongColumns = await send('students', 'x.csv', Buffer.from('Класс;Имя\n5А;Анна\n'), false);
    expect(wrongColumns.body.problems[0]).toMatchObject({ rowNumber: 1, message: expect.stringContaining('Нет столбца «Фамилия»') });

    const empty = await send('students', 'пусто.csv', Buffer.from(' '), false);
    expect(empty.status).toBe(400);
    const garbage = await send('students', 'картинка.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]), false);
    expect(garbage.status).toBe(400);
    expect(garbage.body.detail).toMatch(/XLSX или CSV/);

    const lines = ['Класс;Фамилия;Имя'];
    for (let i = 0; i < 50_000; i++) lines.push(`5А;Фамилия${i};Имя${i}`);
    const before = await studentCount();
    const huge = await send('students', 'огромный.csv', Buffer.from(lines.join('\n')), true);
    expect(huge.status).toBe(400);
    expect(huge.body.detail).toContain('В файле 50000 строк');
    expect(await studentCount()).toBe(before);
    expect((await admin.get('/api/v1/auth/me')).status).toBe(200);
  });
});

describe('staff import', () => {
  it('creates staff without passwords (issued later on a sheet), with logins from their names', async () => {
    const csv = 'Фамилия,Имя,Отчество,Роли\nЛебедева,Ольга,Ивановна,"Учитель, Классный руководитель"\nВолков,Олег,,Завуч\n';
    const preview = await send('staff', 'сотрудники.csv', Buffer.from(csv), false);
    expect(preview.body.problems).toEqual([expect.objectContaining({ rowNumber: 3, column: 'Роли', message: expect.stringContaining('Неизвестная роль «завуч»') })]);
    const fixed = csv.replace('Завуч', 'Заместитель директора');
    const reply = await send('staff', 'сотрудники.csv', Buffer.from(fixed), true);
    expect(reply.body).toMatchObject({ isCommitted: true, created: 2 });
    const lebedeva = (await admin.get<{ users: Array<{ login: string; roles: string[]; mustChangePassword: boolean }> }>('/api/v1/users?search=Лебедева')).body.users[0]!;
    expect(lebedeva).toMatchObject({ login: 'lebedeva.oi', roles: ['teacher', 'class_teacher'], mustChangePassword: true });
    expect(((await t.server.db('users').where({ login: 'lebedeva.oi' }).first('password_hash')) as { password_hash: string | null }).password_hash).toBeNull();
  });
});
