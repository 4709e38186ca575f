// readTable on real bytes: encodings, delimiters, CSV quoting, XLSX cell kinds, and every
// whole-file error the user can get (empty, header only, not a table, duplicates, too many rows).
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it, vi } from 'vitest';
import { ImportFileError, normalizeHeader, readTable, type RawTable } from '../../../src/main/imports/read-table';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const read = (bytes: Buffer, maxRows = 100, name = 'ученики.csv') => readTable({ name, bytes }, { maxRows });
const utf8 = (text: string) => Buffer.from(text, 'utf-8');

async function importError(promise: Promise<RawTable>): Promise<ImportFileError> {
  const error: unknown = await promise.then(
    () => new Error('readTable должен был отказать'),
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof ImportFileError)) throw error;
  return error;
}

describe('readTable: CSV encodings and delimiters', () => {
  it('reads UTF-8 with a BOM and ; (Excel «CSV UTF-8»)', async () => {
    const table = await read(
      Buffer.concat([UTF8_BOM, utf8('Фамилия;Имя;Отчество\r\nЁжикова;Анна;Петровна\r\nСоколов;Лев;\r\n')]),
    );
    expect(table.encoding).toBe('utf-8');
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['Фамилия', 'Имя', 'Отчество']);
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: { Фамилия: 'Ёжикова', Имя: 'Анна', Отчество: 'Петровна' } },
      { rowNumber: 3, cells: { Фамилия: 'Соколов', Имя: 'Лев', Отчество: '' } },
    ]);
  });

  it('reads UTF-8 without a BOM and with , and LF line ends', async () => {
    const table = await read(utf8('Фамилия,Имя,Класс\nИванов,Пётр,5А\nПетрова,Мария,5Б'));
    expect(table.encoding).toBe('utf-8');
    expect(table.delimiter).toBe(',');
    expect(table.rows.map((row) => row.cells['Класс'])).toEqual(['5А', '5Б']);
    expect(table.rows.map((row) => row.rowNumber)).toEqual([2, 3]);
  });

  it('recognises Windows-1251 (Russian Excel «CSV (разделители - запятые)»)', async () => {
    const bytes = iconv.encode('Фамилия;Имя;Дата рождения\r\nЁлкин;Семён;01.09.2015\r\nЩукина;Юлия;31.12.2014\r\n', 'win1251');
    const table = await read(bytes);
    expect(table.encoding).toBe('windows-1251');
    expect(table.delimiter).toBe(';');
    expect(table.rows[0]?.cells).toEqual({ Фамилия: 'Ёлкин', Имя: 'Семён', 'Дата рождения': '01.09.2015' });
    expect(table.rows[1]?.cells['Фамилия']).toBe('Щукина');
  });

  it('reads tab-separated text (copied from Excel) and trims cells', async () => {
    const table = await read(utf8('Фамилия\tИмя\tКласс\n  Иванов \tПётр\t 5А\n'));
    expect(table.delimiter).toBe('\t');
    expect(table.rows[0]?.cells).toEqual({ Фамилия: 'Иванов', Имя: 'Пётр', Класс: '5А' });
  });

  it('picks the delimiter that gives the header most columns, even if data rows contain others', async () => {
    const table = await read(utf8('Фамилия;Имя;Адрес\nИванов;Пётр;Москва, ул. Ленина, 1, кв. 5\n'));
    expect(table.delimiter).toBe(';');
    expect(table.rows[0]?.cells['Адрес']).toBe('Москва, ул. Ленина, 1, кв. 5');
  });
});

