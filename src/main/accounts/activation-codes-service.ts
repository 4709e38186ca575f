// Parents' activation codes (3.3): the class teacher issues a code for each pupil (or one pupil), prints the
// sheet and hands it to the parents. A new code revokes the pupil's earlier unused ones; a code lives 30 days.
// Only the SHA-256 of the normalised code is stored, so a code is shown once, on the sheet, and never again.

import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { activationCodeListSchema } from '../../shared/api/activation-contract';
import {
  activationCodeExpiry,
  activationCodeState,
  generateActivationCode,
  normaliseActivationCode,
} from '../../shared/domain/activation-codes';
import { recordAudit } from '../audit/audit-service';
import { AppError, invalid, notFound } from '../common/app-error';
import { referenceDateIn } from '../common/dates';
import type { Db } from '../db/connection';
import {
  activationCodesOfStudents,
  existingCodeHashes,
  insertActivationCodes,
  revokeUnusedCodes,
} from '../db/repositories/activation-repo';
import { findClass, listStudentsOfClass, type StudentRow } from '../db/repositories/structure-repo';

type ActivationCodeList = z.infer<typeof activationCodeListSchema>;

/** The stored form of a code: SHA-256 (hex) of what normalising the typed text gives. */
export function activationCodeHash(code: string): string {
  return createHash('sha256').update(normaliseActivationCode(code), 'utf8').digest('hex');
}

const personName = (p: { last_name: string; first_name: string; middle_name: string | null }) =>
  [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');

export interface PreparedActivationCodes {
  classId: number;
  className: string;
  issuedAt: Date;
  expiresAt: Date;
  codes: Array<{ studentId: number; studentName: string; code: string; hash: string }>;
}

async function classWithStudents(db: Db, classId: number): Promise<{ className: string; students: StudentRow[] }> {
  const found = await findClass(db, classId);
  if (!found) throw notFound('Класс');
  return {
    className: `${found.level}${found.letter}`,
    students: await listStudentsOfClass(db, classId, referenceDateIn(found.academic_year)),
  };
}

/**
 * New codes for the class's pupils (or for one of them), not yet saved: the sheet is rendered first, so a
 * failed print does not revoke the codes the parents already hold.
 */
export async function prepareActivationCodes(
  db: Db,
  classId: number,
  studentId: number | undefined,
  now: Date = new Date(),
): Promise<PreparedActivationCodes> {
  const { className, students } = await classWithStudents(db, classId);
  const chosen = studentId === undefined ? students : students.filter((s) => s.id === studentId);
  if (studentId !== undefined && chosen.length === 0) throw invalid('studentId', 'Обучающийся', 'не учится в этом классе');
  if (chosen.length === 0) throw new AppError(400, 'validation', 'В классе нет обучающихся: коды выдавать некому.');
  const codes = chosen.map((s) => {
    const code = generateActivationCode();
    return { studentId: s.id, studentName: personName(s), code, hash: activationCodeHash(code) };
  });
  // 48 bits make a clash with an earlier code practically impossible; if it happens, that pupil gets another code.
  for (
    let taken = await existingCodeHashes(
      db,
      codes.map((c) => c.hash),
    );
    taken.size > 0;
    taken = await existingCodeHashes(
      db,
      codes.map((c) => c.hash),
    )
  ) {
    for (const c of codes) {
      if (!taken.has(c.hash)) continue;
      c.code = generateActivationCode();
      c.hash = activationCodeHash(c.code);
    }
  }
  return { classId, className, issuedAt: now, expiresAt: activationCodeExpiry(now), codes };
}

/** Saves the hashes, revoking each pupil's earlier unused codes, with one audit row per pupil (never the code). */
export async function commitActivationCodes(db: Db, actorUserId: number, prepared: PreparedActivationCodes): Promise<void> {
  const createdAt = prepared.issuedAt.toISOString();
  const expiresAt = prepared.expiresAt.toISOString();
  await db.transaction(async (trx) => {
    for (const c of prepared.codes) {
      const revoked = await revokeUnusedCodes(trx, [c.studentId], createdAt);
      await recordAudit(trx, {
        actorUserId,
        action: 'activation-code.issue',
        entity: 'student',
        entityId: c.studentId,
        oldValue: revoked.length > 0 ? { revokedCodeIds: revoked } : null,
        newValue: { classId: prepared.classId, expiresAt },
      });
    }
    await insertActivationCodes(
      trx,
      prepared.codes.map((c) => ({
        student_id: c.studentId,
        code_hash: c.hash,
        created_by_user_id: actorUserId,
        created_at: createdAt,
        expires_at: expiresAt,
      })),
    );
  });
}

/** Per pupil of the class: the code that works now, and who has used one and when. Never a code. */
export async function listActivationCodes(db: Db, classId: number, now: Date = new Date()): Promise<ActivationCodeList> {
  const { className, students } = await classWithStudents(db, classId);
  const rows = await activationCodesOfStudents(
    db,
    students.map((s) => s.id),
  );
  return {
    classId,
    className,
    students: students.map((s) => {
      const own = rows.filter((r) => r.student_id === s.id);
      const active = own.find(
        (r) => activationCodeState({ expiresAt: r.expires_at, usedAt: r.used_at, revokedAt: r.revoked_at }, now) === 'active',
      );
      return {
        studentId: s.id,
        studentName: personName(s),
        active: active
          ? {
              createdAt: active.created_at,
              expiresAt: active.expires_at,
              createdByName: personName({
                last_name: active.creator_last_name,
                first_name: active.creator_first_name,
                middle_name: active.creator_middle_name,
              }),
            }
          : null,
        uses: own
          .filter((r) => r.used_at !== null)
          .sort((a, b) => (b.used_at ?? '').localeCompare(a.used_at ?? ''))
          .map((r) => ({
            usedAt: r.used_at!,
            usedByName:
              r.user_last_name === null
                ? '—'
                : personName({
                    last_name: r.user_last_name,
                    first_name: r.user_first_name ?? '',
                    middle_name: r.user_middle_name,
                  }),
          })),
      };
    }),
  };
}
