// Column specs: header matching (case, spaces, ё/е, aliases), required and optional columns,
// every parser's accepted forms and Russian messages, and the row type inferred from the spec.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  date,
  decimal,
  defineColumns,
  email,
  integer,
  mapRows,
  oneOf,
  optionalText,
  phone,
  templateColumns,
  text,
  type CellParser,
} from '../../../src/main/imports/columns';
import { readTable, type RawTable } from '../../../src/main/imports/read-table';

const pupils = defineColumns({
  lastName: { header: ['Фамилия'], required: true, parse: text(60) },
  firstName: { header: ['Имя'], required: true, parse: text(60) },
  middleName: { header: ['Отчество'], required: true, parse: optionalText(60) },
  birthDate: { header: ['Дата рождения', 'ДР'], required: false, parse: date() },
  gender: { header: ['Пол'], required: false, parse: oneOf({ Мужской: 'male', Женский: 'female', М: 'male', Ж: 'female' }) },
  guardianPhone: { header: ['Телефон родителя'], required: false, parse: phone() },
});

function table(headers: string[], ...rows: string[][]): RawTable {
  return {
    headers,
    rows: rows.map((cells, index) => ({
      rowNumber: index + 2,
      cells: Object.fromEntries(headers.map((header, column) => [header, cells[column] ?? ''])),
    })),
    encoding: 'utf-8',
    delimiter: ';',
  };
}

function parseOne<T>(parser: CellParser<T>, cell: string) {
  return parser.parse(cell);
}