describe('readTable: CSV quoting and row numbers', () => {
  it('keeps delimiters, line breaks and doubled quotes inside quoted fields; rowNumber is the starting line', async () => {
    const text =
      'Фамилия;Адрес;Примечание\r\n' +
      '"Иванов";"г. Москва; ул. Ленина, 1";"Сказал ""привет""\r\nи ушёл"\r\n' +
      'Петров;Тверь;"многострочная\nзаметка\nв три строки"\r\n' +
      'Сидоров;"";обычная\r\n';
    const table = await read(utf8(text));
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: { Фамилия: 'Иванов', Адрес: 'г. Москва; ул. Ленина, 1', Примечание: 'Сказал "привет"\r\nи ушёл' } },
      { rowNumber: 4, cells: { Фамилия: 'Петров', Адрес: 'Тверь', Примечание: 'многострочная\nзаметка\nв три строки' } },
      { rowNumber: 7, cells: { Фамилия: 'Сидоров', Адрес: '', Примечание: 'обычная' } },
    ]);
  });

  it('treats a quote inside an unquoted field as a character, as Excel does', async () => {
    const table = await read(utf8('Название;Кабинет\nООО "Ромашка";12\n'));
    expect(table.rows[0]?.cells['Название']).toBe('ООО "Ромашка"');
  });

  it('skips empty lines (and rows of empty cells) but keeps the user-visible line numbers', async () => {
    const table = await read(utf8('Фамилия;Имя\n\nИванов;Пётр\n;;\n   \nПетров;Иван\n'));
    expect(table.rows.map((row) => [row.rowNumber, row.cells['Фамилия']])).toEqual([
      [3, 'Иванов'],
      [6, 'Петров'],
    ]);
  });

  it('collapses spaces in headers and ignores columns without a header', async () => {
    const table = await read(utf8('  Дата   рождения ;;Фамилия;\n01.09.2015;лишнее;Иванов;\n'));
    expect(table.headers).toEqual(['Дата рождения', 'Фамилия']);
    expect(table.rows[0]?.cells).toEqual({ 'Дата рождения': '01.09.2015', Фамилия: 'Иванов' });
  });

  it('reports a quote that is never closed, naming the line', async () => {
    const error = await importError(read(utf8('Фамилия;Имя\nИванов;Пётр\n"Петров;Иван\nСидоров;Олег\n')));
    expect(error.problem).toBe('unclosed-quote');
    expect(error.message).toContain('Строка 3');
  });
});

describe('readTable: whole-file errors', () => {
  it('refuses an empty file', async () => {
    expect((await importError(read(Buffer.alloc(0)))).message).toBe('Файл пуст');
    expect((await importError(read(Buffer.concat([UTF8_BOM, utf8(' \r\n\r\n')])))).message).toBe('Файл пуст');
  });

  it('refuses a file with only a header', async () => {
    expect((await importError(read(utf8('Фамилия;Имя;Отчество\r\n')))).message).toBe('В файле нет строк с данными');
    expect((await importError(read(utf8('Фамилия;Имя\r\n;\r\n;\r\n')))).message).toBe('В файле нет строк с данными');
  });

  it('refuses binary files that are neither XLSX nor text', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
    const damagedZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(500, 7)]);
    for (const bytes of [png, damagedZip]) {
      const error = await importError(read(bytes, 100, 'ученики.xlsx'));
      expect(error.message).toBe('Файл не похож на таблицу XLSX или CSV');
      expect(error.status).toBe(400);
    }
  });

  it('tells the user to re-save an old XLS file', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const error = await importError(read(xls, 100, 'ученики.xls'));
    expect(error.problem).toBe('old-excel-format');
    expect(error.message).toContain('сохраните как «Книга Excel (*.xlsx)»');
  });

  it('refuses duplicate header names, comparing them like column matching does', async () => {
    const error = await importError(read(utf8('Фамилия;Имя;фамилия \nИванов;Пётр;Петров\n')));
    expect(error.problem).toBe('duplicate-headers');
    expect(error.message).toBe('Столбец «Фамилия» встречается в заголовке несколько раз. Оставьте один');
    const withYo = await importError(read(utf8('Ребёнок;РЕБЕНОК\nа;б\n')));
    expect(withYo.message).toContain('«Ребёнок»');
  });

  it('refuses more data rows than allowed, saying how many there are', async () => {
    const error = await importError(read(utf8('Фамилия\nА\nБ\nВ\n'), 2));
    expect(error.problem).toBe('too-many-rows');
    expect(error.message).toBe('В файле 3 строки: больше допустимых 2. Разделите файл на части');
    await expect(read(utf8('Фамилия\nА\nБ\n'), 2)).resolves.toMatchObject({ rows: [{ rowNumber: 2 }, { rowNumber: 3 }] });
  });
});

