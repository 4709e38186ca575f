// The human-readable part of the yearly archive (5.1): per class the class list, marks, attendance and period
// and year marks, as CSV (UTF-8 with BOM, `;`-separated, CRLF: what Excel with Russian settings opens by a
// double click) and as one PDF laid out page by page. Read from the archive's database snapshot, so the files
// agree with the SQLite copy next to them. The PDFs are laid out explicitly (fixed rows per page, no
// auto-wrapping): long tables render several times faster and a page never splits a row.

import { createElement as h, type ReactElement } from 'react';
import { Canvas, Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/connection';
import {
  classAttendance,
  classMarks,
  classPeriodMarks,
  classRoster,
  levelPeriodScheme,
  periodsOfYear,
  type ExportClass,
  type ExportPupil,
} from '../db/repositories/archive-export-repo';
import { registerFonts } from '../accounts/credentials-sheet';
import { canvasFonts, type Painter } from '../common/pdf-canvas';

export interface ArchiveYear {
  id: number;
  name: string;
  startDate: string;
  endDate: string;
}

export interface GeneratedFile {
  /** Relative to the archive folder, '/'-separated. */
  path: string;
  content: Buffer;
}

const BOM = '\uFEFF';

export function className(cls: Pick<ExportClass, 'level' | 'letter'>): string {
  return `${cls.level}${cls.letter}`;
}

/** Folder of a class inside the archive: sorts by level (05 before 10) and stays readable. */
export function classFolder(cls: Pick<ExportClass, 'level' | 'letter'>): string {
  return `classes/${String(cls.level).padStart(2, '0')}-${cls.letter.replace(/[\\/:*?"<>|\s]/g, '_')}`;
}

export function csvFile(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): Buffer {
  // Every value as text: Excel must not reinterpret marks like "4/5" or codes as dates or numbers it rounds.
  const body = stringify([header as string[], ...rows.map((r) => r.map((v) => String(v)))], { delimiter: ';', record_delimiter: 'windows', quoted_match: /^[-+=@]/ });
  return Buffer.from(BOM + body, 'utf8');
}

function pupilName(p: Pick<ExportPupil, 'last_name' | 'first_name' | 'middle_name'>): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}

const KIND_LABELS: Record<string, string> = { year: 'Год', exam: 'Экзамен', final: 'Итоговая' };

