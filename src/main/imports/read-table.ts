// Reads an uploaded table (XLSX, or CSV in UTF-8 / Windows-1251 with ; , or tab) into header
// names and rows of trimmed strings, holding at most maxRows rows in memory whatever the file size.

import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../common/app-error';

export type TableEncoding = 'utf-8' | 'windows-1251' | 'xlsx';
export type CsvDelimiter = ';' | ',' | '\t';

export type RawRow = {
  /** The row number the user sees: the Excel row, or the CSV line where the record starts (header = 1). */
  rowNumber: number;
  /** Keyed by the header as written in the file (trimmed, inner spaces collapsed). */
  cells: Record<string, string>;
};

export type RawTable = {
  headers: string[];
  rows: RawRow[];
  encoding: TableEncoding;
  /** null for XLSX. */
  delimiter: CsvDelimiter | null;
};

export type ImportFileProblem =
  'empty' | 'no-data' | 'not-a-table' | 'old-excel-format' | 'utf-16' | 'unclosed-quote' | 'too-many-rows' | 'duplicate-headers';

/** The file as a whole cannot be imported. A 400 problem+json with this message when thrown from a route. */
export class ImportFileError extends AppError {
  constructor(
    readonly problem: ImportFileProblem,
    message: string,
  ) {
    super(400, 'validation', message);
    this.name = 'ImportFileError';
  }
}

/** Header comparison key: case, surrounding and repeated spaces, and ё/е do not matter. */
export function normalizeHeader(header: string): string {
  return collapseSpaces(header).toLowerCase().replaceAll('ё', 'е');
}

export async function readTable(file: { name: string; bytes: Buffer }, options: { maxRows: number }): Promise<RawTable> {
  const { bytes } = file;
  if (bytes.length === 0) throw fileIsEmpty();
  // The content decides, not the name: users rename files and browsers send anything.
  if (startsWith(bytes, ZIP_SIGNATURE)) return readXlsx(bytes, options.maxRows);
  if (startsWith(bytes, OLE_SIGNATURE)) {
    throw new ImportFileError(
      'old-excel-format',
      'Файл в старом формате Excel (XLS) или защищён паролем. Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)» без пароля',
    );
  }
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) {
    throw new ImportFileError(
      'utf-16',
      'Файл сохранён как «Текст в Юникоде» (UTF-16). Сохраните его в Excel как «CSV UTF-8 (разделитель — запятая)» или «Книга Excel (*.xlsx)»',
    );
  }
  return readCsv(bytes, options.maxRows);
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

