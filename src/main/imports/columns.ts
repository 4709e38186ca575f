// Declarative column specs for imports: which headers a column may have, whether the file must
// contain it, and how a cell becomes a typed value; mapRows turns a RawTable into checked rows.

import { normalizeHeader, type RawTable } from './read-table';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export type CellParser<T> = {
  /** What the parser produces, for templates (a date column gets a date format). */
  readonly kind: 'text' | 'date' | 'number' | 'choice' | 'phone' | 'email';
  /** The value of an empty cell, or null when an empty cell in a required column is an error. */
  readonly whenEmpty: { value: T } | null;
  /** Called with the trimmed, non-empty cell text. */
  parse(text: string): ParseResult<T>;
};

export type ColumnSpec<T> = {
  /** Accepted header names; the first is the one templates and messages use. */
  header: readonly [string, ...string[]];
  /** The file must have this column. Cells of an optional column (or its absence) give null. */
  required: boolean;
  parse: CellParser<T>;
};

export type ColumnsSpec = Record<string, ColumnSpec<unknown>>;

/** The row type a spec produces: each parser's output, `| null` for optional columns. */
export type RowOf<S extends ColumnsSpec> = {
  [K in keyof S]: S[K] extends { required: true; parse: CellParser<infer T> }
    ? T
    : S[K] extends { parse: CellParser<infer T> }
      ? T | null
      : never;
};

export type RowProblem = {
  rowNumber: number;
  /** The header as written in the file, or the spec's first header when the column is missing. */
  column: string;
  message: string;
};

export type MappedRows<T> = {
  rows: Array<{ rowNumber: number; value: T }>;
  problems: RowProblem[];
  /** Columns of the file that no spec column claims: shown to the user as a warning. */
  ignoredColumns: string[];
};

/** Checks the spec once (a header claimed by two columns is a programming error) and keeps its literal types. */
export function defineColumns<const S extends ColumnsSpec>(spec: S): S {
  const owners = new Map<string, string>();
  for (const [key, column] of Object.entries(spec)) {
    for (const header of column.header) {
      const owner = owners.get(normalizeHeader(header));
      if (owner !== undefined && owner !== key) {
        throw new Error(`defineColumns: заголовок «${header}» указан и у «${owner}», и у «${key}»`);
      }
      owners.set(normalizeHeader(header), key);
    }
  }
  return spec;
}

/** Columns for writeXlsx to produce an empty import template from the spec. */
export function templateColumns(
  spec: ColumnsSpec,
): Array<{ header: string; key: string; width: number; type?: 'date' | 'text' }> {
  return Object.entries(spec).map(([key, column]) => ({
    header: column.header[0],
    key,
    width: Math.max(14, column.header[0].length + 4),
    // Phone numbers typed as numbers lose the leading 8 or +; dates get Excel's date format.
    ...(column.parse.kind === 'date' ? { type: 'date' as const } : {}),
    ...(column.parse.kind === 'phone' || column.parse.kind === 'text' ? { type: 'text' as const } : {}),
  }));
}

export function mapRows<S extends ColumnsSpec>(table: RawTable, spec: S): MappedRows<RowOf<S>> {
  const problems: RowProblem[] = [];
  const fileHeaderOf = new Map<string, string>();
  const claimed = new Set<string>();
  const missing: string[] = [];

  for (const [key, column] of Object.entries(spec)) {
    const wanted = new Set(column.header.map(normalizeHeader));
    const found = table.headers.filter((header) => wanted.has(normalizeHeader(header)));
    for (const header of found) claimed.add(header);
    const [first, second] = found;
    if (first === undefined) {
      if (column.required) missing.push(column.header[0]);
    } else if (second !== undefined) {
      problems.push({
        rowNumber: 1,
        column: first,
        message: `Столбцы ${found.map((header) => `«${header}»`).join(' и ')} означают одно и то же. Оставьте один`,
      });
    } else {
      fileHeaderOf.set(key, first);
    }
  }
  if (missing.length > 0) {
    problems.unshift({
      rowNumber: 1,
      column: missing.join(', '),
      message: `${missing.length === 1 ? 'Нет столбца' : 'Нет столбцов'} ${missing.map((header) => `«${header}»`).join(', ')}`,
    });
  }
  const ignoredColumns = table.headers.filter((header) => !claimed.has(header));
  // With a column missing or ambiguous every row would fail the same way: report the header alone.
  if (problems.length > 0) return { rows: [], problems, ignoredColumns };

  const rows: MappedRows<RowOf<S>>['rows'] = [];
  for (const { rowNumber, cells } of table.rows) {
    if (Object.values(cells).every((text) => text.trim() === '')) continue;
    const value: Record<string, unknown> = {};
    let rowIsValid = true;
    for (const [key, column] of Object.entries(spec)) {
      const header = fileHeaderOf.get(key);
      const text = header === undefined ? '' : (cells[header] ?? '').trim();
      if (text === '') {
        if (column.parse.whenEmpty) value[key] = column.parse.whenEmpty.value;
        else if (column.required) {
          problems.push({ rowNumber, column: header ?? column.header[0], message: 'Не заполнено' });
          rowIsValid = false;
        } else value[key] = null;
        continue;
      }
      const result = column.parse.parse(text);
      if (result.ok) value[key] = result.value;
      else {
        problems.push({ rowNumber, column: header ?? column.header[0], message: result.message });
        rowIsValid = false;
      }
    }
    // Every key of the spec was set above with its parser's output (or null where RowOf allows it).
    if (rowIsValid) rows.push({ rowNumber, value: value as RowOf<S> });
  }
  return { rows, problems, ignoredColumns };
}