describe('mapRows', () => {
  it('maps rows by header into typed values; optional columns that are absent give null', () => {
    const result = mapRows(
      table(['Фамилия', 'Имя', 'Отчество', 'Пол'], ['Иванова', 'Анна', 'Петровна', 'женский'], ['Соколов', 'Лев', '', 'М']),
      pupils,
    );
    expect(result.problems).toEqual([]);
    expect(result.ignoredColumns).toEqual([]);
    expect(result.rows).toEqual([
      {
        rowNumber: 2,
        value: {
          lastName: 'Иванова',
          firstName: 'Анна',
          middleName: 'Петровна',
          birthDate: null,
          gender: 'female',
          guardianPhone: null,
        },
      },
      {
        rowNumber: 3,
        value: { lastName: 'Соколов', firstName: 'Лев', middleName: null, birthDate: null, gender: 'male', guardianPhone: null },
      },
    ]);
  });

  it('infers the row type from the spec', () => {
    type Row = ReturnType<typeof mapRows<typeof pupils>>['rows'][number]['value'];
    expectTypeOf<Row['lastName']>().toEqualTypeOf<string>();
    expectTypeOf<Row['middleName']>().toEqualTypeOf<string | null>();
    expectTypeOf<Row['birthDate']>().toEqualTypeOf<string | null>();
    expectTypeOf<Row['gender']>().toEqualTypeOf<'male' | 'female' | null>();
  });

  it('matches headers ignoring case, spaces and ё/е, and accepts aliases', async () => {
    const file = Buffer.from('  ФАМИЛИЯ ;имя;ОТЧЁСТВО;др;Телефон  родителя\nЁжиков;Иван;;1.9.2015;8 (916) 123-45-67\n', 'utf-8');
    const result = mapRows(await readTable({ name: 'a.csv', bytes: file }, { maxRows: 10 }), pupils);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]?.value).toMatchObject({ lastName: 'Ёжиков', birthDate: '2015-09-01', guardianPhone: '+79161234567' });

    const withYoInSpec = defineColumns({ child: { header: ['Ребёнок'], required: true, parse: text(10) } });
    expect(mapRows(table(['РЕБЕНОК'], ['Маша']), withYoInSpec).rows[0]?.value.child).toBe('Маша');
  });

  it('names all missing required columns in one problem on row 1 and maps nothing', () => {
    const result = mapRows(table(['Имя', 'Пол'], ['Анна', 'Ж']), pupils);
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      { rowNumber: 1, column: 'Фамилия, Отчество', message: 'Нет столбцов «Фамилия», «Отчество»' },
    ]);
    const one = mapRows(table(['Имя', 'Отчество'], ['Анна', '']), pupils);
    expect(one.problems).toEqual([{ rowNumber: 1, column: 'Фамилия', message: 'Нет столбца «Фамилия»' }]);
  });

  it('ignores unknown columns but lists them', () => {
    const result = mapRows(table(['Фамилия', 'Имя', 'Отчество', 'Группа крови'], ['Иванов', 'Пётр', '', 'II']), pupils);
    expect(result.ignoredColumns).toEqual(['Группа крови']);
    expect(result.rows).toHaveLength(1);
  });

  it('refuses two columns of the file that mean the same spec column', () => {
    const result = mapRows(
      table(['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'ДР'], ['Иванов', 'Пётр', '', '01.01.2015', '01.01.2015']),
      pupils,
    );
    expect(result.problems).toEqual([
      { rowNumber: 1, column: 'Дата рождения', message: 'Столбцы «Дата рождения» и «ДР» означают одно и то же. Оставьте один' },
    ]);
  });

  it('reports each bad cell with its row and the header as written, and leaves such rows out', () => {
    const result = mapRows(
      table(
        ['фамилия', 'Имя', 'Отчество', 'ДР', 'Пол'],
        ['Иванов', 'Пётр', '', '31.02.2015', 'м'],
        ['', 'Анна', '', '', 'непонятно'],
        ['Петров', 'Иван', '', '', ''],
      ),
      pupils,
    );
    expect(result.rows.map((row) => row.rowNumber)).toEqual([4]);
    expect(result.problems).toEqual([
      { rowNumber: 2, column: 'ДР', message: 'Дата «31.02.2015» не существует' },
      { rowNumber: 3, column: 'фамилия', message: 'Не заполнено' },
      { rowNumber: 3, column: 'Пол', message: 'Допустимые значения: «Мужской», «Женский», «М», «Ж»' },
    ]);
  });

  it('skips completely empty rows silently', () => {
    const result = mapRows(table(['Фамилия', 'Имя', 'Отчество'], ['', ' ', ''], ['Иванов', 'Пётр', '']), pupils);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.rowNumber)).toEqual([3]);
  });

  it('refuses a spec where two columns claim the same header', () => {
    expect(() =>
      defineColumns({
        a: { header: ['Класс'], required: true, parse: text(5) },
        b: { header: ['КЛАСС'], required: false, parse: text(5) },
      }),
    ).toThrow(/«КЛАСС»/);
  });

  it('gives template columns with date and text formats', () => {
    expect(templateColumns(pupils).map(({ header, type }) => [header, type])).toEqual([
      ['Фамилия', 'text'],
      ['Имя', 'text'],
      ['Отчество', 'text'],
      ['Дата рождения', 'date'],
      ['Пол', undefined],
      ['Телефон родителя', 'text'],
    ]);
  });
});