function startsWith(bytes: Buffer, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function collapseSpaces(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

const fileIsEmpty = () => new ImportFileError('empty', 'Файл пуст');
const notATable = () => new ImportFileError('not-a-table', 'Файл не похож на таблицу XLSX или CSV');

/**
 * Turns records (header first) into a RawTable. Past maxRows it keeps only counting, so the
 * message can say how many rows the file has while memory stays bounded by maxRows.
 */
class TableCollector {
  private headers: string[] | null = null;
  /** Position of each named header among the record's fields; unnamed columns are skipped. */
  private headerPositions: Array<{ header: string; position: number }> = [];
  private readonly rows: RawRow[] = [];
  private dataRowCount = 0;

  constructor(private readonly maxRows: number) {}

  add(rowNumber: number, fields: readonly string[]): void {
    if (this.headers === null) {
      if (fields.every((field) => field.trim() === '')) return;
      this.acceptHeader(fields);
      return;
    }
    const cells: Record<string, string> = {};
    let hasValue = false;
    for (const { header, position } of this.headerPositions) {
      const value = (fields[position] ?? '').trim();
      cells[header] = value;
      if (value !== '') hasValue = true;
    }
    if (!hasValue) return;
    this.dataRowCount++;
    if (this.dataRowCount <= this.maxRows) this.rows.push({ rowNumber, cells });
  }

  /** Past the limit a non-empty row only needs counting, not converting. */
  countRowPastLimit(): void {
    this.dataRowCount++;
  }

  get isOverLimit(): boolean {
    return this.dataRowCount > this.maxRows;
  }

  finish(encoding: TableEncoding, delimiter: CsvDelimiter | null): RawTable {
    if (this.headers === null) throw fileIsEmpty();
    if (this.dataRowCount === 0) throw new ImportFileError('no-data', 'В файле нет строк с данными');
    if (this.isOverLimit) {
      throw new ImportFileError(
        'too-many-rows',
        `В файле ${this.dataRowCount} ${rowsWord(this.dataRowCount)}: больше допустимых ${this.maxRows}. Разделите файл на части`,
      );
    }
    return { headers: this.headers, rows: this.rows, encoding, delimiter };
  }

  private acceptHeader(fields: readonly string[]): void {
    const seen = new Map<string, string>();
    const repeated = new Set<string>();
    fields.forEach((field, position) => {
      const header = collapseSpaces(field);
      if (header === '') return;
      const key = normalizeHeader(header);
      const first = seen.get(key);
      if (first !== undefined) repeated.add(first);
      else seen.set(key, header);
      this.headerPositions.push({ header, position });
    });
    if (repeated.size > 0) {
      const names = [...repeated].map((name) => `«${name}»`).join(', ');
      throw new ImportFileError(
        'duplicate-headers',
        repeated.size === 1
          ? `Столбец ${names} встречается в заголовке несколько раз. Оставьте один`
          : `Столбцы ${names} встречаются в заголовке несколько раз. Оставьте по одному`,
      );
    }
    this.headers = this.headerPositions.map(({ header }) => header);
  }
}

/** 1 строка, 3 строки, 50000 строк. */
function rowsWord(count: number): string {
  const lastTwo = count % 100;
  const last = count % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return 'строк';
  if (last === 1) return 'строка';
  return last >= 2 && last <= 4 ? 'строки' : 'строк';
}

// ---------------------------------------------------------------- CSV

const DELIMITERS: readonly CsvDelimiter[] = [';', '\t', ','];
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function readCsv(bytes: Buffer, maxRows: number): RawTable {
  const { text, encoding } = decodeText(bytes);
  if (looksBinary(text)) throw notATable();
  if (text.trim() === '') throw fileIsEmpty();
  const delimiter = detectDelimiter(text);
  const collector = new TableCollector(maxRows);
  for (const record of csvRecords(text, delimiter)) collector.add(record.lineNumber, record.fields);
  return collector.finish(encoding, delimiter);
}

/** Control characters other than tab, line breaks and form feed never occur in a text table: an image, a PDF... */
function looksBinary(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) return true;
  }
  return false;
}

function decodeText(bytes: Buffer): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  if (startsWith(bytes, UTF8_BOM)) return { text: bytes.toString('utf-8', UTF8_BOM.length), encoding: 'utf-8' };
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Cyrillic in Windows-1251 is almost never valid UTF-8, so a failed strict decode tells
    // the encoding reliably: this is what Russian Excel writes for «CSV (разделители - запятые)».
    return { text: iconv.decode(bytes, 'win1251'), encoding: 'windows-1251' };
  }
}

