// Big files: a CSV over the row limit is refused with the count, a 50,000-row XLSX under the
// limit is read in full, and one over the limit is refused without keeping its rows.
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/main/imports/read-table';
import { writeXlsx } from '../../../src/main/imports/write-table';

const ROWS = 50_000;

function* pupils() {
  for (let index = 0; index < ROWS; index++) {
    yield { lastName: `Фамилия${index}`, firstName: 'Анна', birthDate: '2015-09-01', grade: (index % 11) + 1 };
  }
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    console.log(`${label}: ${Math.round(performance.now() - started)} мс`);
  }
}

describe('large files', () => {
  it('refuses a 50,000-row CSV when 10,000 are allowed', async () => {
    const lines = ['Фамилия;Имя;Дата рождения;Класс'];
    for (const pupil of pupils()) lines.push(`${pupil.lastName};${pupil.firstName};01.09.2015;${pupil.grade}`);
    const bytes = Buffer.from(lines.join('\r\n'), 'utf-8');
    await expect(
      timed('CSV 50000 строк, лимит 10000', () => readTable({ name: 'big.csv', bytes }, { maxRows: 10_000 })),
    ).rejects.toThrow('В файле 50000 строк: больше допустимых 10000. Разделите файл на части');
  });

  it('reads a 50,000-row XLSX in full when 60,000 are allowed, and refuses it when 10,000 are', async () => {
    const bytes = await timed('запись XLSX 50000 строк', () =>
      writeXlsx([
        {
          name: 'Ученики',
          columns: [
            { header: 'Фамилия', key: 'lastName' },
            { header: 'Имя', key: 'firstName' },
            { header: 'Дата рождения', key: 'birthDate', type: 'date' },
            { header: 'Класс', key: 'grade' },
          ],
          rows: pupils(),
        },
      ]),
    );
    const table = await timed('чтение XLSX 50000 строк, лимит 60000', () =>
      readTable({ name: 'big.xlsx', bytes }, { maxRows: 60_000 }),
    );
    expect(table.rows).toHaveLength(ROWS);
    expect(table.rows.at(-1)).toEqual({
      rowNumber: ROWS + 1,
      cells: { Фамилия: `Фамилия${ROWS - 1}`, Имя: 'Анна', 'Дата рождения': '2015-09-01', Класс: String(((ROWS - 1) % 11) + 1) },
    });

    await expect(
      timed('XLSX 50000 строк, лимит 10000', () => readTable({ name: 'big.xlsx', bytes }, { maxRows: 10_000 })),
    ).rejects.toThrow('В файле 50000 строк: больше допустимых 10000. Разделите файл на части');
  });
});
