// The demo school's journal: a year of lessons, marks and attendance up to today that keeps every rule of the
// journal (scale, no mark for an absent pupil, markless 1st grade, lessons from the timetable, lateness, period
// marks as suggested), deterministic for a seed, with a valid audit chain, and a page that opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MARK_SETTINGS } from '../../src/shared/domain/directories';
import { numericMark, suggestPeriodMark, NOT_ATTESTED_CODE } from '../../src/shared/domain/marks';
import { verifyAuditChain } from '../../src/main/audit/audit-service';
import { localDate } from '../../src/main/common/dates';
import { openDatabase } from '../../src/main/db/connection';
import { createDemoSchool, type DemoResult } from '../../src/main/demo/demo-school';
import { lessonsOfYear } from '../../src/main/timetable/timetable-service';
import { logIn, startTestServer, tempDir, type TestServer } from './helpers/test-server';

let t: TestServer & { demo: DemoResult };
const db = () => t.server.db;
const until = () => t.demo.journal!.until;

beforeAll(async () => {
  // Not the shared demo helper: this test needs the journal whatever the helper's default.
  const dataDir = tempDir('journal-demo-');
  const database = await openDatabase({ dataDir });
  const demo = await createDemoSchool(database, { students: 120, journal: true });
  await database.destroy();
  t = { ...(await startTestServer(dataDir)), demo };
}, 120_000);
afterAll(async () => t.close());

interface MarkFact {
  id: number;
  student_id: number;
  value: string;
  numeric_value: number | null;
  created_at: string;
  is_late: number;
  weight: number;
  is_written: number;
  lesson_id: number;
  class_id: number;
  subject_id: number;
  date: string;
}

const allMarks = async () =>
  (await db()('marks as m')
    .join('mark_columns as c', 'c.id', 'm.column_id')
    .join('work_types as w', 'w.id', 'c.work_type_id')
    .join('journal_lessons as l', 'l.id', 'c.lesson_id')
    .select('m.id', 'm.student_id', 'm.value', 'm.numeric_value', 'm.created_at', 'm.is_late', 'c.weight', 'w.is_written', 'l.id as lesson_id', 'l.class_id', 'l.subject_id', 'l.date')) as MarkFact[];