/** The delimiter that splits the header record into the most named columns (ties: ; then tab then ,). */
function detectDelimiter(text: string): CsvDelimiter {
  let best: CsvDelimiter = DELIMITERS[0] ?? ';';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = countHeaderColumns(text, delimiter);
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function countHeaderColumns(text: string, delimiter: CsvDelimiter): number {
  try {
    for (const record of csvRecords(text, delimiter)) {
      const named = record.fields.filter((field) => field.trim() !== '').length;
      if (named > 0) return named;
    }
  } catch (error) {
    // With the wrong delimiter quotes can look unbalanced; the real parse reports it if it is so.
    if (!(error instanceof ImportFileError)) throw error;
  }
  return 0;
}

type CsvRecord = { lineNumber: number; fields: string[] };

const QUOTE = 0x22;
const CARRIAGE_RETURN = 0x0d;
const LINE_FEED = 0x0a;

/**
 * RFC 4180 records, one at a time: quoted fields may hold delimiters, line breaks and doubled
 * quotes; a quote inside an unquoted field is an ordinary character and text after a closing
 * quote is kept (both as Excel does). Line breaks are \r\n, \n or \r.
 */
function* csvRecords(text: string, delimiter: CsvDelimiter): Generator<CsvRecord> {
  const delimiterCode = delimiter.charCodeAt(0);
  const length = text.length;
  let position = 0;
  let line = 1;
  while (position < length) {
    const lineNumber = line;
    const fields: string[] = [];
    let recordEnded = false;
    while (!recordEnded) {
      let value = '';
      if (text.charCodeAt(position) === QUOTE) {
        const openedOnLine = line;
        position++;
        for (;;) {
          const closing = text.indexOf('"', position);
          if (closing === -1) {
            throw new ImportFileError(
              'unclosed-quote',
              `Строка ${openedOnLine}: кавычка «"» открыта и не закрыта до конца файла. Проверьте кавычки в этой строке`,
            );
          }
          const chunk = text.slice(position, closing);
          value += chunk;
          line += countLineBreaks(chunk);
          position = closing + 1;
          if (text.charCodeAt(position) !== QUOTE) break;
          value += '"';
          position++;
        }
      }
      const start = position;
      while (position < length) {
        const code = text.charCodeAt(position);
        if (code === delimiterCode || code === LINE_FEED || code === CARRIAGE_RETURN) break;
        position++;
      }
      value += text.slice(start, position);
      fields.push(value);
      if (position >= length) {
        recordEnded = true;
      } else {
        const code = text.charCodeAt(position);
        position++;
        if (code !== delimiterCode) {
          if (code === CARRIAGE_RETURN && text.charCodeAt(position) === LINE_FEED) position++;
          line++;
          recordEnded = true;
        }
      }
    }
    yield { lineNumber, fields };
  }
}

function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

// ---------------------------------------------------------------- XLSX

type StreamedWorksheet = AsyncIterable<ExcelJS.Row> & { id?: unknown };

/**
 * Workbooks up to this size are parsed in memory (a class list is a few dozen kilobytes);
 * larger ones are streamed. The streaming reader spools a sheet stored before its shared
 * strings to a temporary file, and was once seen to return an empty header that way.
 */
const IN_MEMORY_XLSX_LIMIT = 4 * 1024 * 1024;

async function readXlsxInMemory(bytes: Buffer, maxRows: number): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type, which @types/node 20's generic Buffer does not match.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw notATable();
  }
  const sheet = workbook.worksheets.find((w) => w.state !== 'hidden' && w.state !== 'veryHidden');
  if (!sheet) throw notATable();
  const collector = new TableCollector(maxRows);
  sheet.eachRow({ includeEmpty: false }, (row) => {
    if (!collector.isOverLimit) collector.add(row.number, rowTexts(row));
    else collector.countRowPastLimit();
  });
  return collector.finish('xlsx', null);
}