describe('parsers', () => {
  it('text: collapses inner spaces and limits the length', () => {
    expect(parseOne(text(20), 'Римский-Корсаков   Николай')).toEqual({
      ok: false,
      message: 'Не длиннее 20 символов (сейчас 24)',
    });
    expect(parseOne(text(30), 'Анна\n Мария')).toEqual({ ok: true, value: 'Анна Мария' });
  });

  it('date: accepts ДД.ММ.ГГГГ, Д.М.ГГГГ and ГГГГ-ММ-ДД', () => {
    expect(parseOne(date(), '01.09.2026')).toEqual({ ok: true, value: '2026-09-01' });
    expect(parseOne(date(), '1.9.2026')).toEqual({ ok: true, value: '2026-09-01' });
    expect(parseOne(date(), '2026-09-01')).toEqual({ ok: true, value: '2026-09-01' });
    expect(parseOne(date(), '29.02.2024')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('date: rejects impossible dates and other formats', () => {
    expect(parseOne(date(), '31.02.2026')).toEqual({ ok: false, message: 'Дата «31.02.2026» не существует' });
    expect(parseOne(date(), '29.02.2025')).toEqual({ ok: false, message: 'Дата «29.02.2025» не существует' });
    expect(parseOne(date(), '2026-13-01')).toEqual({ ok: false, message: 'Дата «2026-13-01» не существует' });
    for (const wrong of ['2026/09/01', '1.9.26', '01-09-2026', 'сентябрь', '01.09.2026 10:00']) {
      expect(parseOne(date(), wrong)).toEqual({ ok: false, message: 'Дата должна быть в формате ДД.ММ.ГГГГ' });
    }
  });

  it('integer: whole numbers in range, thousands separated by spaces', () => {
    expect(parseOne(integer(1, 11), '5')).toEqual({ ok: true, value: 5 });
    expect(parseOne(integer(0, 100_000), '12 500')).toEqual({ ok: true, value: 12500 });
    expect(parseOne(integer(1, 11), '12')).toEqual({ ok: false, message: 'Число должно быть от 1 до 11' });
    expect(parseOne(integer(1, 11), '5,5')).toEqual({ ok: false, message: 'Нужно целое число' });
  });

  it('decimal: comma or dot as the separator', () => {
    expect(parseOne(decimal(1, 5), '1,5')).toEqual({ ok: true, value: 1.5 });
    expect(parseOne(decimal(1, 5), '4.75')).toEqual({ ok: true, value: 4.75 });
    expect(parseOne(decimal(1, 5), '5,5')).toEqual({ ok: false, message: 'Число должно быть от 1 до 5' });
    expect(parseOne(decimal(0.5, 2.5), '3')).toEqual({ ok: false, message: 'Число должно быть от 0,5 до 2,5' });
    expect(parseOne(decimal(1, 5), 'четыре')).toEqual({ ok: false, message: 'Нужно число, например 4,5' });
    expect(parseOne(decimal(1, 5), '1,2,3')).toMatchObject({ ok: false });
  });

  it('oneOf: labels to codes, ignoring case, spaces and ё/е', () => {
    const status = oneOf({ Учится: 'active', Выбыл: 'left', Переведён: 'moved' });
    expect(parseOne(status, '  УЧИТСЯ ')).toEqual({ ok: true, value: 'active' });
    expect(parseOne(status, 'переведен')).toEqual({ ok: true, value: 'moved' });
    expect(parseOne(status, 'отчислен')).toEqual({ ok: false, message: 'Допустимые значения: «Учится», «Выбыл», «Переведён»' });
  });

  it('phone: normalises Russian numbers to +7XXXXXXXXXX', () => {
    for (const written of [
      '8 (916) 123-45-67',
      '+7 916 123 45 67',
      '89161234567',
      '+7(916)1234567',
      '7-916-123-45-67',
      '916 123-45-67',
    ]) {
      expect(parseOne(phone(), written)).toEqual({ ok: true, value: '+79161234567' });
    }
    for (const wrong of ['123-45', '+375 29 123-45-67', '8 916 123 45 678', 'нет']) {
      expect(parseOne(phone(), wrong)).toEqual({
        ok: false,
        message: 'Телефон должен быть в формате +7XXXXXXXXXX или 8XXXXXXXXXX',
      });
    }
  });

  it('email: a plausible address, lower-cased', () => {
    expect(parseOne(email(), 'Ivanova.A@School.RU')).toEqual({ ok: true, value: 'ivanova.a@school.ru' });
    for (const wrong of ['ivanova', 'ivanova@school', 'a b@school.ru', '@school.ru']) {
      expect(parseOne(email(), wrong)).toEqual({ ok: false, message: 'Неверный адрес почты: нужен вида name@example.ru' });
    }
  });
});