describe('demo journal', () => {
  it('has lessons with topics, homework and marks of the school scale, mostly 4 and 5', async () => {
    const counts = t.demo.journal!;
    expect(counts.until <= localDate()).toBe(true);
    const marks = await allMarks();
    expect(marks.length).toBe(counts.marks);
    expect(counts.lessons).toBeGreaterThan(0);
    if (marks.length === 0) return; // The first day of the year: nothing written yet.
    for (const m of marks) {
      expect(m.numeric_value).toBeGreaterThanOrEqual(DEFAULT_MARK_SETTINGS.lowestMark);
      expect(m.numeric_value).toBeLessThanOrEqual(5);
      expect(m.value).toBe(String(m.numeric_value));
    }
    const share = (v: number) => marks.filter((m) => m.numeric_value === v).length / marks.length;
    expect(share(4) + share(5)).toBeGreaterThan(0.6);
    expect(share(2)).toBeLessThan(0.1);
    const withTopic = (await db()('journal_lessons').whereNotNull('topic').count({ n: '*' }).first()) as { n: number };
    expect(withTopic.n).toBe(counts.lessons);
    const withHomework = (await db()('journal_lessons as l').join('classes as c', 'c.id', 'l.class_id').where('c.level', '>', 1).whereNotNull('l.homework').count({ n: '*' }).first()) as { n: number };
    expect(withHomework.n).toBeGreaterThan(0);
  });

  it('gives no mark to a pupil absent from the lesson, and none in the markless 1st grade', async () => {
    const absentWithMark = (await db()('marks as m')
      .join('mark_columns as c', 'c.id', 'm.column_id')
      .join('attendance as a', function () {
        this.on('a.lesson_id', '=', 'c.lesson_id').andOn('a.student_id', '=', 'm.student_id');
      })
      .whereIn('a.code', ['Н', 'Б', 'УП', 'НП'])
      .count({ n: '*' })
      .first()) as { n: number };
    expect(absentWithMark.n).toBe(0);
    const markless = (await db()('marks as m')
      .join('mark_columns as c', 'c.id', 'm.column_id')
      .join('journal_lessons as l', 'l.id', 'c.lesson_id')
      .join('classes as k', 'k.id', 'l.class_id')
      .whereIn('k.level', DEFAULT_MARK_SETTINGS.marklessLevels)
      .whereNotNull('m.numeric_value')
      .count({ n: '*' })
      .first()) as { n: number };
    expect(markless.n).toBe(0);
    const firstGradeLessons = (await db()('journal_lessons as l').join('classes as k', 'k.id', 'l.class_id').where('k.level', 1).count({ n: '*' }).first()) as { n: number };
    expect(firstGradeLessons.n).toBeGreaterThan(0);
    // Absences are about 5% of pupil-lessons, and most of the past ones have the class teacher's reason.
    const codes = (await db()('attendance').select('code').count({ n: '*' }).groupBy('code')) as Array<{ code: string; n: number }>;
    const n = (code: string) => codes.find((c) => c.code === code)?.n ?? 0;
    expect(n('Б') + n('УП') + n('НП')).toBeGreaterThan(n('Н'));
  });

  it('writes only lessons the timetable has for that page, up to today, with consistent entry times', async () => {
    const year = (await db()('academic_years').orderBy('id').first('id')) as { id: number };
    const derived = new Set((await lessonsOfYear(db(), year.id)).map((l) => `${l.classId}:${l.subjectId}:${l.groupId ?? 0}:${l.date}:${l.lessonNumber}:${l.teacherUserId}`));
    const lessons = (await db()('journal_lessons').select('class_id', 'subject_id', 'group_key', 'date', 'lesson_number', 'teacher_user_id', 'version')) as Array<{
      class_id: number;
      subject_id: number;
      group_key: number;
      date: string;
      lesson_number: number;
      teacher_user_id: number;
      version: number;
    }>;
    for (const l of lessons) {
      expect(derived.has(`${l.class_id}:${l.subject_id}:${l.group_key}:${l.date}:${l.lesson_number}:${l.teacher_user_id}`), `${l.class_id}/${l.subject_id} ${l.date} #${l.lesson_number}`).toBe(true);
      expect(l.date <= until()).toBe(true);
      expect(l.version).toBe(1);
    }
    const now = new Date().toISOString();
    for (const m of await allMarks()) {
      const enteredOn = localDate(new Date(m.created_at));
      expect(m.date <= until() && enteredOn <= until() && m.created_at <= now).toBe(true);
      expect(enteredOn >= m.date).toBe(true);
      // checkMarkEntry: oral work is late after the lesson day, written work after 7 days (never, within the window).
      if (m.is_written) expect(m.is_late).toBe(0);
      else expect(m.is_late).toBe(enteredOn > m.date ? 1 : 0);
    }
  });

  it('sets the period marks of the periods over as the journal suggests them', async () => {
    const marks = await allMarks();
    const periodMarks = (await db()('period_marks as p')
      .join('classes as c', 'c.id', 'p.class_id')
      .join('level_settings as s', function () {
        this.on('s.level', '=', 'c.level').andOn('s.academic_year_id', '=', 'p.academic_year_id');
      })
      .join('study_periods as sp', function () {
        this.on('sp.academic_year_id', '=', 'p.academic_year_id').andOn('sp.scheme', '=', 's.period_scheme').andOn('sp.number', '=', 'p.period_number');
      })
      .select('p.class_id', 'p.subject_id', 'p.student_id', 'p.kind', 'p.value', 'p.numeric_value', 'p.version', 'sp.start_date', 'sp.end_date')) as Array<{
      class_id: number;
      subject_id: number;
      student_id: number;
      kind: string;
      value: string;
      numeric_value: number | null;
      version: number;
      start_date: string;
      end_date: string;
    }>;
    expect(periodMarks.length).toBe(t.demo.journal!.periodMarks);
    const byPupil = new Map<string, MarkFact[]>();
    for (const m of marks) {
      const key = `${m.class_id}:${m.subject_id}:${m.student_id}`;
      byPupil.set(key, [...(byPupil.get(key) ?? []), m]);
    }
    for (const p of periodMarks) {
      expect(p.kind).toBe('period');
      expect(p.version).toBe(1);
      expect(p.end_date < until()).toBe(true);
      const own = (byPupil.get(`${p.class_id}:${p.subject_id}:${p.student_id}`) ?? []).filter((m) => p.start_date <= m.date && m.date <= p.end_date);
      const suggestion = suggestPeriodMark(
        own.map((m) => ({ value: numericMark(m.numeric_value!), weight: m.weight })),
        DEFAULT_MARK_SETTINGS,
      );
      expect(suggestion.kind === 'mark' ? String(suggestion.value) : NOT_ATTESTED_CODE).toBe(p.value);
    }
  });

  it('keeps the audit chain valid with one summary entry, not one per mark', async () => {
    expect((await verifyAuditChain(db())).isIntact).toBe(true);
    const entries = (await db()('audit_log').where({ action: 'school.demo-journal' }).select('new_value')) as Array<{ new_value: string }>;
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.new_value)).toMatchObject({ marks: t.demo.journal!.marks });
    const total = (await db()('audit_log').count({ n: '*' }).first()) as { n: number };
    expect(total.n).toBeLessThan(10);
  });

  it('opens the journal page of a demo journal with its marks', async () => {
    const account = t.demo.accounts.find((a) => a.role === 'teacher')!;
    const teacher = await logIn(t.server.url, account.login, account.password);
    const page = (await db()('teaching_assignments as a')
      .join('users as u', 'u.id', 'a.teacher_user_id')
      .join('classes as c', 'c.id', 'a.class_id')
      .where('u.login', account.login)
      .where('c.level', '>', 1)
      .orderBy('a.hours_per_week', 'desc')
      .first('a.class_id', 'a.subject_id')) as { class_id: number; subject_id: number };
    const reply = await teacher.get<{ period: { startDate: string; endDate: string }; lessons: unknown[]; marks: Array<{ value: string }>; canEdit: boolean }>(
      `/api/v1/journals/${page.class_id}/${page.subject_id}/0`,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.canEdit).toBe(true);
    const stored = (await db()('marks as m')
      .join('mark_columns as c', 'c.id', 'm.column_id')
      .join('journal_lessons as l', 'l.id', 'c.lesson_id')
      .where({ 'l.class_id': page.class_id, 'l.subject_id': page.subject_id })
      .whereBetween('l.date', [reply.body.period.startDate, reply.body.period.endDate])
      .count({ n: '*' })
      .first()) as { n: number };
    expect(reply.body.marks).toHaveLength(stored.n);
    expect(reply.body.lessons.length).toBeGreaterThan(0);
  });

  it('is the same every time for the same seed and day, and can be left out', async () => {
    const dump = async (journal: boolean) => {
      const database = await openDatabase({ dataDir: tempDir() });
      try {
        const result = await createDemoSchool(database, { students: 40, today: '2026-10-16', journal });
        const marks = (await database('marks').orderBy('id').select('column_id', 'student_id', 'value', 'created_at', 'is_late')) as unknown[];
        const attendance = (await database('attendance').orderBy('id').select('lesson_id', 'student_id', 'code', 'reason_at')) as unknown[];
        return { counts: result.journal, marks, attendance };
      } finally {
        await database.destroy();
      }
    };
    const a = await dump(true);
    expect(a.marks.length).toBeGreaterThan(1000);
    expect(await dump(true)).toEqual(a);
    const without = await dump(false);
    expect(without).toEqual({ counts: null, marks: [], attendance: [] });
  }, 60_000);
});

