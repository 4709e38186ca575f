// writeXlsx: bold frozen header, real date and number cells, the «Инструкция» sheet, and a
// round trip through readTable (what an exported file or a filled-in template reads back as).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/main/imports/read-table';
import { writeXlsx } from '../../../src/main/imports/write-table';

const pupilsSheet = {
  name: 'Ученики 5А',
  columns: [
    { header: 'Фамилия', key: 'lastName', width: 24 },
    { header: 'Дата рождения', key: 'birthDate', type: 'date' as const },
    { header: 'Средний балл', key: 'average' },
    { header: 'Телефон', key: 'phone', type: 'text' as const },
  ],
  rows: [
    { lastName: 'Ёжикова', birthDate: '2015-09-01', average: 4.5, phone: '+79161234567' },
    { lastName: 'Соколов', birthDate: null, average: 3, phone: null },
  ],
};

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer as an ArrayBuffer; a copy's ArrayBuffer satisfies it.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}

describe('writeXlsx', () => {
  it('writes a bold, frozen header, real dates and numbers, and a last «Инструкция» sheet', async () => {
    const bytes = await writeXlsx([pupilsSheet], { notes: ['Заполните по одной строке на ученика.', 'Дата — ДД.ММ.ГГГГ.'] });
    const workbook = await loadWorkbook(bytes);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Ученики 5А', 'Инструкция']);

    const sheet = workbook.getWorksheet('Ученики 5А');
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet?.getColumn(1).width).toBe(24);
    const birthDate = sheet?.getCell('B2');
    expect(birthDate?.value).toEqual(new Date(Date.UTC(2015, 8, 1)));
    expect(birthDate?.numFmt).toBe('dd.mm.yyyy');
    expect(sheet?.getCell('C2').value).toBe(4.5);
    expect(sheet?.getCell('D2').value).toBe('+79161234567');

    const notes = workbook.getWorksheet('Инструкция');
    expect(notes?.getCell('A1').value).toBe('Заполните по одной строке на ученика.');
    expect(notes?.getCell('A2').value).toBe('Дата — ДД.ММ.ГГГГ.');
  });

  it('reads back through readTable: the data sheet, dates as YYYY-MM-DD, numbers as text', async () => {
    const bytes = await writeXlsx([pupilsSheet], { notes: ['Инструкция к шаблону'] });
    const table = await readTable({ name: 'выгрузка.xlsx', bytes }, { maxRows: 10 });
    expect(table).toEqual({
      headers: ['Фамилия', 'Дата рождения', 'Средний балл', 'Телефон'],
      rows: [
        {
          rowNumber: 2,
          cells: { Фамилия: 'Ёжикова', 'Дата рождения': '2015-09-01', 'Средний балл': '4.5', Телефон: '+79161234567' },
        },
        { rowNumber: 3, cells: { Фамилия: 'Соколов', 'Дата рождения': '', 'Средний балл': '3', Телефон: '' } },
      ],
      encoding: 'xlsx',
      delimiter: null,
    });
  });

  it('makes sheet names Excel accepts: no forbidden characters, at most 31, unique', async () => {
    const sheet = (name: string) => ({ name, columns: [{ header: 'А', key: 'a' }], rows: [] });
    const bytes = await writeXlsx([sheet('Классы 2026/2027: итоги [черновик]'), sheet('Отчёт'), sheet('отчёт')]);
    const workbook = await loadWorkbook(bytes);
    const names = workbook.worksheets.map((worksheet) => worksheet.name);
    expect(names).toEqual(['Классы 2026 2027  итоги  чернов', 'Отчёт', 'отчёт (2)']);
  });
});
