// Directories (справочники, clause 3.2: "обеспечивает полноту и достоверность заполнения
// справочников"): subjects, work types with default weights, mark and attendance settings.
// Russian defaults are written at first run; the administrator edits them; every change is audited.

import {
  ATTENDANCE_CODES,
  DEFAULT_MARK_SETTINGS,
  DEFAULT_SUBJECTS,
  DEFAULT_WORK_TYPES,
  markSettingsProblems,
  type MarkSettings,
} from '../../shared/domain/directories';
import { recordAudit } from '../audit/audit-service';
import { AppError, invalid, notFound } from '../common/app-error';
import type { Db } from '../db/connection';
import {
  countRows,
  findSubject,
  findSubjectByName,
  findWorkType,
  insertSubject,
  insertWorkType,
  listSubjects,
  listWorkTypes,
  updateSubject,
  updateWorkType,
} from '../db/repositories/directories-repo';
import { readSetting, writeSetting } from '../db/repositories/school-repo';

const MARK_SETTINGS_KEY = 'marks.settings';

/** Fills empty directories with the defaults (first run, demo). */
export async function ensureDefaultDirectories(trx: Db): Promise<void> {
  if ((await countRows(trx, 'subjects')) === 0) {
    for (const [name, shortName] of DEFAULT_SUBJECTS) await insertSubject(trx, name, shortName);
  }
  if ((await countRows(trx, 'work_types')) === 0) {
    let sortOrder = 0;
    for (const w of DEFAULT_WORK_TYPES) {
      await insertWorkType(trx, { name: w.name, short_name: w.shortName, default_weight: w.defaultWeight, is_written: w.isWritten ? 1 : 0, sort_order: sortOrder++, is_archived: 0 });
    }
  }
}

export async function markSettings(db: Db): Promise<MarkSettings> {
  const stored = await readSetting(db, MARK_SETTINGS_KEY);
  return stored && typeof stored === 'object' ? { ...DEFAULT_MARK_SETTINGS, ...(stored as Partial<MarkSettings>) } : DEFAULT_MARK_SETTINGS;
}

export async function directories(db: Db) {
  return {
    subjects: (await listSubjects(db)).map((s) => ({ id: s.id, name: s.name, shortName: s.short_name, isArchived: Boolean(s.is_archived) })),
    workTypes: (await listWorkTypes(db)).map((w) => ({
      id: w.id,
      name: w.name,
      shortName: w.short_name,
      defaultWeight: w.default_weight,
      isWritten: Boolean(w.is_written),
      isArchived: Boolean(w.is_archived),
    })),
    attendanceCodes: ATTENDANCE_CODES.map((c) => ({ code: c.code, label: c.label, isAbsence: c.isAbsence })),
    markSettings: await markSettings(db),
  };
}

export async function createSubject(db: Db, actorUserId: number, body: { name: string; shortName: string }) {
  return db.transaction(async (trx) => {
    if (await findSubjectByName(trx, body.name)) throw invalid('name', 'Название', `Предмет «${body.name}» уже есть`);
    const id = await insertSubject(trx, body.name, body.shortName);
    await recordAudit(trx, { actorUserId, action: 'subject.create', entity: 'subject', entityId: id, newValue: body });
    return id;
  });
}

export async function changeSubject(db: Db, actorUserId: number, id: number, body: { name?: string | undefined; shortName?: string | undefined; isArchived?: boolean | undefined }) {
  await db.transaction(async (trx) => {
    const before = await findSubject(trx, id);
    if (!before) throw notFound('Предмет');
    if (body.name && body.name.toLowerCase() !== before.name.toLowerCase() && (await findSubjectByName(trx, body.name))) {
      throw invalid('name', 'Название', `Предмет «${body.name}» уже есть`);
    }
    await updateSubject(trx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.shortName !== undefined ? { short_name: body.shortName } : {}),
      ...(body.isArchived !== undefined ? { is_archived: body.isArchived ? 1 : 0 } : {}),
    });
    await recordAudit(trx, { actorUserId, action: 'subject.update', entity: 'subject', entityId: id, oldValue: before, newValue: await findSubject(trx, id) });
  });
}

async function refuseTakenWorkTypeName(trx: Db, name: string, exceptId: number | null): Promise<void> {
  const taken = (await listWorkTypes(trx)).find((w) => w.name.toLowerCase() === name.toLowerCase() && w.id !== exceptId);
  if (taken) throw invalid('name', 'Название', `Вид работы «${name}» уже есть`);
}

export async function createWorkType(db: Db, actorUserId: number, body: { name: string; shortName: string; defaultWeight: number; isWritten: boolean }) {
  return db.transaction(async (trx) => {
    await refuseTakenWorkTypeName(trx, body.name, null);
    const id = await insertWorkType(trx, {
      name: body.name,
      short_name: body.shortName,
      default_weight: body.defaultWeight,
      is_written: body.isWritten ? 1 : 0,
      sort_order: 100,
      is_archived: 0,
    });
    await recordAudit(trx, { actorUserId, action: 'work-type.create', entity: 'work_type', entityId: id, newValue: body });
    return id;
  });
}

export async function changeWorkType(
  db: Db,
  actorUserId: number,
  id: number,
  body: { name?: string | undefined; shortName?: string | undefined; defaultWeight?: number | undefined; isWritten?: boolean | undefined; isArchived?: boolean | undefined },
) {
  await db.transaction(async (trx) => {
    const before = await findWorkType(trx, id);
    if (!before) throw notFound('Вид работы');
    if (body.name !== undefined) await refuseTakenWorkTypeName(trx, body.name, id);
    await updateWorkType(trx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.shortName !== undefined ? { short_name: body.shortName } : {}),
      ...(body.defaultWeight !== undefined ? { default_weight: body.defaultWeight } : {}),
      ...(body.isWritten !== undefined ? { is_written: body.isWritten ? 1 : 0 } : {}),
      ...(body.isArchived !== undefined ? { is_archived: body.isArchived ? 1 : 0 } : {}),
    });
    await recordAudit(trx, { actorUserId, action: 'work-type.update', entity: 'work_type', entityId: id, oldValue: before, newValue: await findWorkType(trx, id) });
  });
}

export async function saveMarkSettings(db: Db, actorUserId: number, settings: MarkSettings): Promise<MarkSettings> {
  const problems = markSettingsProblems(settings);
  if (problems.length > 0) throw new AppError(400, 'validation', problems.join('; '), problems.map((message) => ({ field: 'markSettings', label: 'Отметки', message })));
  await db.transaction(async (trx) => {
    const before = await markSettings(trx);
    await writeSetting(trx, MARK_SETTINGS_KEY, settings, new Date().toISOString());
    await recordAudit(trx, { actorUserId, action: 'settings.marks', entity: 'settings', entityId: MARK_SETTINGS_KEY, oldValue: before, newValue: settings });
  });
  return markSettings(db);
}