describe('readTable: XLSX', () => {
  async function workbookBytes(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    fill(workbook);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('turns every kind of cell into the text the user sees, and recognises XLSX by content, not name', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Данные');
      sheet.addRow(['Фамилия', 'Дата', 'Балл', 'Формула', 'Срок', 'Согласие', 'Ссылка']);
      sheet.addRow([
        { richText: [{ text: 'Ивано', font: { bold: true } }, { text: 'ва' }] },
        new Date(Date.UTC(2015, 8, 1)),
        0.1 + 0.2,
        { formula: 'C2*2', result: 0.6 },
        { formula: 'B2+7', result: 42255 },
        true,
        { text: 'почта', hyperlink: 'mailto:a@b.ru' },
      ]);
      sheet.getCell('B2').numFmt = 'dd.mm.yyyy';
      sheet.getCell('E2').numFmt = 'dd.mm.yyyy';
    });
    const table = await read(bytes, 100, 'выгрузка.csv');
    expect(table.encoding).toBe('xlsx');
    expect(table.delimiter).toBeNull();
    expect(table.rows).toEqual([
      {
        rowNumber: 2,
        cells: {
          Фамилия: 'Иванова',
          Дата: '2015-09-01',
          Балл: '0.3',
          Формула: '0.6',
          Срок: '2015-09-08',
          Согласие: 'ИСТИНА',
          Ссылка: 'почта',
        },
      },
    ]);
  });

  it('reads the first visible sheet in tab order, with Excel row numbers and empty rows skipped', async () => {
    const bytes = await workbookBytes((workbook) => {
      const hidden = workbook.addWorksheet('Служебный', { state: 'hidden' });
      hidden.addRow(['Не', 'то']);
      const data = workbook.addWorksheet('Ученики');
      data.getCell('A1').value = ' Фамилия ';
      data.getCell('B1').value = 'Имя';
      data.getCell('A2').value = 'Иванов';
      data.getCell('B2').value = 'Пётр';
      data.getCell('A5').value = 'Петров';
      workbook.addWorksheet('Ещё лист').addRow(['Фамилия']);
    });
    const table = await read(bytes, 100, 'ученики.xlsx');
    expect(table.headers).toEqual(['Фамилия', 'Имя']);
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: { Фамилия: 'Иванов', Имя: 'Пётр' } },
      { rowNumber: 5, cells: { Фамилия: 'Петров', Имя: '' } },
    ]);
  });

  it('gives the same whole-file errors as CSV', async () => {
    const empty = await workbookBytes((workbook) => workbook.addWorksheet('Лист1'));
    expect((await importError(read(empty, 100, 'a.xlsx'))).message).toBe('Файл пуст');
    const headerOnly = await workbookBytes((workbook) => workbook.addWorksheet('Лист1').addRow(['Фамилия', 'Имя']));
    expect((await importError(read(headerOnly, 100, 'a.xlsx'))).message).toBe('В файле нет строк с данными');
    const duplicates = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Лист1');
      sheet.addRow(['Фамилия', 'ФАМИЛИЯ']);
      sheet.addRow(['Иванов', 'Петров']);
    });
    expect((await importError(read(duplicates, 100, 'a.xlsx'))).problem).toBe('duplicate-headers');
  });

  it('leaves no temporary files behind when it refuses a workbook half-way', async () => {
    // exceljs spools sheets stored before the shared strings to tmp-<pid>-* files and deletes
    // each one asynchronously once its sheet has been read to the end.
    const ownTemporaryFiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
    const noTemporaryFilesLeft = () => vi.waitFor(() => expect(ownTemporaryFiles()).toEqual([]), { timeout: 2000 });
    await noTemporaryFilesLeft();
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Лист1');
      sheet.addRow(['Фамилия', 'фамилия']);
      for (let index = 0; index < 50; index++) sheet.addRow([`Ф${index}`, 'x']);
      workbook.addWorksheet('Лист2').addRow(['Другое']);
    });
    await importError(read(bytes, 100, 'a.xlsx'));
    const overLimit = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Лист1');
      for (let index = 0; index < 50; index++) sheet.addRow([`Ф${index}`]);
    });
    expect((await importError(read(overLimit, 10, 'a.xlsx'))).message).toBe(
      'В файле 49 строк: больше допустимых 10. Разделите файл на части',
    );
    await noTemporaryFilesLeft();
  });
});

describe('normalizeHeader', () => {
  it('ignores case, extra spaces and ё/е', () => {
    expect(normalizeHeader('  Дата   РОЖДЕНИЯ ребёнка ')).toBe('дата рождения ребенка');
    expect(normalizeHeader('ЁЛКА')).toBe(normalizeHeader('елка'));
  });
});
