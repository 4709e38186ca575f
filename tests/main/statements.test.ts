// The summary statement of final marks and the registry of printed statements (issue 6, items 1-2), on a real
// server over a demo school with its journal: the PDF turned into text holds every pupil, subject and mark of the
// class as the database has them; pages are numbered «Лист N из M» with M the real page count; printing records
// the PDF's SHA-256 and a 25-year retention date; the director's signature record is versioned and audited.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/main/common/dates';
import type { DemoResult } from '../../src/main/demo/demo-school';
import { loadClassStatement, type ClassStatement } from '../../src/main/statements/statement-data';
import { MARKLESS_LINE, ROWS_ON_LAST_PAGE, ROWS_PER_PAGE, renderStatementPdfFromData, splitRows } from '../../src/main/statements/statement-pdf';
import { addYears } from '../../src/main/statements/statement-registry';
import { startDemoServer } from './helpers/demo-server';
import { logIn, tempDir, type Client, type TestServer } from './helpers/test-server';

const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let t: TestServer & { demo: DemoResult };
let admin: Client;
let director: Client;
let deputy: Client;
let yearId: number;
let classId: number;
let leaverName: string;
const work = tempDir('statements-');

async function as(role: string): Promise<Client> {
  const a = t.demo.accounts.find((x) => x.role === role)!;
  return logIn(t.server.url, a.login, a.password);
}

