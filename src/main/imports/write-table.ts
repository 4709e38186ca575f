// Writes XLSX workbooks for exports and downloadable import templates: a bold, frozen header
// row, real Excel dates, and an optional «Инструкция» sheet that tells the user how to fill it in.

import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

export type SheetCellValue = string | number | null;

export type SheetColumn = {
  header: string;
  key: string;
  width?: number;
  /**
   * 'date': values 'YYYY-MM-DD' become Excel dates shown as ДД.ММ.ГГГГ (the school's calendar
   * day, no time zone shift); 'text': the column is formatted as text, so that codes and phone
   * numbers the user types into a template are not turned into numbers by Excel.
   */
  type?: 'date' | 'text';
};

export type SheetSpec = {
  name: string;
  columns: SheetColumn[];
  /** Any iterable, so a large export can be produced row by row without an array in memory. */
  rows: Iterable<Record<string, SheetCellValue>>;
};

export type WorkbookOptions = {
  /** Paragraphs of a last sheet «Инструкция»: last, so that importing the file reads the data sheet. */
  notes?: string[];
};

export const INSTRUCTIONS_SHEET_NAME = 'Инструкция';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DEFAULT_COLUMN_WIDTH = 16;
// Excel refuses a workbook whose sheet names are longer than 31 characters or contain these.
const FORBIDDEN_SHEET_NAME_CHARACTERS = /[\\/?*[\]:]/g;
const MAX_SHEET_NAME_LENGTH = 31;

export async function writeXlsx(sheets: SheetSpec[], options: WorkbookOptions = {}): Promise<Buffer> {
  const notes = options.notes ?? [];
  if (sheets.length === 0 && notes.length === 0) throw new Error('writeXlsx: в книге должен быть хотя бы один лист');

  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const outputEnded = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });

  // The streaming writer keeps only the current row in memory; styles are needed for the bold
  // header and date formats, shared strings for files that Excel opens without complaint.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: true });
  const usedNames = new Set<string>();

  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(uniqueSheetName(sheet.name, usedNames), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    worksheet.columns = sheet.columns.map((column) => ({
      key: column.key,
      width: column.width ?? DEFAULT_COLUMN_WIDTH,
      ...(column.type === 'date' ? { style: { numFmt: 'dd.mm.yyyy' } } : {}),
      ...(column.type === 'text' ? { style: { numFmt: '@' } } : {}),
    }));
    const header = worksheet.addRow(sheet.columns.map((column) => column.header));
    header.font = { bold: true };
    header.commit();
    for (const row of sheet.rows) {
      const values: Record<string, string | number | Date | null> = {};
      for (const column of sheet.columns) values[column.key] = cellValue(row[column.key] ?? null, column);
      worksheet.addRow(values).commit();
    }
    worksheet.commit();
  }

  if (notes.length > 0) {
    const instructions = workbook.addWorksheet(uniqueSheetName(INSTRUCTIONS_SHEET_NAME, usedNames));
    instructions.columns = [{ key: 'note', width: 100, style: { alignment: { wrapText: true, vertical: 'top' } } }];
    for (const note of notes) instructions.addRow([note]).commit();
    instructions.commit();
  }

  await workbook.commit();
  await outputEnded;
  return Buffer.concat(chunks);
}

function cellValue(value: SheetCellValue, column: SheetColumn): string | number | Date | null {
  if (column.type !== 'date' || typeof value !== 'string') return value;
  const match = ISO_DATE.exec(value);
  if (!match) return value;
  // Excel dates have no time zone: a UTC midnight is written as exactly that calendar day.
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function uniqueSheetName(wanted: string, used: Set<string>): string {
  const base =
    wanted
      .replace(FORBIDDEN_SHEET_NAME_CHARACTERS, ' ')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, MAX_SHEET_NAME_LENGTH) || `Лист ${used.size + 1}`;
  let name = base;
  // Excel compares sheet names case-insensitively.
  for (let copy = 2; used.has(name.toLowerCase()); copy++) {
    const suffix = ` (${copy})`;
    name = base.slice(0, MAX_SHEET_NAME_LENGTH - suffix.length) + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}
