// The summary statement of final marks as a PDF (DOMAIN.md «Year end»): landscape A4, DejaVu (Cyrillic)
// embedded, a header with school, class, year and class teacher on every sheet, «Лист N из M» on every sheet,
// and on the last sheet of each class the director's signature line, the date and «М.П.»: the paper is bound,
// signed, sealed and kept 25 years (5.2).
//
// Pages are laid out here, never by the renderer's wrapping: subjects are split into column chunks that fit the
// sheet's width and pupils into row chunks that fit its height, and each (rows, columns) pair is one <Page>.
// Letting react-pdf wrap one huge page is many times slower and can split a row across sheets.

import { Canvas, Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { registerFonts } from '../accounts/credentials-sheet';
import { localDate } from '../common/dates';
import { canvasFonts, type Painter } from '../common/pdf-canvas';
import type { Db } from '../db/connection';
import { columnKey, loadClassStatement, loadSchoolStatement, type ClassStatement, type StatementStudent, type StatementSubject } from './statement-data';

// Landscape A4 in points, and the fixed geometry every page is computed from.
const PAGE_W = 841.89;
const PAGE_H = 595.28;
const MARGIN_X = 24;
const MARGIN_TOP = 20;
const MARGIN_BOTTOM = 18;
const HEADER_H = 52;
const TABLE_HEAD_H = 40; // subject names (2 lines) + column labels
const ROW_H = 12;
const FOOTER_H = 16;
const SIGNATURE_H = 58;
const NUM_W = 18;
const NAME_W = 150;
const MARK_W = 19;
const MISSED_W = 27;
const MISSED_COLUMNS = 3;

const TABLE_W = PAGE_W - 2 * MARGIN_X;
const BODY_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - HEADER_H - TABLE_HEAD_H - FOOTER_H;
/** Pupils on a sheet, and on the last sheet of a class, which also carries the signature block. */
export const ROWS_PER_PAGE = Math.floor(BODY_H / ROW_H);
export const ROWS_ON_LAST_PAGE = Math.floor((BODY_H - SIGNATURE_H) / ROW_H);

const styles = StyleSheet.create({
  page: { fontFamily: 'DejaVu', fontSize: 7.5, paddingTop: MARGIN_TOP, paddingBottom: MARGIN_BOTTOM, paddingHorizontal: MARGIN_X },
  header: { height: HEADER_H },
  school: { fontSize: 9, textAlign: 'center' },
  title: { fontSize: 12, fontWeight: 'bold', textAlign: 'center', marginTop: 2 },
  subtitle: { fontSize: 8.5, marginTop: 5, flexDirection: 'row', justifyContent: 'space-between' },
  table: { borderTopWidth: 0.8, borderLeftWidth: 0.8, borderColor: '#000' },
  row: { flexDirection: 'row', height: ROW_H },
  cell: { borderRightWidth: 0.5, borderBottomWidth: 0.5, borderColor: '#000', paddingTop: 2.5, textAlign: 'center', height: ROW_H },
  nameCell: { borderRightWidth: 0.5, borderBottomWidth: 0.5, borderColor: '#000', paddingTop: 2.5, paddingHorizontal: 2, height: ROW_H, overflow: 'hidden' },
  headCell: { borderRightWidth: 0.5, borderBottomWidth: 0.5, borderColor: '#000', justifyContent: 'center', alignItems: 'center', paddingHorizontal: 1, overflow: 'hidden' },
  headText: { fontSize: 6.5, textAlign: 'center' },
  labelText: { fontSize: 6, textAlign: 'center' },
  left: { color: '#444', fontSize: 6 },
  footer: { position: 'absolute', left: MARGIN_X, right: MARGIN_X, bottom: MARGIN_BOTTOM - 4, height: FOOTER_H - 4, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7, color: '#333' },
  signature: { marginTop: 8, fontSize: 9 },
  signatureRow: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end', marginTop: 9 },
  stamp: { fontSize: 10, fontWeight: 'bold', width: 60, textAlign: 'center' },
  // Sized to stay inside HEADER_H (the rows per sheet are computed from it): a taller header would overlap the table.
  markless: { fontSize: 7.5, lineHeight: 1.1, fontWeight: 'bold', textAlign: 'center', marginTop: 1 },
});

/** Printed under the header of every sheet of a markless class (see ClassStatement.isMarkless). */
export const MARKLESS_LINE = 'Безотметочное обучение: отметки не выставляются';

interface ColumnChunk {
  subjects: readonly StatementSubject[];
  /** The last chunk of the class also carries the missed days/lessons columns. */
  withMissed: boolean;
}

/** One sheet: a class, a slice of its pupils, a slice of its subjects. */
interface Sheet {
  statement: ClassStatement;
  rows: readonly StatementStudent[];
  firstRowNumber: number;
  columns: ColumnChunk;
  isLastOfClass: boolean;
  /** 1-based numbers of this sheet within its class, for «9Б, лист 2 из 3 класса» in a whole-school document. */
  classSheet: number;
  classSheets: number;
}

/** Subjects in chunks that fit the table's width after the № and name columns; missed columns in the last one. */
export function splitColumns(statement: ClassStatement): ColumnChunk[] {
  const subjectW = statement.columns.length * MARK_W;
  const available = TABLE_W - NUM_W - NAME_W;
  const perChunk = Math.max(1, Math.floor(available / subjectW));
  const missedW = MISSED_COLUMNS * MISSED_W;
  const chunks: ColumnChunk[] = [];
  const subjects = [...statement.subjects];
  if (subjects.length === 0) return [{ subjects: [], withMissed: true }];
  while (subjects.length > 0) {
    const take = subjects.splice(0, perChunk);
    chunks.push({ subjects: take, withMissed: false });
  }
  const last = chunks[chunks.length - 1]!;
  // The missed columns go with the last subjects when they fit beside them, else on a chunk of their own width.
  if (last.subjects.length * subjectW + missedW <= available) last.withMissed = true;
  else if (last.subjects.length > 1) {
    const moved = last.subjects.slice(-1);
    chunks[chunks.length - 1] = { subjects: last.subjects.slice(0, -1), withMissed: false };
    chunks.push({ subjects: moved, withMissed: true });
  } else chunks.push({ subjects: [], withMissed: true });
  return chunks;
}

/** Sizes of the row chunks of `count` pupils: full sheets, and a last one that leaves room for the signature. */
export function splitRows(count: number, perPage = ROWS_PER_PAGE, onLast = ROWS_ON_LAST_PAGE): number[] {
  if (count <= onLast) return [count];
  const pages = 1 + Math.ceil((count - onLast) / perPage);
  // Balanced rather than greedy: 40 pupils make 20 + 20, not 34 + 6.
  const last = Math.min(onLast, Math.floor(count / pages));
  const rest = count - last;
  const sizes: number[] = [];
  let left = rest;
  for (let i = pages - 1; i > 0; i -= 1) {
    const size = Math.ceil(left / i);
    sizes.push(size);
    left -= size;
  }
  sizes.push(last);
  return sizes;
}

function sheetsOf(statement: ClassStatement): Sheet[] {
  const columnChunks = splitColumns(statement);
  const rowSizes = splitRows(statement.students.length);
  const sheets: Sheet[] = [];
  let offset = 0;
  const total = rowSizes.length * columnChunks.length;
  // Row chunk by row chunk, all its subject chunks in turn: one pupil's marks are on consecutive sheets.
  rowSizes.forEach((size, rowIndex) => {
    const rows = statement.students.slice(offset, offset + size);
    columnChunks.forEach((columns, columnIndex) => {
      sheets.push({
        statement,
        rows,
        firstRowNumber: offset + 1,
        columns,
        isLastOfClass: rowIndex === rowSizes.length - 1 && columnIndex === columnChunks.length - 1,
        classSheet: sheets.length + 1,
        classSheets: total,
      });
    });
    offset += size;
  });
  return sheets;
}

/** 'YYYY-MM-DD' -> 'ДД.ММ.ГГГГ'. */
function ruDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

function studentNote(s: StatementStudent): string {
  const notes: string[] = [];
  if (s.joinedOn) notes.push(`приб. ${ruDate(s.joinedOn)}`);
  if (s.leftOn) notes.push(`выб. ${ruDate(s.leftOn)}`);
  return notes.join(', ');
}

function HeaderBlock({ sheet, printedOn }: { sheet: Sheet; printedOn: string }) {
  const s = sheet.statement;
  return (
    <View style={styles.header}>
      <Text style={styles.school}>{s.schoolName}</Text>
      <Text style={styles.title}>Сводная ведомость итоговых отметок</Text>
      <View style={styles.subtitle}>
        <Text>
          Класс: <Text style={{ fontWeight: 'bold' }}>{s.className}</Text>
          {'    '}Учебный год: {s.yearName}
        </Text>
        <Text>Классный руководитель: {s.classTeacherName ?? '—'}</Text>
        <Text>Сформирована {printedOn}</Text>
      </View>
      {/* On every sheet of the class, not only the first: sheets are read (and copied) one by one, and an empty
          grid without this line looks like marks that were never entered. */}
      {s.isMarkless ? <Text style={styles.markless}>{MARKLESS_LINE}</Text> : null}
    </View>
  );
}

interface GridColumn {
  x: number;
  w: number;
  /** A thicker line after it: the end of a subject's block. */
  thick: boolean;
}

interface SheetGrid {
  columns: GridColumn[];
  width: number;
  height: number;
}

function gridOf(sheet: Sheet): SheetGrid {
  const widths: Array<{ w: number; thick: boolean }> = [
    { w: NUM_W, thick: false },
    { w: NAME_W, thick: true },
  ];
  for (let i = 0; i < sheet.columns.subjects.length; i += 1) {
    sheet.statement.columns.forEach((_, j) => widths.push({ w: MARK_W, thick: j === sheet.statement.columns.length - 1 }));
  }
  if (sheet.columns.withMissed) for (let i = 0; i < MISSED_COLUMNS; i += 1) widths.push({ w: MISSED_W, thick: false });
  let x = 0;
  const columns = widths.map((c) => {
    const column = { x, w: c.w, thick: c.thick };
    x += c.w;
    return column;
  });
  return { columns, width: x, height: TABLE_HEAD_H + Math.max(sheet.rows.length, 1) * ROW_H };
}

const BODY_SIZE = 7.5;
/** DejaVu Sans: an average Cyrillic letter is about 0.6 em wide; used to shrink a long name to its cell. */
const EM_PER_CHAR = 0.6;

/**
 * The whole table of a sheet painted in one <Canvas>: grid lines and cell texts straight into the PDF. One node per
 * sheet instead of a thousand <Text> cells is what makes the 45-class statement of the school render in seconds.
 */
function paintTable(sheet: Sheet, grid: SheetGrid, fonts: { regular: Buffer; bold: Buffer }) {
  return (painter: Painter): null => {
    const s = sheet.statement;
    const { columns, width, height } = grid;
    const head2 = 12; // the column labels' row
    const head1 = TABLE_HEAD_H - head2;
    // Texts are collected and drawn font by font at the end (see canvasFonts).
    const texts: { regular: Array<() => void>; bold: Array<() => void> } = { regular: [], bold: [] };
    const cell = (text: string, col: GridColumn, y: number, h: number, size: number, bold = false) => {
      if (text === '') return;
      const lines = Math.max(1, Math.ceil((text.length * size * EM_PER_CHAR) / (col.w - 3)));
      const usedLines = Math.min(lines, Math.max(1, Math.floor(h / (size * 1.2))));
      const top = y + (h - usedLines * size * 1.17) / 2;
      (bold ? texts.bold : texts.regular).push(() => {
        painter.fontSize(size).text(text, col.x + 1, top, { width: col.w - 2, height: h, align: 'center', ellipsis: true, lineGap: 0 });
      });
    };

    painter.fillColor('#000').strokeColor('#000');
    // Horizontal lines: the head, its label row (under the subjects only), every pupil's row.
    const line = (x1: number, y1: number, x2: number, y2: number, w: number) => painter.lineWidth(w).moveTo(x1, y1).lineTo(x2, y2).stroke();
    line(0, 0, width, 0, 0.9);
    const missedX = sheet.columns.withMissed ? columns[columns.length - MISSED_COLUMNS]!.x : width;
    line(columns[2]?.x ?? width, head1, missedX, head1, 0.4);
    for (let r = 0; r <= Math.max(sheet.rows.length, 1); r += 1) line(0, TABLE_HEAD_H + r * ROW_H, width, TABLE_HEAD_H + r * ROW_H, r === 0 || r === Math.max(sheet.rows.length, 1) ? 0.9 : 0.35);
    // Vertical lines: full height at block edges, from the label row down inside a subject's block.
    line(0, 0, 0, height, 0.9);
    columns.forEach((col, i) => {
      const isLast = i === columns.length - 1;
      const blockEdge = isLast || col.thick || i < 2;
      line(col.x + col.w, blockEdge ? 0 : head1, col.x + col.w, height, isLast || col.thick ? 0.9 : 0.35);
    });
    if (sheet.columns.withMissed) {
      // The missed block's first line also runs the full height (it starts a block of its own).
      const first = columns[columns.length - MISSED_COLUMNS]!;
      line(first.x, 0, first.x, height, 0.9);
    }

    // Head texts.
    cell('№', columns[0]!, 0, TABLE_HEAD_H, 6.5);
    cell('Фамилия, имя, отчество обучающегося', columns[1]!, 0, TABLE_HEAD_H, 6.5);
    const perSubject = s.columns.length;
    sheet.columns.subjects.forEach((subject, i) => {
      const first = columns[2 + i * perSubject]!;
      const span: GridColumn = { x: first.x, w: perSubject * MARK_W, thick: false };
      cell(subject.name, span, 0, head1, 6.5, true);
      s.columns.forEach((c, j) => cell(c.label, columns[2 + i * perSubject + j]!, head1, head2, 5.5));
    });
    if (sheet.columns.withMissed) {
      const first = columns[columns.length - MISSED_COLUMNS]!;
      cell('Пропущено за год', { x: first.x, w: MISSED_COLUMNS * MISSED_W, thick: false }, 0, head1, 6.5, true);
      ['дней', 'уроков', 'по уваж. причине'].forEach((label, j) => cell(label, columns[columns.length - MISSED_COLUMNS + j]!, head1 - 8, head2 + 8, 5));
      // The label row of the missed block is taller: it needs its own line above.
      line(first.x, head1 - 8, first.x + MISSED_COLUMNS * MISSED_W, head1 - 8, 0.4);
    }

    // Pupils.
    if (sheet.rows.length === 0) cell('В классе нет обучающихся', { x: 0, w: width, thick: false }, TABLE_HEAD_H, ROW_H, BODY_SIZE);
    sheet.rows.forEach((student, r) => {
      const y = TABLE_HEAD_H + r * ROW_H;
      const own = s.marks[student.id] ?? {};
      cell(String(sheet.firstRowNumber + r), columns[0]!, y, ROW_H, BODY_SIZE);
      const nameCol = columns[1]!;
      const note = studentNote(student);
      // A long name is made smaller to stay on one line inside its cell; the note of a pupil who came or left
      // follows in small grey type on the same baseline.
      const noteText = note ? ` (${note})` : '';
      const noteSize = 5.2;
      const room = nameCol.w - 5 - noteText.length * noteSize * EM_PER_CHAR;
      const size = Math.max(4.5, Math.min(BODY_SIZE, room / (student.fullName.length * EM_PER_CHAR * 1.07)));
      texts.regular.push(() => {
        const baseline = y + ROW_H / 2 + size * 0.36;
        painter.save().rect(nameCol.x, y, nameCol.w, ROW_H).clip();
        painter.fontSize(size).text(student.fullName, nameCol.x + 2.5, baseline, { lineBreak: false, baseline: 'alphabetic', continued: noteText !== '' });
        if (noteText) painter.fontSize(noteSize).fillColor('#444').text(noteText, { lineBreak: false, baseline: 'alphabetic' }).fillColor('#000');
        painter.restore();
      });
      sheet.columns.subjects.forEach((subject, i) => {
        const marks = own[subject.id];
        if (!marks) return;
        s.columns.forEach((c, j) => {
          const value = marks[columnKey(c.kind, c.periodNumber)];
          if (value) cell(value, columns[2 + i * perSubject + j]!, y, ROW_H, value.length > 2 ? 6 : BODY_SIZE, c.kind !== 'period');
        });
      });
      if (sheet.columns.withMissed) {
        const base = columns.length - MISSED_COLUMNS;
        [student.missedDays, student.missedLessons, student.missedLessonsExcused].forEach((n, j) => cell(String(n), columns[base + j]!, y, ROW_H, BODY_SIZE));
      }
    });
    painter.fillColor('#000').font(fonts.regular);
    for (const draw of texts.regular) draw();
    if (texts.bold.length > 0) painter.font(fonts.bold);
    for (const draw of texts.bold) draw();
    return null;
  };
}

function SignatureBlock({ statement }: { statement: ClassStatement }) {
  return (
    <View style={styles.signature}>
      <Text style={{ fontSize: 7, color: '#333' }}>
        Обозначения: н/а — не аттестован(а), осв — освобождён(а), зач / незач — зачёт / незачёт; приб. — прибыл(а), выб. — выбыл(а) (первый день вне
        класса).
      </Text>
      <View style={styles.signatureRow}>
        <Text>Классный руководитель ____________________ / {statement.classTeacherShortName ?? '____________________'} /</Text>
      </View>
      <View style={styles.signatureRow}>
        <Text>Директор ____________________ / {statement.directorName ?? '____________________'} /</Text>
        <Text>Дата «____» ________________ 20____ г.</Text>
        <Text style={styles.stamp}>М.П.</Text>
      </View>
    </View>
  );
}

function SheetPage({ sheet, number, total, printedOn, isSchool }: { sheet: Sheet; number: number; total: number; printedOn: string; isSchool: boolean }) {
  const s = sheet.statement;
  const subjectsFrom = s.subjects.indexOf(sheet.columns.subjects[0]!) + 1;
  const subjectsTo = subjectsFrom + sheet.columns.subjects.length - 1;
  const grid = gridOf(sheet);
  return (
    <Page size="A4" orientation="landscape" style={styles.page}>
      <HeaderBlock sheet={sheet} printedOn={printedOn} />
      <Canvas style={{ width: grid.width, height: grid.height }} paint={paintTable(sheet, grid, canvasFonts())} />
      {sheet.isLastOfClass ? <SignatureBlock statement={s} /> : null}
      <View style={styles.footer} fixed>
        <Text>
          {s.className}, {s.yearName}
          {sheet.columns.subjects.length > 0 ? ` · предметы ${subjectsFrom}–${subjectsTo} из ${s.subjects.length}` : ''} ·{' '}
          {/* A class without pupils has one sheet with no rows: a range «1–1 из 0» would be nonsense on paper. */}
          {sheet.rows.length === 0 ? 'обучающихся нет' : `обучающиеся ${sheet.firstRowNumber}–${sheet.firstRowNumber + sheet.rows.length - 1} из ${s.students.length}`}
          {isSchool ? ` · лист ${sheet.classSheet} из ${sheet.classSheets} класса` : ''}
        </Text>
        <Text style={{ fontWeight: 'bold' }}>
          Лист {number} из {total}
        </Text>
      </View>
    </Page>
  );
}

export interface RenderedStatement {
  pdf: Buffer;
  pageCount: number;
  title: string;
}

/** Renders statements already loaded (the archive writer and the benchmark use it without the database). */
export async function renderStatementPdfFromData(statements: readonly ClassStatement[], printedAt: Date, options: { wholeSchool?: boolean } = {}): Promise<RenderedStatement> {
  registerFonts();
  const isSchool = options.wholeSchool ?? statements.length !== 1;
  const first = statements[0];
  const yearName = first?.yearName ?? '';
  const title = isSchool || !first ? `Сводная ведомость итоговых отметок, вся школа, ${yearName}` : `Сводная ведомость итоговых отметок, ${first.className}, ${yearName}`;
  const sheets = statements.flatMap(sheetsOf);
  const printedOn = ruDate(localDate(printedAt));
  const doc = (
    // creationDate is the printing time, so the same data printed at the same moment gives the same file.
    <Document title={title} author={first?.schoolName ?? ''} subject="Сводная ведомость итоговых отметок" creator="Электронный журнал" language="ru" creationDate={printedAt} modificationDate={printedAt}>
      {sheets.length === 0 ? (
        <Page size="A4" orientation="landscape" style={styles.page}>
          <Text style={styles.title}>Сводная ведомость итоговых отметок</Text>
          <Text style={{ marginTop: 12, textAlign: 'center' }}>В учебном году {yearName} нет классов.</Text>
          <View style={styles.footer} fixed>
            <Text> </Text>
            <Text>Лист 1 из 1</Text>
          </View>
        </Page>
      ) : (
        sheets.map((sheet, i) => <SheetPage key={i} sheet={sheet} number={i + 1} total={sheets.length} printedOn={printedOn} isSchool={isSchool} />)
      )}
    </Document>
  );
  const pdf = await renderToBuffer(doc);
  return { pdf, pageCount: Math.max(1, sheets.length), title };
}

/** The statement of one class (`classId`) or of the whole school (`classId: null`) of the year, as a PDF. */
export async function renderStatementPdf(db: Db, input: { academicYearId: number; classId: number | null; printedAt: Date }): Promise<RenderedStatement> {
  const statements = input.classId === null ? await loadSchoolStatement(db, input.academicYearId) : [await loadClassStatement(db, input.academicYearId, input.classId)];
  return renderStatementPdfFromData(statements, input.printedAt, { wholeSchool: input.classId === null });
}