/** A PDF (binary) from the API with the client's session: the test client reads bodies as text. */
async function pdfCall(client: Client, method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await fetch(t.server.url + url, {
    method,
    headers: { cookie: client.cookie ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, pdf: Buffer.from(await response.arrayBuffer()) };
}

function save(pdf: Buffer, name: string): string {
  const file = path.join(work, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}

const pdfText = (file: string, layout = true, page?: number) =>
  execFileSync('pdftotext', [...(layout ? ['-layout'] : []), ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' });
const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** Tokens after a pupil's name on each line that carries it (a note in parentheses left out): marks and missed counts. */
function rowTokens(text: string, name: string): string[] {
  const tokens: string[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf(name);
    if (at < 0) continue;
    tokens.push(...line.slice(at + name.length).replace(/^\s*\([^)]*\)/, '').trim().split(/\s+/).filter(Boolean));
  }
  return tokens.sort();
}

beforeAll(async () => {
  t = await startDemoServer(300, { journal: true });
  const db = t.server.db;
  [admin, director, deputy] = await Promise.all([as('admin'), as('director'), as('deputy')]);
  const year = (await db('academic_years').orderBy('id').first('id', 'name')) as { id: number; name: string };
  yearId = year.id;
  // A 9th grade: it has exam and final columns besides the periods and the year.
  const cls = (await db('classes').where({ academic_year: year.name, level: 9 }).orderBy('id').first('id')) as { id: number };
  classId = cls.id;
  const adminId = ((await db('users').where({ login: t.demo.accounts.find((a) => a.role === 'admin')!.login }).first('id')) as { id: number }).id;
  const pupils = (await db('class_enrolments').where({ class_id: classId }).orderBy('student_id').select('student_id', 'id')) as Array<{ student_id: number; id: number }>;
  const subjects = (await db('curriculum_items').where({ academic_year_id: yearId, level: 9 }).select('subject_id')) as Array<{ subject_id: number }>;
  // Year marks for everyone (codes too, as the journal writes them), exam and final marks for a few.
  const rows: Array<Record<string, unknown>> = [];
  const values = ['5', '4', '3', 'н/а', 'осв', 'зач', '4', '5'];
  pupils.forEach((p, i) =>
    subjects.forEach((s, j) => {
      const base = { academic_year_id: yearId, class_id: classId, subject_id: s.subject_id, student_id: p.student_id, period_number: 0, author_user_id: adminId, updated_at: new Date().toISOString(), version: 1 };
      const value = values[(i + j) % values.length]!;
      rows.push({ ...base, kind: 'year', value, numeric_value: /^\d$/.test(value) ? Number(value) : null });
      if (j < 3 && i % 3 === 0) {
        rows.push({ ...base, kind: 'exam', value: '4', numeric_value: 4 });
        rows.push({ ...base, kind: 'final', value: '5', numeric_value: 5 });
      }
    }),
  );
  await db.batchInsert('period_marks', rows, 200);
  // A pupil who left the class during the year stays on the statement, marked with the date.
  const leaver = pupils[pupils.length - 1]!;
  await db('class_enrolments').where({ id: leaver.id }).update({ to_date: '2026-11-20' });
  const s = (await db('students').where({ id: leaver.student_id }).first('last_name', 'first_name', 'middle_name')) as { last_name: string; first_name: string; middle_name: string | null };
  leaverName = [s.last_name, s.first_name, s.middle_name].filter(Boolean).join(' ');
}, 180_000);
afterAll(async () => t.close());

describe.skipIf(!hasPoppler)('summary statement PDF', () => {
  it('holds every pupil, subject and mark of the class as the database has them, pages numbered «Лист N из M»', async () => {
    const db = t.server.db;
    const reply = await pdfCall(admin, 'GET', `/api/v1/statements/preview?academicYearId=${yearId}&classId=${classId}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/pdf');
    const file = save(reply.pdf, 'class');
    const layout = pdfText(file);
    const plain = pdfText(file, false).replace(/\s+/g, ' ');
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThan(1);
    for (let n = 1; n <= pages; n += 1) expect(plain).toContain(`Лист ${n} из ${pages}`);
    expect(plain).not.toContain(`Лист ${pages + 1} из`);
    expect(plain).toContain('Сводная ведомость итоговых отметок');
    expect(plain).toContain('М.П.');
    expect(plain).toContain('Директор');

    const cls = (await db('classes').where({ id: classId }).first('level', 'letter', 'academic_year')) as { level: number; letter: string; academic_year: string };
    expect(plain).toContain(`${cls.level}${cls.letter}`);
    expect(plain).toContain(cls.academic_year);
    const subjects = (await db('curriculum_items as c').join('subjects as s', 's.id', 'c.subject_id').where({ 'c.academic_year_id': yearId, 'c.level': cls.level }).select('s.id', 's.name')) as Array<{ id: number; name: string }>;
    expect(subjects.length).toBeGreaterThan(5);
    for (const s of subjects) expect(plain).toContain(s.name);

    // Every pupil enrolled during the year (the one who left too, with the date), and each one's marks and absences.
    const pupils = (await db('class_enrolments as e').join('students as s', 's.id', 'e.student_id').where('e.class_id', classId).select('s.id', 's.last_name', 's.first_name', 's.middle_name')) as Array<{
      id: number;
      last_name: string;
      first_name: string;
      middle_name: string | null;
    }>;
    expect(layout).toContain(`${leaverName} (выб. 20.11.2026)`);
    const data = await loadClassStatement(db, yearId, classId);
    let marksSeen = 0;
    for (const p of pupils) {
      const name = [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
      const marks = (await db('period_marks').where({ academic_year_id: yearId, student_id: p.id }).whereIn('subject_id', subjects.map((s) => s.id)).select('value')) as Array<{ value: string }>;
      const missed = (await db('attendance as a')
        .join('journal_lessons as l', 'l.id', 'a.lesson_id')
        .where({ 'l.class_id': classId, 'a.student_id': p.id })
        .whereIn('a.code', ['Н', 'Б', 'УП', 'НП'])
        .select('a.code')) as Array<{ code: string }>;
      const days = data.students.find((s) => s.id === p.id)!.missedDays;
      const expected = [...marks.map((m) => m.value), String(days), String(missed.length), String(missed.filter((m) => m.code === 'Б' || m.code === 'УП').length)].sort();
      expect(rowTokens(layout, name), name).toEqual(expected);
      marksSeen += marks.length;
    }
    // Period marks of the first quarter (the demo journal) and the year, exam and final marks written above.
    expect(marksSeen).toBeGreaterThan(pupils.length * subjects.length);
    for (const code of ['н/а', 'осв', 'зач', 'Экз.', 'Итог', 'Год']) expect(layout).toContain(code);

    // Pictures of the first and last sheets, to look at.
    fs.mkdirSync(path.join('test-results', 'screenshots'), { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '1', file, path.join('test-results', 'screenshots', 'statement-class-first')]);
    execFileSync('pdftoppm', ['-png', '-r', '90', '-f', String(pages), '-l', String(pages), file, path.join('test-results', 'screenshots', 'statement-class-last')]);
  });

  it('the whole school: every class in one document numbered throughout', async () => {
    const reply = await pdfCall(director, 'GET', `/api/v1/statements/preview?academicYearId=${yearId}`);
    expect(reply.status).toBe(200);
    const file = save(reply.pdf, 'school');
    const pages = pdfPages(file);
    const plain = pdfText(file, false).replace(/\s+/g, ' ');
    const classes = (await t.server.db('classes').where({ academic_year: '2026/2027' }).select('level', 'letter')) as Array<{ level: number; letter: string }>;
    expect(pages).toBeGreaterThanOrEqual(classes.length);
    for (const c of classes) expect(plain).toContain(`Класс: ${c.level}${c.letter}`);
    expect(plain).toContain(`Лист ${pages} из ${pages}`);
    // The signature block closes each class.
    expect(plain.split('М.П.').length - 1).toBe(classes.length);
  });

  it('never over-fills a sheet: 40 pupils split over more sheets, the last leaving room for the signature', async () => {
    for (let n = 0; n <= 120; n += 1) {
      const sizes = splitRows(n);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      for (const s of sizes) expect(s).toBeLessThanOrEqual(ROWS_PER_PAGE);
      expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(ROWS_ON_LAST_PAGE);
    }
    const real = await loadClassStatement(t.server.db, yearId, classId);
    const students = Array.from({ length: 40 }, (_, i) => ({ ...real.students[i % real.students.length]!, id: 100_000 + i, fullName: `Тестова Ученица ${String(i + 1).padStart(2, '0')}` }));
    const big: ClassStatement = { ...real, students, marks: {} };
    const rendered = await renderStatementPdfFromData([big], new Date());
    const file = save(rendered.pdf, 'big');
    expect(pdfPages(file)).toBe(rendered.pageCount);
    const oneRowChunk = await renderStatementPdfFromData([{ ...real, marks: {} }], new Date());
    expect(rendered.pageCount).toBe(oneRowChunk.pageCount * 2);
    for (let page = 1; page <= rendered.pageCount; page += 1) {
      const rows = pdfText(file, true, page).split('\n').filter((l) => l.includes('Тестова Ученица'));
      expect(rows.length).toBeLessThanOrEqual(ROWS_PER_PAGE);
      expect(rows.length).toBeGreaterThan(0);
    }
    expect(pdfText(file, false, rendered.pageCount)).toContain('М.П.');
    expect(pdfText(file, false, 1)).not.toContain('М.П.');
  });
});

describe.skipIf(!hasPoppler)('markless classes and a class without pupils', () => {
  it('a 1st-grade (markless) class says so on every sheet and keeps its pupils and missed days; the 9th grade does not', async () => {
    const db = t.server.db;
    const year = (await db('academic_years').where({ id: yearId }).first('name')) as { name: string };
    const first = (await db('classes').where({ academic_year: year.name, level: 1 }).orderBy('id').first('id')) as { id: number } | undefined;
    expect(first, 'the demo school has a 1st grade').toBeTruthy();
    const data = await loadClassStatement(db, yearId, first!.id);
    expect(data.isMarkless).toBe(true);
    expect(data.students.length).toBeGreaterThan(0);
    expect((await loadClassStatement(db, yearId, classId)).isMarkless).toBe(false);

    const reply = await pdfCall(admin, 'GET', `/api/v1/statements/preview?academicYearId=${yearId}&classId=${first!.id}`);
    expect(reply.status).toBe(200);
    const file = save(reply.pdf, 'markless');
    const pages = pdfPages(file);
    for (let page = 1; page <= pages; page += 1) expect(pdfText(file, false, page).replace(/\s+/g, ' ')).toContain(MARKLESS_LINE);
    const plain = pdfText(file, false).replace(/\s+/g, ' ');
    for (const s of data.students) expect(plain).toContain(s.fullName);
    expect(plain).toContain('Пропущено за год');
    expect(plain).toContain('М.П.');
    fs.mkdirSync(path.join('test-results', 'screenshots'), { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '1', file, path.join('test-results', 'screenshots', 'statement-markless-first')]);

    const ninth = await pdfCall(admin, 'GET', `/api/v1/statements/preview?academicYearId=${yearId}&classId=${classId}`);
    expect(pdfText(save(ninth.pdf, 'ninth'), false)).not.toContain('Безотметочное');
  });

  it('a class without pupils: the footer says «обучающихся нет», not «1–1 из 0»', async () => {
    const real = await loadClassStatement(t.server.db, yearId, classId);
    const rendered = await renderStatementPdfFromData([{ ...real, students: [], marks: {} }], new Date());
    const plain = pdfText(save(rendered.pdf, 'empty-class'), false).replace(/\s+/g, ' ');
    expect(plain).toContain('обучающихся нет');
    expect(plain).toContain('В классе нет обучающихся');
    expect(plain).not.toMatch(/1\s*–\s*1 из 0/);
    expect(plain).not.toContain('обучающиеся');
  });
});

describe('registry of printed statements', () => {
  it('printing records the PDF: SHA-256, pages, who and when, kept 25 years; audited', async () => {
    // Printing is the administrator's (3.2); the director, who only views the journal, signs (3.6).
    const refused = await pdfCall(director, 'POST', '/api/v1/statements/print', { academicYearId: yearId, classId });
    expect(refused.status).toBe(403);
    const reply = await pdfCall(admin, 'POST', '/api/v1/statements/print', { academicYearId: yearId, classId });
    expect(reply.status).toBe(200);
    const id = Number(reply.headers.get('x-statement-id'));
    expect(id).toBeGreaterThan(0);
    const row = (await t.server.db('printed_statements').where({ id }).first()) as Record<string, unknown>;
    expect(row.pdf_sha256).toBe(createHash('sha256').update(reply.pdf).digest('hex'));
    if (hasPoppler) expect(row.page_count).toBe(pdfPages(save(reply.pdf, 'printed')));
    expect(row.class_id).toBe(classId);
    const printedOn = localDate(new Date(row.printed_at as string));
    expect(row.retain_until).toBe(`${Number(printedOn.slice(0, 4)) + 25}${printedOn.slice(4)}`);
    const audit = await t.server.db('audit_log').where({ action: 'statement.print', entity_id: String(id) });
    expect(audit).toHaveLength(1);

    const list = await deputy.get<{ statements: Array<{ id: number; pageCount: number; retainUntil: string; printedByName: string; className: string | null; signedAt: string | null }> }>(
      `/api/v1/statements/printed?academicYearId=${yearId}`,
    );
    expect(list.status).toBe(200);
    const item = list.body.statements.find((s) => s.id === id)!;
    expect(item).toMatchObject({ pageCount: row.page_count, retainUntil: row.retain_until, signedAt: null });
    expect(item.printedByName).toContain(t.demo.accounts.find((a) => a.role === 'admin')!.name.split(' ')[0]);
  });

  it('the director records the signature and the paper copy; a stale version is 409; bad input 400 in Russian', async () => {
    const printed = await pdfCall(admin, 'POST', '/api/v1/statements/print', { academicYearId: yearId, classId: null });
    expect(printed.status).toBe(200);
    const id = Number(printed.headers.get('x-statement-id'));
    const today = localDate();
    const body = { signedAt: today, signedByName: 'Смирнов В. Н.', paperLocation: 'Архив школы, шкаф 3, папка «Ведомости 2026/2027»', note: null, version: 1 };
    const signed = await director.put<{ signedAt: string; paperLocation: string; version: number; signatureRecordedByName: string }>(`/api/v1/statements/printed/${id}/signature`, body);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ signedAt: today, paperLocation: body.paperLocation, version: 2 });
    const stale = await director.put<{ detail: string }>(`/api/v1/statements/printed/${id}/signature`, { ...body, paperLocation: 'Сейф директора' });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('другой пользователь');
    expect(await t.server.db('audit_log').where({ action: 'statement.sign', entity_id: String(id) })).toHaveLength(1);

    const badDate = await director.put<{ detail: string; errors: Array<{ field: string; message: string }> }>(`/api/v1/statements/printed/${id}/signature`, { ...body, signedAt: '2026-13-40', version: 2 });
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toMatch(/Дата подписания/);
    const noPlace = await director.put<{ detail: string }>(`/api/v1/statements/printed/${id}/signature`, { ...body, paperLocation: '   ', version: 2 });
    expect(noPlace.status).toBe(400);
    expect(JSON.stringify(noPlace.body)).toMatch(/Место хранения/);
    const future = await director.put<{ detail: string }>(`/api/v1/statements/printed/${id}/signature`, { ...body, signedAt: addYears(today, 1), version: 2 });
    expect(future.status).toBe(400);
    expect(future.body.detail).toContain('в будущем');
    const badPrint = await admin.post<{ detail: string }>('/api/v1/statements/print', { academicYearId: 'первый', classId: null });
    expect(badPrint.status).toBe(400);
    expect(JSON.stringify(badPrint.body)).toMatch(/Учебный год/);
    const missingClass = await pdfCall(admin, 'POST', '/api/v1/statements/print', { academicYearId: yearId, classId: 999_999 });
    expect(missingClass.status).toBe(404);
    // Nothing is recorded for a refused printing.
    expect(await t.server.db('printed_statements').count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('retention: 29 February is kept until 1 March of a year without it', () => {
    expect(addYears('2028-02-29', 25)).toBe('2053-03-01');
    expect(addYears('2026-11-29', 25)).toBe('2051-11-29');
  });
});

describe('a pupil who moved to another class during the year', () => {
  it('is on both statements: the old class shows only its own marks, the new class the whole record', async () => {
    const db = t.server.db;
    const cls = (await db('classes').where({ id: classId }).first('level', 'academic_year')) as { level: number; academic_year: string };
    // Another class of the year with first-quarter marks (of the same level when the school has two).
    const other = (await db('classes as c')
      .join('period_marks as pm', 'pm.class_id', 'c.id')
      .where({ 'c.academic_year': cls.academic_year, 'pm.kind': 'period', 'pm.period_number': 1 })
      .whereNot('c.id', classId)
      .orderByRaw('c.level = ? desc, c.level desc', [cls.level])
      .first('c.id')) as { id: number } | undefined;
    expect(other, 'the demo has another class with marks').toBeTruthy();
    const mover = (await db('class_enrolments as e')
      .join('period_marks as pm', function () {
        this.on('pm.student_id', 'e.student_id').andOn('pm.class_id', 'e.class_id');
      })
      .where({ 'e.class_id': other!.id, 'pm.kind': 'period', 'pm.period_number': 1 })
      .whereNull('e.to_date')
      .orderBy('e.id')
      .first('e.id', 'e.student_id')) as { id: number; student_id: number };
    const q1 = (await db('period_marks').where({ academic_year_id: yearId, student_id: mover.student_id, class_id: other!.id, kind: 'period', period_number: 1 }).first('subject_id', 'value')) as
      | { subject_id: number; value: string }
      | undefined;
    expect(q1, 'the mover has a first-quarter mark from the old class').toBeTruthy();
    // Moves on 10 November; the year mark is given in the new class.
    await db('class_enrolments').where({ id: mover.id }).update({ to_date: '2026-11-10' });
    await db('class_enrolments').insert({ class_id: classId, student_id: mover.student_id, from_date: '2026-11-10', to_date: null });
    const admin = (await db('users').orderBy('id').first('id')) as { id: number };
    await db('period_marks').insert({ academic_year_id: yearId, class_id: classId, subject_id: q1!.subject_id, student_id: mover.student_id, kind: 'year', period_number: 0, value: '4', numeric_value: 4, author_user_id: admin.id, updated_at: new Date().toISOString() });

    const oldClass = await loadClassStatement(db, yearId, other!.id);
    const newClass = await loadClassStatement(db, yearId, classId);
    expect(oldClass.students.find((s) => s.id === mover.student_id)?.leftOn).toBe('2026-11-10');
    expect(oldClass.marks[mover.student_id]?.[q1!.subject_id]).toEqual({ 'period:1': q1!.value });
    expect(newClass.students.find((s) => s.id === mover.student_id)?.joinedOn).toBe('2026-11-10');
    expect(newClass.marks[mover.student_id]?.[q1!.subject_id]).toMatchObject({ 'period:1': q1!.value, year: '4' });
  });
});