/** Builds the CSV files and the PDF of one class. */
export async function buildClassFiles(db: Db, schoolName: string, year: ArchiveYear, cls: ExportClass): Promise<GeneratedFile[]> {
  const [roster, marks, attendance, periodMarks, periods, scheme] = await Promise.all([
    classRoster(db, cls.id),
    classMarks(db, cls.id),
    classAttendance(db, cls.id),
    classPeriodMarks(db, year.id, cls.id),
    periodsOfYear(db, year.id),
    levelPeriodScheme(db, year.id, cls.level),
  ]);
  const names = new Map<number, string>();
  for (const p of roster) names.set(p.student_id, pupilName(p));
  const nameOf = (studentId: number) => names.get(studentId) ?? `ученик № ${studentId}`;
  const periodName = (n: number) => periods.find((p) => p.scheme === scheme && p.number === n)?.name ?? `Период ${n}`;
  const kindLabel = (kind: string, n: number) => (kind === 'period' ? periodName(n) : (KIND_LABELS[kind] ?? kind));
  const folder = classFolder(cls);

  const listRows = roster.map((p, i) => [i + 1, p.last_name, p.first_name, p.middle_name ?? '', p.birth_date ?? '', p.from_date, p.to_date ?? '']);
  const files: GeneratedFile[] = [
    {
      path: `${folder}/class-list.csv`,
      content: csvFile(['№', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'В классе с', 'Выбыл(а) (первый день вне класса)'], listRows),
    },
    {
      path: `${folder}/marks.csv`,
      content: csvFile(
        ['Дата', 'Урок №', 'Предмет', 'Группа', 'Вид работы', 'Вес', 'Ученик', 'Отметка', 'Комментарий', 'Выставлена с опозданием'],
        marks.map((m) => [m.date, m.lesson_number, m.subject, m.group_name ?? '', m.work_type, m.weight, nameOf(m.student_id), m.value, m.comment ?? '', m.is_late ? 'да' : '']),
      ),
    },
    {
      path: `${folder}/attendance.csv`,
      content: csvFile(
        ['Дата', 'Урок №', 'Предмет', 'Группа', 'Ученик', 'Отметка посещаемости'],
        attendance.map((a) => [a.date, a.lesson_number, a.subject, a.group_name ?? '', nameOf(a.student_id), a.code]),
      ),
    },
    {
      path: `${folder}/period-marks.csv`,
      content: csvFile(
        ['Предмет', 'Ученик', 'Вид отметки', 'Номер периода', 'Отметка'],
        periodMarks.map((p) => [p.subject, nameOf(p.student_id), kindLabel(p.kind, p.period_number), p.kind === 'period' ? p.period_number : '', p.value]),
      ),
    },
  ];

  // The PDF: the same content for people, as pages of fixed-height rows.
  const pupils = [...new Map(roster.map((p) => [p.student_id, pupilName(p)])).entries()];
  const pages: PageSpec[] = [];
  const title = `${schoolName}. Класс ${className(cls)}, ${year.name} учебный год`;
  pages.push(
    ...tablePages(`${title}. Список класса${cls.teacher_name ? `; классный руководитель ${cls.teacher_name}` : ''}`, [
      { title: '№', width: 26 },
      { title: 'Фамилия, имя, отчество', width: 260 },
      { title: 'Дата рождения', width: 80 },
      { title: 'В классе с', width: 80 },
      { title: 'Выбыл(а)', width: 80 },
    ], roster.map((p, i) => [String(i + 1), pupilName(p), p.birth_date ?? '', p.from_date, p.to_date ?? ''])),
  );

  // Period, year, exam and final marks: pupil x kind, per subject.
  const kinds = [...new Set(periodMarks.map((p) => `${p.kind}:${p.period_number}`))].sort(kindOrder);
  const subjects = [...new Set(periodMarks.map((p) => p.subject))];
  if (subjects.length > 0) {
    const byKey = new Map(periodMarks.map((p) => [`${p.subject}|${p.student_id}|${p.kind}:${p.period_number}`, p.value]));
    const rows: string[][] = [];
    for (const subject of subjects) {
      for (const [id, name] of pupils) {
        const values = kinds.map((k) => byKey.get(`${subject}|${id}|${k}`) ?? '');
        if (values.some((v) => v !== '')) rows.push([subject, name, ...values]);
      }
    }
    pages.push(
      ...tablePages(`${title}. Отметки за периоды, год, экзамен и итоговые`, [
        { title: 'Предмет', width: 150 },
        { title: 'Ученик', width: 200 },
        ...kinds.map((k) => {
          const [kind, n] = k.split(':');
          return { title: kindLabel(kind!, Number(n)), width: 62 };
        }),
      ], rows),
    );
  }

  // Marks and absences as the journal shows them: per subject (and group), pupils x lessons.
  const lessonsBySubject = new Map<string, Map<string, Map<number, string[]>>>();
  const cell = (subject: string, group: string | null, date: string, lesson: number, studentId: number) => {
    const page = `${subject}${group ? ` (${group})` : ''}`;
    const lessons = lessonsBySubject.get(page) ?? new Map<string, Map<number, string[]>>();
    lessonsBySubject.set(page, lessons);
    const key = `${date}#${lesson}`;
    const row = lessons.get(key) ?? new Map<number, string[]>();
    lessons.set(key, row);
    const values = row.get(studentId) ?? [];
    row.set(studentId, values);
    return values;
  };
  for (const a of attendance) cell(a.subject, a.group_name, a.date, a.lesson_number, a.student_id).push(a.code);
  for (const m of marks) cell(m.subject, m.group_name, m.date, m.lesson_number, m.student_id).push(m.value);
  const LESSONS_PER_PAGE = 22;
  for (const [subject, lessons] of [...lessonsBySubject.entries()].sort(([a], [b]) => a.localeCompare(b, 'ru'))) {
    const keys = [...lessons.keys()].sort();
    const present = pupils.filter(([id]) => keys.some((k) => lessons.get(k)!.has(id)));
    for (let start = 0; start < keys.length; start += LESSONS_PER_PAGE) {
      const chunk = keys.slice(start, start + LESSONS_PER_PAGE);
      pages.push(
        ...tablePages(`${title}. ${subject}: отметки и пропуски`, [
          { title: 'Ученик', width: 170 },
          ...chunk.map((k) => {
            const [date, lesson] = k.split('#');
            return { title: `${date!.slice(8, 10)}.${date!.slice(5, 7)}\n${lesson}`, width: 27 };
          }),
        ], present.map(([id, name]) => [name, ...chunk.map((k) => (lessons.get(k)!.get(id) ?? []).join(' '))])),
      );
    }
  }
  const pdf = await renderPages(pages, title);
  files.push({ path: `${folder}/class-journal.pdf`, content: pdf });
  return files;
}