// ---------------------------------------------------------------- parsers

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (message: string): ParseResult<never> => ({ ok: false, message });

function checkedText(text: string, maxLength: number): ParseResult<string> {
  // Names copied from documents often carry double spaces or line breaks inside a cell.
  const value = text.replace(/\s+/g, ' ');
  return value.length <= maxLength ? ok(value) : fail(`Не длиннее ${maxLength} символов (сейчас ${value.length})`);
}

export function text(maxLength: number): CellParser<string> {
  return { kind: 'text', whenEmpty: null, parse: (cell) => checkedText(cell, maxLength) };
}

/** Text that may be left empty (null) even in a column the file must have, e.g. «Отчество». */
export function optionalText(maxLength: number): CellParser<string | null> {
  return { kind: 'text', whenEmpty: { value: null }, parse: (cell) => checkedText(cell, maxLength) };
}

const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ДД.ММ.ГГГГ, Д.М.ГГГГ or ГГГГ-ММ-ДД (what an Excel date cell reads as) -> 'YYYY-MM-DD'. */
export function date(): CellParser<string> {
  return {
    kind: 'date',
    whenEmpty: null,
    parse(cell) {
      const dotted = DOTTED_DATE.exec(cell);
      const iso = ISO_DATE.exec(cell);
      const [year, month, day] = dotted
        ? [Number(dotted[3]), Number(dotted[2]), Number(dotted[1])]
        : iso
          ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
          : [NaN, NaN, NaN];
      if (Number.isNaN(year)) return fail('Дата должна быть в формате ДД.ММ.ГГГГ');
      const calendar = new Date(Date.UTC(year, month - 1, day));
      // Date.UTC rolls 31.02 over to 03.03: a date that does not round-trip does not exist.
      if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
        return fail(`Дата «${cell}» не существует`);
      }
      return ok(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    },
  };
}

// Thousands may be separated by spaces, including the non-breaking ones Excel puts in.
const withoutSpaces = (cell: string) => cell.replace(/[\s\u00a0\u202f]/g, '');
const russianNumber = (value: number) => String(value).replace('.', ',');

export function integer(min: number, max: number): CellParser<number> {
  return {
    kind: 'number',
    whenEmpty: null,
    parse(cell) {
      const compact = withoutSpaces(cell);
      if (!/^[+-]?\d+$/.test(compact)) return fail('Нужно целое число');
      const value = Number(compact);
      return value >= min && value <= max ? ok(value) : fail(`Число должно быть от ${min} до ${max}`);
    },
  };
}

/** A number with «,» or «.» as the decimal separator: «1,5» and «1.5» are the same. */
export function decimal(min: number, max: number): CellParser<number> {
  return {
    kind: 'number',
    whenEmpty: null,
    parse(cell) {
      const compact = withoutSpaces(cell);
      if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(compact)) return fail('Нужно число, например 4,5');
      const value = Number(compact.replace(',', '.'));
      return value >= min && value <= max
        ? ok(value)
        : fail(`Число должно быть от ${russianNumber(min)} до ${russianNumber(max)}`);
    },
  };
}

/** One of the given labels (case, spaces and ё/е do not matter) -> its code, e.g. { 'Мужской': 'male' }. */
export function oneOf<const M extends Record<string, unknown>>(labels: M): CellParser<M[keyof M]> {
  const byKey = new Map<string, M[keyof M]>();
  for (const label of Object.keys(labels) as Array<keyof M & string>) byKey.set(normalizeHeader(label), labels[label]);
  const allowed = Object.keys(labels)
    .map((label) => `«${label}»`)
    .join(', ');
  return {
    kind: 'choice',
    whenEmpty: null,
    parse(cell) {
      const key = normalizeHeader(cell);
      return byKey.has(key) ? ok(byKey.get(key) as M[keyof M]) : fail(`Допустимые значения: ${allowed}`);
    },
  };
}

/** A Russian phone number -> +7XXXXXXXXXX; accepts +7 / 8 / 7 / no prefix, spaces, dashes, brackets, dots. */
export function phone(): CellParser<string> {
  return {
    kind: 'phone',
    whenEmpty: null,
    parse(cell) {
      const compact = cell.replace(/[\s\u00a0\-().]/g, '');
      const match = /^(?:\+7|8|7)?(\d{10})$/.exec(compact);
      return match ? ok(`+7${match[1]}`) : fail('Телефон должен быть в формате +7XXXXXXXXXX или 8XXXXXXXXXX');
    },
  };
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;

/** An e-mail address, lower-cased (the same person types it in different cases). */
export function email(): CellParser<string> {
  return {
    kind: 'email',
    whenEmpty: null,
    parse(cell) {
      const value = cell.toLowerCase();
      return EMAIL.test(value) && value.length <= MAX_EMAIL_LENGTH
        ? ok(value)
        : fail('Неверный адрес почты: нужен вида name@example.ru');
    },
  };
}