describe('demo journal at the end of the school year', () => {
  it('adds year marks (the rounded mean of the period marks) and, in the 9th and 11th, exam and final marks', async () => {
    const database = await openDatabase({ dataDir: tempDir('journal-demo-june-') });
    try {
      await createDemoSchool(database, { students: 150, today: '2027-06-10' });
      const rows = (await database('period_marks as pm')
        .join('classes as c', 'c.id', 'pm.class_id')
        .join('subjects as s', 's.id', 'pm.subject_id')
        .select('pm.student_id', 'pm.subject_id', 'pm.kind', 'pm.period_number', 'pm.numeric_value', 'c.level', 's.name as subject')) as Array<{
        student_id: number;
        subject_id: number;
        kind: string;
        period_number: number;
        numeric_value: number | null;
        level: number;
        subject: string;
      }>;
      const key = (r: { student_id: number; subject_id: number }) => `${r.student_id}:${r.subject_id}`;
      const periods = new Map<string, number[]>();
      for (const r of rows) if (r.kind === 'period' && r.numeric_value !== null) periods.set(key(r), [...(periods.get(key(r)) ?? []), r.numeric_value]);
      const years = rows.filter((r) => r.kind === 'year');
      expect(years.length).toBeGreaterThan(100);
      for (const y of years) {
        const marks = periods.get(key(y))!;
        expect(y.numeric_value).toBe(Math.floor(marks.reduce((a, b) => a + b, 0) / marks.length + 0.5));
      }
      const finals = rows.filter((r) => r.kind === 'final');
      expect(finals.length).toBeGreaterThan(0);
      expect(finals.every((r) => r.level === 9 || r.level === 11)).toBe(true);
      const exams = rows.filter((r) => r.kind === 'exam');
      expect(exams.length).toBeGreaterThan(0);
      expect([...new Set(exams.map((r) => r.subject))].sort()).toEqual(['Алгебра', 'Геометрия', 'Русский язык']);
    } finally {
      await database.destroy();
    }
  }, 120_000);
});