function kindOrder(a: string, b: string): number {
  const rank = (k: string) => {
    const [kind, n] = k.split(':');
    return (({ period: 0, year: 100, exam: 200, final: 300 }) as Record<string, number>)[kind!] ?? 400 + Number(n);
  };
  const [, na] = a.split(':');
  const [, nb] = b.split(':');
  return rank(a) + Number(na) - (rank(b) + Number(nb));
}

interface Column {
  title: string;
  width: number;
}

interface PageSpec {
  heading: string;
  columns: Column[];
  rows: string[][];
}

const ROWS_PER_PAGE = 34;

function tablePages(heading: string, columns: Column[], rows: string[][]): PageSpec[] {
  if (rows.length === 0) return [{ heading, columns, rows: [['(нет записей)', ...columns.slice(1).map(() => '')]] }];
  const pages: PageSpec[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_PAGE) pages.push({ heading, columns, rows: rows.slice(i, i + ROWS_PER_PAGE) });
  return pages;
}

const ROW_H = 13.5;
const HEAD_H = 22;
const BODY_SIZE = 7.5;

const styles = StyleSheet.create({
  page: { fontFamily: 'DejaVu', fontSize: BODY_SIZE, paddingTop: 24, paddingHorizontal: 24, paddingBottom: 30 },
  heading: { fontSize: 9, fontWeight: 'bold', marginBottom: 6, height: 24 },
  headRow: { flexDirection: 'row', height: HEAD_H, borderBottomWidth: 0.8, borderColor: '#333' },
  headCell: { paddingHorizontal: 2, paddingTop: 1, fontWeight: 'bold', overflow: 'hidden' },
  footer: { position: 'absolute', bottom: 12, left: 24, right: 24, fontSize: 7, color: '#555', flexDirection: 'row', justifyContent: 'space-between' },
});

/**
 * The rows of a table page painted on one canvas (see common/pdf-canvas.ts): grid lines, then only the non-empty
 * cells as text (a journal grid is mostly empty: a pupil gets a mark on few lessons).
 */
function paintRows(p: PageSpec, lefts: readonly number[], width: number, height: number) {
  return (painter: Painter): null => {
    painter.lineWidth(0.4).strokeColor('#999');
    for (let ri = 1; ri <= p.rows.length; ri++) painter.moveTo(0, ri * ROW_H).lineTo(width, ri * ROW_H).stroke();
    painter.lineWidth(0.3).strokeColor('#ccc');
    for (const left of lefts.slice(1)) painter.moveTo(left, 0).lineTo(left, height).stroke();
    painter.fillColor('#000').font(canvasFonts().regular).fontSize(BODY_SIZE);
    p.rows.forEach((row, ri) => {
      p.columns.forEach((c, ci) => {
        const value = row[ci] ?? '';
        if (value !== '') painter.text(value, lefts[ci]! + 2, ri * ROW_H + 3, { width: c.width - 4, height: ROW_H - 2, ellipsis: true, lineGap: 0 });
      });
    });
    return null;
  };
}

/** One page of a table, laid out by hand: the heading, the column titles, the painted rows and the footer. */
function tablePage(p: PageSpec, index: number, total: number, title: string): ReactElement {
  const lefts: number[] = [];
  let x = 0;
  for (const c of p.columns) {
    lefts.push(x);
    x += c.width;
  }
  const width = x;
  const height = p.rows.length * ROW_H;
  return h(
    Page,
    { key: String(index), size: 'A4', orientation: 'landscape', style: styles.page, wrap: false },
    h(Text, { style: styles.heading }, p.heading),
    h(View, { style: { ...styles.headRow, width } }, ...p.columns.map((c, i) => h(Text, { key: String(i), style: { ...styles.headCell, width: c.width } }, c.title))),
    h(Canvas, { style: { width, height }, paint: paintRows(p, lefts, width, height) }),
    h(View, { style: styles.footer }, h(Text, null, title), h(Text, null, `Страница ${index + 1} из ${total}`)),
  );
}

async function renderPages(pages: PageSpec[], title: string): Promise<Buffer> {
  registerFonts();
  const children = pages.map((p, index) => tablePage(p, index, pages.length, title));
  return renderToBuffer(h(Document, { title, creator: 'Электронный журнал', producer: 'Электронный журнал' }, ...children));
}