async function readXlsx(bytes: Buffer, maxRows: number): Promise<RawTable> {
  if (bytes.length <= IN_MEMORY_XLSX_LIMIT) return readXlsxInMemory(bytes, maxRows);
  const collector = new TableCollector(maxRows);
  let sheetRead = false;
  // Thrown only after the workbook is read through: leaving exceljs' iterators early leaves
  // its temporary files and their descriptors open until the process exits.
  let refusal: ImportFileError | null = null;
  try {
    // The streaming reader parses the sheet XML as it goes, so only the rows kept are in memory.
    // Styles are needed to tell dates from numbers.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const worksheet of reader as AsyncIterable<StreamedWorksheet>) {
      const firstSheetId = firstVisibleWorksheetId(reader);
      const isFirstSheet = firstSheetId === undefined || worksheet.id === firstSheetId;
      if (!sheetRead && isFirstSheet) {
        sheetRead = true;
        for await (const row of worksheet) {
          if (refusal !== null) continue;
          try {
            if (!collector.isOverLimit) collector.add(row.number, rowTexts(row));
            else if (row.hasValues) collector.countRowPastLimit();
          } catch (error) {
            if (!(error instanceof ImportFileError)) throw error;
            refusal = error;
          }
        }
      } else {
        // Other sheets are read through (not kept) so that exceljs closes and deletes the
        // temporary file it may have spooled them to.
        for await (const row of worksheet) void row;
      }
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    // A damaged archive, or a ZIP that is not a workbook (DOCX, photos...).
    throw notATable();
  }
  if (refusal !== null) throw refusal;
  if (!sheetRead) throw notATable();
  return collector.finish('xlsx', null);
}

/** The id of the first visible worksheet in tab order (exceljs streams sheets in archive order). */
function firstVisibleWorksheetId(reader: unknown): unknown {
  const model = field(reader, 'model');
  const sheets = field(model, 'sheets');
  const relations = field(reader, 'workbookRels');
  if (!Array.isArray(sheets)) return undefined;
  for (const sheet of sheets) {
    const state = field(sheet, 'state');
    if (state === 'hidden' || state === 'veryHidden') continue;
    // Chart sheets are listed among the tabs but are not worksheets.
    if (Array.isArray(relations)) {
      const relation = relations.find((candidate) => field(candidate, 'Id') === field(sheet, 'rId'));
      const target = field(relation, 'Target');
      if (typeof target === 'string' && !/(^|\/)worksheets\//.test(target)) continue;
    }
    return field(sheet, 'id');
  }
  return undefined;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function rowTexts(row: ExcelJS.Row): string[] {
  const texts: string[] = [];
  for (let column = 1; column <= row.cellCount; column++) {
    const cell = row.getCell(column);
    texts.push(cellText(cell.value, numberFormatOf(cell)).trim());
  }
  return texts;
}

function numberFormatOf(cell: ExcelJS.Cell): string {
  // exceljs declares numFmt as string, but a cell without a style has none.
  const format: unknown = cell.numFmt;
  return typeof format === 'string' ? format : '';
}

/** What the user sees in the cell, as plain text. */
function cellText(value: unknown, numberFormat: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'ИСТИНА' : 'ЛОЖЬ';
  if (value instanceof Date) return isoDate(value);
  if (typeof value !== 'object') return '';

  const richText = field(value, 'richText');
  if (Array.isArray(richText)) return richText.map((run) => textOf(field(run, 'text'))).join('');
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
    const result = field(value, 'result');
    // exceljs converts date cells but not formula results shown in a date format (=A2+7).
    if (typeof result === 'number' && isDateFormat(numberFormat)) return isoDate(excelSerialToDate(result));
    return cellText(result, numberFormat);
  }
  const text = field(value, 'text');
  if (text !== undefined) return cellText(text, numberFormat);
  return textOf(field(value, 'error'));
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function numberText(value: number): string {
  // Excel keeps 15 significant digits; without this 0.1+0.2 would read as 0.30000000000000004.
  return String(Number(value.toPrecision(15)));
}

/** Excel dates are calendar values without a time zone; exceljs puts them in the UTC fields. */
function isoDate(date: Date): string {
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

const EXCEL_EPOCH_SERIAL = 25569; // 1970-01-01 in the 1900 date system
const MS_PER_DAY = 86_400_000;

function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - EXCEL_EPOCH_SERIAL) * MS_PER_DAY));
}

function isDateFormat(format: string): boolean {
  // Quoted literals, [colour]/[locale] sections and escaped characters are not date parts.
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dy]/i.test(bare);
}
