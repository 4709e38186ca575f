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
type Report = { totalRows: number; validRows: number; problems: Array<{ rowNumber: number; column: string; message: string }>; notes: string[]; isCommitted: boolean; created: number };

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

// The kinds below build on one small school of their own: pupils and teachers are loaded
// through the imports themselves, as an administrator starting a school year would.
const csvOf = (...lines: string[]) => Buffer.from(lines.join('\n'));
const download = async (path: string) => {
  const response = await fetch(`${t.server.url}/api/v1${path}`, { headers: { cookie: admin.cookie! } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};
const currentYearId = async () => (await admin.get<{ years: Array<{ id: number; isCurrent: boolean }> }>('/api/v1/years')).body.years.find((y) => y.isCurrent)!.id;
const messagesOfRow = (report: Report, row: number) => report.problems.filter((p) => p.rowNumber === row).map((p) => p.message);

describe('guardians import', () => {
  beforeAll(async () => {
    const pupils = await send(
      'students',
      'дети.csv',
      csvOf('Класс;Фамилия;Имя;Дата рождения', `5А;Орлов;Иван;01.04.${startYear - 11}`, `6Б;Орлова;Мария;02.02.${startYear - 12}`, `5А;Белов;Артём;`),
      true,
    );
    expect(pupils.body).toMatchObject({ isCommitted: true, created: 3 });
  });

  it('links siblings to one parent account, reports a missing child, and writes nothing until the file is clean', async () => {
    const header = 'Класс;Фамилия ребёнка;Имя ребёнка;Дата рождения ребёнка;Фамилия родителя;Имя родителя;Отчество родителя;Кем приходится;Телефон;Эл. почта';
    const rows = [
      '5А;Орлов;Иван;;Орлова;Елена;Викторовна;Мать;8 (900) 111-22-33;',
      `6Б;орлова;Мария;02.02.${startYear - 12};Орлова;Елена;Викторовна;Мать;+7 900 111 22 33;Orlova@Example.ru`,
      '5А;Орлов;Иван;;Орлов;Сергей;;Отец;;s.orlov@example.ru',
      '5А;Белов;Артём;;Белова;Ирина;;;;',
    ];
    const usersBefore = await t.server.db('users').count({ n: '*' }).first();
    const withMissing = await send('guardians', 'родители.csv', csvOf(header, ...rows, '5А;Соколов;Пётр;;Соколова;Анна;;Мать;;'), true);
    expect(withMissing.body.isCommitted).toBe(false);
    expect(messagesOfRow(withMissing.body, 6)).toEqual([expect.stringContaining('В 5А нет обучающегося Соколов Пётр')]);
    expect(withMissing.body.problems).toHaveLength(1);
    expect(await t.server.db('users').count({ n: '*' }).first()).toEqual(usersBefore);

    const preview = await send('guardians', 'родители.csv', csvOf(header, ...rows), false);
    expect(preview.body).toMatchObject({ validRows: 4, problems: [], isCommitted: false });
    expect(preview.body.notes.join(' ')).toContain('3 учётные записи');

    const reply = await send('guardians', 'родители.csv', csvOf(header, ...rows), true);
    expect(reply.body).toMatchObject({ isCommitted: true, created: 4, problems: [] });
    const mother = (await t.server.db('users').where({ last_name: 'Орлова', first_name: 'Елена' })) as Array<{ id: number; login: string; phone: string; email: string; password_hash: string | null }>;
    expect(mother).toHaveLength(1);
    expect(mother[0]).toMatchObject({ login: 'orlova.ev', phone: '+79001112233', email: 'orlova@example.ru', password_hash: null });
    const children = (await t.server.db('guardianships').where({ guardian_user_id: mother[0]!.id }).select('student_id', 'relation')) as Array<{ student_id: number; relation: string }>;
    expect(children).toHaveLength(2);
    expect(await t.server.db('user_roles').where({ user_id: mother[0]!.id })).toEqual([{ user_id: mother[0]!.id, role: 'parent' }]);

    const ivan = ((await t.server.db('students').where({ last_name: 'Орлов', first_name: 'Иван' }).first('id')) as { id: number }).id;
    const card = await admin.get<{ guardians: Array<{ name: string; relation: string; email: string | null }> }>(`/api/v1/students/${ivan}/card`);
    expect(card.body.guardians.map((g) => `${g.name} (${g.relation})`).sort()).toEqual(['Орлов Сергей (Отец)', 'Орлова Елена Викторовна (Мать)']);
    expect(await t.server.db('audit_log').where({ action: 'user.import' }).whereLike('new_value', '%parent%').count({ n: '*' }).first()).toEqual({ n: 3 });
    expect(await t.server.db('audit_log').where({ action: 'student.guardian-import' }).count({ n: '*' }).first()).toEqual({ n: 4 });

    // Loading the same file again: every parent is already there.
    const again = await send('guardians', 'родители.csv', csvOf(header, ...rows), true);
    expect(again.body.isCommitted).toBe(false);
    expect(messagesOfRow(again.body, 2)).toEqual([expect.stringContaining('уже указан(а) родителем этого ребёнка')]);
    expect(again.body.problems).toHaveLength(4);
  });

  it('links a second child to a parent already in the journal instead of creating another account', async () => {
    const newPupil = await send('students', 'дети.csv', csvOf('Класс;Фамилия;Имя', '6Б;Белова;Ксения'), true);
    expect(newPupil.body.isCommitted).toBe(true);
    const file = csvOf('Класс;Фамилия ребёнка;Имя ребёнка;Фамилия родителя;Имя родителя;Телефон;Эл. почта', '6Б;Белова;Ксения;Орлов;Сергей;;s.orlov@example.ru');
    const reply = await send('guardians', 'ещё.csv', file, true);
    expect(reply.body).toMatchObject({ isCommitted: true, created: 1 });
    expect(reply.body.notes.join(' ')).toContain('1 родитель уже есть в журнале');
    expect(await t.server.db('users').where({ last_name: 'Орлов', first_name: 'Сергей' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });
});

describe('curriculum import', () => {
  const header = 'Параллель;Предмет;Часов в неделю;Форма аттестации';
  const planOf = async () =>
    (await admin.get<{ items: Array<{ level: number; subjectId: number; hoursPerWeek: number; assessmentForm: string | null }> }>(`/api/v1/years/${await currentYearId()}/curriculum`)).body.items;

  it('replaces the current plan, and an unknown subject or a repeated one is a row problem', async () => {
    const first = await send('curriculum', 'план.csv', csvOf(header, '5;Математика;5;Контрольная работа', '5;русский ЯЗЫК;4,5;', '6;Физика;2;'), true);
    expect(first.body).toMatchObject({ isCommitted: true, created: 3 });
    expect(await planOf()).toHaveLength(3);

    const wrong = await send('curriculum', 'план.csv', csvOf(header, '5;Математика;6;', '5;Астрология;1;', '5;математика;4;', '12;История;2;'), true);
    expect(wrong.body.isCommitted).toBe(false);
    expect(messagesOfRow(wrong.body, 3)).toEqual([expect.stringContaining('Нет предмета «Астрология» в справочнике')]);
    expect(messagesOfRow(wrong.body, 4)).toEqual([expect.stringContaining('уже есть в строке 2')]);
    expect(messagesOfRow(wrong.body, 5)).toEqual(['Число должно быть от 1 до 11']);
    expect(await planOf()).toHaveLength(3);

    const second = await send('curriculum', 'план.csv', csvOf(header, '5;Математика;6;Экзамен', '7;История;2;'), false);
    expect(second.body.notes.join(' ')).toContain('будет заменён целиком');
    const committed = await send('curriculum', 'план.csv', csvOf(header, '5;Математика;6;Экзамен', '7;История;2;'), true);
    expect(committed.body).toMatchObject({ isCommitted: true, created: 2 });
    const plan = await planOf();
    expect(plan.map((item) => [item.level, item.hoursPerWeek, item.assessmentForm]).sort()).toEqual([
      [5, 6, 'Экзамен'],
      [7, 2, null],
    ]);
    expect(await t.server.db('audit_log').where({ action: 'curriculum.update' }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('exports the plan in the columns of the import', async () => {
    const exported = await download('/exports/curriculum');
    const again = await send('curriculum', 'план.xlsx', exported, false);
    expect(again.body).toMatchObject({ totalRows: 2, validRows: 2, problems: [] });
  });
});

describe('timetable import', () => {
  const header = 'Класс;День недели;Урок;Предмет;Учитель;Кабинет';
  type Slot = { id: number; classId: number; weekday: number; lessonNumber: number; subjectId: number; teacherUserId: number; room: string | null; groupId: number | null };
  const timetableOf = async () => (await admin.get<{ version: number; slots: Slot[] }>(`/api/v1/years/${await currentYearId()}/timetable`)).body;
  const shape = (slots: Slot[]) => slots.map((s) => [s.classId, s.weekday, s.lessonNumber, s.subjectId, s.teacherUserId, s.room].join(' ')).sort();

  beforeAll(async () => {
    const staff = await send('staff', 'учителя.csv', csvOf('Фамилия;Имя;Отчество;Роли', 'Морозов;Кирилл;Андреевич;Учитель', 'Зайцева;Нина;Павловна;Учитель'), true);
    expect(staff.body).toMatchObject({ isCommitted: true, created: 2 });
  });

  it('reports a clash on both rows and writes nothing, then saves a clean file with a new version', async () => {
    const clashing = [
      '5А;Понедельник;1;Математика;Морозов Кирилл Андреевич;21',
      '5А;Пн;2;Русский язык;zaitseva.np;22',
      '6Б;понедельник;1;Физика;морозов кирилл андреевич;23',
      '6Б;Вт;1;Физика;Петров Пётр;23',
    ];
    const before = await timetableOf();
    const reply = await send('timetable', 'расписание.csv', csvOf(header, ...clashing), true);
    expect(reply.body.isCommitted).toBe(false);
    expect(messagesOfRow(reply.body, 2)).toEqual(['Накладка со строкой 4: учитель ведёт два урока одновременно: понедельник, 1-й урок']);
    expect(messagesOfRow(reply.body, 4)).toEqual(['Накладка со строкой 2: учитель ведёт два урока одновременно: понедельник, 1-й урок']);
    expect(messagesOfRow(reply.body, 5)).toEqual([expect.stringContaining('Нет учителя «Петров Пётр»')]);
    expect(await timetableOf()).toEqual(before);

    const clean = [clashing[0]!, clashing[1]!, '6Б;понедельник;1;Физика;Зайцева Нина Павловна;23', '6Б;Вт;1;Физика;morozov.ka;'];
    const saved = await send('timetable', 'расписание.csv', csvOf(header, ...clean), true);
    expect(saved.body).toMatchObject({ isCommitted: true, created: 4, problems: [] });
    const after = await timetableOf();
    expect(after.slots).toHaveLength(4);
    expect(after.version).toBe(before.version + 1);
    expect(after.slots.every((s) => s.groupId === null)).toBe(true);
    // A timetable page opened before the import holds the old version: its save is refused.
    const stale = await admin.put(`/api/v1/years/${await currentYearId()}/timetable`, { version: before.version, slots: [] });
    expect(stale.status).toBe(409);
    expect((await timetableOf()).slots).toHaveLength(4);
  });

  it('exports the timetable so that loading it back gives the same lessons', async () => {
    const before = await timetableOf();
    const exported = await download('/exports/timetable');
    const preview = await send('timetable', 'расписание.xlsx', exported, false);
    expect(preview.body).toMatchObject({ totalRows: 4, validRows: 4, problems: [] });
    const reply = await send('timetable', 'расписание.xlsx', exported, true);
    expect(reply.body).toMatchObject({ isCommitted: true, created: 4 });
    const after = await timetableOf();
    expect(shape(after.slots)).toEqual(shape(before.slots));
    // Unchanged lessons keep their ids, so substitutions already entered for them are kept.
    expect(after.slots.map((s) => s.id).sort()).toEqual(before.slots.map((s) => s.id).sort());
  });
});

describe('templates and exports of the other kinds', () => {
  it('offers a template with an example row and instructions for every kind', async () => {
    for (const kind of ['guardians', 'curriculum', 'timetable']) {
      const template = await download(`/imports/${kind}/template`);
      expect(template.subarray(0, 2).toString()).toBe('PK');
      const preview = await send(kind, 'шаблон.xlsx', template, false);
      expect(preview.body.totalRows, kind).toBe(1);
      expect(preview.body.problems.every((p) => p.rowNumber === 2), kind).toBe(true);
    }
  });

  it('exports staff in the columns of the staff import', async () => {
    const exported = await download('/exports/staff');
    const preview = await send('staff', 'сотрудники.xlsx', exported, false);
    // Everyone is already in the journal, so each row's login is taken: the columns themselves are right.
    expect(preview.body.problems.filter((p) => p.rowNumber === 1)).toEqual([]);
    expect(preview.body.problems.length).toBeGreaterThanOrEqual(4);
    expect(preview.body.problems.every((p) => p.message.includes('уже занят'))).toBe(true);
  });
});
