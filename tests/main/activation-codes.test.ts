// Parents' activation codes (3.3): the class teacher prints a sheet of codes for their class; the database
// keeps only hashes; a new code revokes the earlier unused one; every issue is audited without the code.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseActivationCode } from '../../src/shared/domain/activation-codes';
import { startJournalFixture, type JournalFixture } from './helpers/journal-fixture';
import { tempDir, type Client } from './helpers/test-server';

let f: JournalFixture;
let classTeacher: Client;
let pupils: Array<{ id: number; last_name: string; first_name: string }>;

const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(async () => {
  f = await startJournalFixture(120);
  classTeacher = await f.signIn(f.classTeacherUserId);
  const list = await classTeacher.get<{ students: Array<{ id: number; lastName: string; firstName: string }> }>(
    `/api/v1/classes/${f.classId}/students`,
  );
  pupils = list.body.students.map((s) => ({ id: s.id, last_name: s.lastName, first_name: s.firstName }));
}, 120_000);
afterAll(async () => f.t.close());

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function issue(client: Client, body: Record<string, unknown> = {}) {
  const response = await fetch(`${f.t.server.url}/api/v1/classes/${f.classId}/activation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: client.cookie! },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), pdf: Buffer.from(await response.arrayBuffer()) };
}

function pdfText(pdf: Buffer): string {
  const dir = tempDir('activation-sheet-');
  const file = path.join(dir, 'codes.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const codesIn = (text: string) => [...text.matchAll(/\b([A-Z2-9]{5}-[A-Z2-9]{5})\b/g)].map((m) => m[1]!);

const storedCodes = async () =>
  (await f.t.server
    .db('activation_codes')
    .whereIn(
      'student_id',
      pupils.map((p) => p.id),
    )
    .orderBy('id')) as Array<{
    id: number;
    student_id: number;
    code_hash: string;
    created_by_user_id: number;
    expires_at: string;
    created_at: string;
    used_at: string | null;
    revoked_at: string | null;
  }>;

describe('activation codes', () => {
  it('the class teacher prints a sheet for the class; the database keeps only hashes', async () => {
    expect(pupils.length).toBeGreaterThan(1);
    const reply = await issue(classTeacher);
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('application/pdf');
    expect(reply.pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const rows = await storedCodes();
    expect(rows).toHaveLength(pupils.length);
    expect(new Set(rows.map((r) => r.student_id)).size).toBe(pupils.length);
    for (const r of rows) {
      expect(r.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.created_by_user_id).toBe(f.classTeacherUserId);
      expect(r.revoked_at).toBeNull();
      // 30 days of validity.
      expect(Date.parse(r.expires_at) - Date.parse(r.created_at)).toBe(30 * 86_400_000);
    }

    if (!hasPoppler) return; // poppler-utils is installed by .ci/run; the checks above still ran
    const text = pdfText(reply.pdf);
    for (const p of pupils) expect(text).toContain(`${p.last_name} ${p.first_name}`);
    expect(text).toContain('Код активации');
    expect(text).toContain('localhost');
    const printed = codesIn(text);
    expect(printed).toHaveLength(pupils.length);
    // Each printed code is stored only as the hash of its normalised form, and typed in lower case it still matches.
    const hashes = new Set(rows.map((r) => r.code_hash));
    for (const code of printed) {
      expect(hashes.has(sha256(normaliseActivationCode(code.toLowerCase())))).toBe(true);
    }
    const dump = JSON.stringify(await f.t.server.db('activation_codes'));
    for (const code of printed) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace('-', ''));
    }
    const audit = JSON.stringify(await f.t.server.db('audit_log').where({ action: 'activation-code.issue' }));
    for (const code of printed) expect(audit).not.toContain(code.replace('-', ''));
  });

  it('a teacher of another class, or a subject teacher of this one, may not issue codes', async () => {
    const other = (await f.t.server
      .db('classes')
      .whereNot({ id: f.classId })
      .whereNotNull('class_teacher_user_id')
      .whereNot('class_teacher_user_id', f.classTeacherUserId)
      .first('class_teacher_user_id')) as { class_teacher_user_id: number };
    const before = (await storedCodes()).length;
    const foreign = await issue(await f.signIn(other.class_teacher_user_id));
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.pdf.toString()).detail).toContain('классный руководитель');
    expect((await issue(await f.signIn(f.teacherUserId))).status).toBe(403);
    expect((await storedCodes()).length).toBe(before);
  });

  it('a new code for a pupil revokes their unused one; a class sheet revokes every unused one', async () => {
    const pupil = pupils[0]!;
    const before = await storedCodes();
    const single = await issue(classTeacher, { studentId: pupil.id });
    expect(single.status).toBe(200);
    const after = await storedCodes();
    expect(after).toHaveLength(before.length + 1);
    const old = after.find((r) => r.id === before.find((b) => b.student_id === pupil.id)!.id)!;
    expect(old.revoked_at).not.toBeNull();
    // Other pupils' codes are untouched.
    expect(after.filter((r) => r.student_id !== pupil.id).every((r) => r.revoked_at === null)).toBe(true);
    if (hasPoppler) {
      const text = pdfText(single.pdf);
      expect(text).toContain(pupil.last_name);
      expect(codesIn(text)).toHaveLength(1);
    }

    // A pupil of another class is refused.
    const stranger = (await f.t.server.db('class_enrolments').whereNot({ class_id: f.classId }).first('student_id')) as {
      student_id: number;
    };
    expect((await issue(classTeacher, { studentId: stranger.student_id })).status).toBe(400);

    // A used code stays used; the class sheet revokes all the rest and issues one per pupil.
    const current = (await storedCodes()).filter((r) => r.revoked_at === null);
    const used = current.find((r) => r.student_id === pupils[1]!.id)!;
    const parent = (await f.t.server.db('users').whereNot({ id: f.classTeacherUserId }).first('id')) as { id: number };
    await f.t.server
      .db('activation_codes')
      .where({ id: used.id })
      .update({ used_at: '2026-10-01T10:00:00.000Z', used_by_user_id: parent.id });
    expect((await issue(classTeacher)).status).toBe(200);
    const final = await storedCodes();
    for (const r of current) {
      const now = final.find((x) => x.id === r.id)!;
      if (r.id === used.id) {
        expect(now.revoked_at).toBeNull();
        expect(now.used_at).not.toBeNull();
      } else expect(now.revoked_at).not.toBeNull();
    }
    const open = final.filter((r) => r.revoked_at === null && r.used_at === null);
    expect(open.map((r) => r.student_id).sort()).toEqual(pupils.map((p) => p.id).sort());
  });

  it('the status list shows who has a working code and who has used one, never the code', async () => {
    const list = await classTeacher.get<{
      className: string;
      students: Array<{
        studentId: number;
        studentName: string;
        active: { expiresAt: string; createdByName: string } | null;
        uses: Array<{ usedAt: string; usedByName: string }>;
      }>;
    }>(`/api/v1/classes/${f.classId}/activation-codes`);
    expect(list.status).toBe(200);
    expect(list.body.students).toHaveLength(pupils.length);
    expect(list.body.students.every((s) => s.active !== null)).toBe(true);
    const withUse = list.body.students.find((s) => s.studentId === pupils[1]!.id)!;
    expect(withUse.uses).toHaveLength(1);
    expect(withUse.uses[0]!.usedAt).toBe('2026-10-01T10:00:00.000Z');
    expect(JSON.stringify(list.body)).not.toMatch(/code_?hash|[0-9a-f]{64}/i);

    const director = await f.account('director');
    expect((await director.get(`/api/v1/classes/${f.classId}/activation-codes`)).status).toBe(200);
    const parent = await f.account('parent');
    expect((await parent.get(`/api/v1/classes/${f.classId}/activation-codes`)).status).toBe(403);
  });

  it('every issue is in the audit log, one row per pupil, and the chain is intact', async () => {
    const rows = (await f.t.server.db('audit_log').where({ action: 'activation-code.issue' }).orderBy('id')) as Array<{
      actor_user_id: number;
      entity: string;
      entity_id: string;
      old_value: string | null;
      new_value: string;
    }>;
    // Whole class, one pupil, whole class again.
    expect(rows).toHaveLength(pupils.length * 2 + 1);
    expect(rows.every((r) => r.actor_user_id === f.classTeacherUserId && r.entity === 'student')).toBe(true);
    expect(rows.filter((r) => r.old_value !== null && r.old_value.includes('revokedCodeIds')).length).toBeGreaterThanOrEqual(
      pupils.length,
    );
    expect(JSON.parse(rows[0]!.new_value)).toMatchObject({ classId: f.classId });
    const admin = await f.account('admin');
    const verified = await admin.get<{ isIntact: boolean }>('/api/v1/audit/verify');
    expect(verified.body.isIntact).toBe(true);
  });
});
