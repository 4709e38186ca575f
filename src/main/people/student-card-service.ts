// The pupil's card kept by the class teacher (3.3): class history, guardians with contacts,
// and personal-data consent records (152-ФЗ). Every change is audited.

import { suggestLogin } from '../../shared/domain/logins';
import { recordAudit } from '../audit/audit-service';
import { conflict, invalid, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import { classHistory, consentsOf, findConsent, guardiansWithContacts, guardianshipExists, insertConsent, insertGuardianship, revokeConsent, setContacts } from '../db/repositories/card-repo';
import { findStudent } from '../db/repositories/structure-repo';
import { findUserById, insertUser, loginExists } from '../db/repositories/users-repo';
import { localDate } from '../common/dates';

export const CONSENT_KINDS = {
  'personal-data': 'Обработка персональных данных',
  'e-journal': 'Ведение электронного дневника и журнала',
  photo: 'Фото- и видеосъёмка',
} as const;
export type ConsentKind = keyof typeof CONSENT_KINDS;

export async function studentCardDetails(db: Db, studentId: number) {
  if (!(await findStudent(db, studentId, localDate()))) throw notFound('Обучающийся');
  return {
    classHistory: (await classHistory(db, studentId)).map((h) => ({
      classId: h.class_id,
      className: `${h.level}${h.letter}`,
      academicYear: h.academic_year,
      fromDate: h.from_date,
      toDate: h.to_date,
    })),
    guardians: (await guardiansWithContacts(db, studentId)).map((g) => ({
      userId: g.id,
      name: [g.last_name, g.first_name, g.middle_name].filter(Boolean).join(' '),
      relation: g.relation,
      phone: g.phone,
      email: g.email,
    })),
    consents: (await consentsOf(db, studentId)).map((c) => ({
      id: c.id,
      kind: c.kind as ConsentKind,
      givenBy: c.given_by,
      givenOn: c.given_on,
      document: c.document,
      revokedOn: c.revoked_on,
    })),
  };
}

export interface NewGuardian {
  lastName: string;
  firstName: string;
  middleName: string | null;
  relation: string | null;
  phone: string | null;
  email: string | null;
}

/** Adds a guardian: a parent account without a password yet (activation codes and sheets come later). */
export async function addGuardian(db: Db, actorUserId: number, studentId: number, guardian: NewGuardian): Promise<number> {
  return db.transaction(async (trx) => {
    if (!(await findStudent(trx, studentId, localDate()))) throw notFound('Обучающийся');
    const existing = await guardiansWithContacts(trx, studentId);
    if (existing.some((g) => g.last_name.toLowerCase() === guardian.lastName.toLowerCase() && g.first_name.toLowerCase() === guardian.firstName.toLowerCase())) {
      throw conflict(`${guardian.lastName} ${guardian.firstName} уже указан(а) родителем этого обучающегося`);
    }
    const base = suggestLogin(guardian.lastName, guardian.firstName, guardian.middleName);
    let login = base;
    for (let n = 2; await loginExists(trx, login); n++) login = `${base}${n}`;
    const now = new Date().toISOString();
    const userId = await insertUser(trx, { login, lastName: guardian.lastName, firstName: guardian.firstName, middleName: guardian.middleName, passwordHash: null, mustChangePassword: true, now }, ['parent']);
    await setContacts(trx, userId, guardian.phone, guardian.email);
    await insertGuardianship(trx, userId, studentId, guardian.relation);
    await recordAudit(trx, { actorUserId, action: 'student.guardian-add', entity: 'student', entityId: studentId, newValue: { guardianUserId: userId, login, ...guardian } });
    return userId;
  });
}

export async function updateGuardianContacts(db: Db, actorUserId: number, studentId: number, guardianUserId: number, phone: string | null, email: string | null): Promise<void> {
  await db.transaction(async (trx) => {
    if (!(await guardianshipExists(trx, guardianUserId, studentId))) throw notFound('Родитель этого обучающегося');
    const before = await findUserById(trx, guardianUserId);
    await setContacts(trx, guardianUserId, phone, email);
    await recordAudit(trx, {
      actorUserId,
      action: 'student.guardian-contacts',
      entity: 'user',
      entityId: guardianUserId,
      oldValue: { phone: before?.phone ?? null, email: before?.email ?? null },
      newValue: { phone, email },
    });
  });
}

export async function recordConsent(
  db: Db,
  actorUserId: number,
  studentId: number,
  consent: { kind: ConsentKind; givenBy: string; givenOn: string; document: string | null },
): Promise<number> {
  if (consent.givenOn > localDate()) throw invalid('givenOn', 'Дата согласия', 'Дата согласия не может быть в будущем');
  return db.transaction(async (trx) => {
    if (!(await findStudent(trx, studentId, localDate()))) throw notFound('Обучающийся');
    const id = await insertConsent(trx, { studentId, ...consent, recordedBy: actorUserId, recordedAt: new Date().toISOString() });
    await recordAudit(trx, { actorUserId, action: 'student.consent', entity: 'student', entityId: studentId, newValue: { consentId: id, ...consent } });
    return id;
  });
}

export async function withdrawConsent(db: Db, actorUserId: number, studentId: number, consentId: number, revokedOn: string): Promise<void> {
  await db.transaction(async (trx) => {
    const consent = await findConsent(trx, consentId);
    if (!consent || consent.student_id !== studentId) throw notFound('Согласие');
    if (consent.revoked_on) throw conflict('Согласие уже отозвано');
    if (revokedOn < consent.given_on) throw invalid('revokedOn', 'Дата отзыва', 'Отзыв не может быть раньше согласия');
    await revokeConsent(trx, consentId, revokedOn);
    await recordAudit(trx, { actorUserId, action: 'student.consent-revoked', entity: 'student', entityId: studentId, oldValue: { consentId }, newValue: { revokedOn } });
  });
}
