// Request and response shapes of the daily backups and the restore (issue 6, item 7).

import { z } from 'zod';
import { id, labelled } from './fields';

export const BACKUP_KINDS = ['daily', 'manual', 'before-restore'] as const;
export const BACKUP_KIND_LABELS: Record<(typeof BACKUP_KINDS)[number], string> = {
  daily: 'Ежедневная',
  manual: 'Вручную',
  'before-restore': 'Перед восстановлением',
};

/**
 * Refusals for requests from another PC of the school. The backup folder is a path on the server PC (a copy of the
 * whole database is written there every night), and a restore replaces the whole journal: both are decided by
 * the administrator sitting at the server PC.
 */
export const BACKUP_FOLDER_SERVER_PC_MESSAGE =
  'Папку для резервных копий можно сменить только на компьютере-сервере журнала: откройте этот раздел на нём. Время копирования и число хранимых копий можно менять с любого компьютера.';
export const RESTORE_SERVER_PC_MESSAGE =
  'Восстановление из резервной копии заменяет весь журнал, поэтому выполняется только на компьютере-сервере журнала: откройте этот раздел на нём.';

export const backupSettingsBodySchema = z.strictObject({
  /** null: the default folder `<data>/backups`. */
  folder: labelled(z.string().trim().min(1, 'Укажите папку или выберите папку по умолчанию').max(900).nullable(), 'Папка для резервных копий'),
  keepDaily: labelled(z.number().int('Целое число').min(1, 'Не меньше 1').max(365, 'Не больше 365'), 'Сколько ежедневных копий хранить'),
  timeOfDay: labelled(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время в формате ЧЧ:ММ, например 02:00'), 'Время ежедневной копии'),
});

export const backupSettingsSchema = z.object({
  folder: z.string().nullable(),
  /** Where the copies actually go (the default folder when `folder` is null). */
  effectiveFolder: z.string(),
  defaultFolder: z.string(),
  keepDaily: z.number(),
  timeOfDay: z.string(),
});

export const backupSchema = z.object({
  id: z.number(),
  kind: z.enum(BACKUP_KINDS),
  createdAt: z.string(),
  fileName: z.string(),
  filePath: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  createdByName: z.string().nullable(),
  removedAt: z.string().nullable(),
  isPresent: z.boolean(),
});

export const restoreSummarySchema = z.object({
  schoolName: z.string().nullable(),
  academicYears: z.array(z.string()),
  users: z.number(),
  students: z.number(),
  marks: z.number(),
  lastAuditAt: z.string().nullable(),
  isUpgraded: z.boolean(),
  auditIntact: z.boolean(),
  auditProblem: z.string().nullable(),
});

export const preparedRestoreSchema = z.object({
  restoreId: z.string(),
  backupId: z.number(),
  backupFileName: z.string(),
  backupCreatedAt: z.string(),
  preparedAt: z.string(),
  summary: restoreSummarySchema,
  isSwitchPending: z.boolean(),
});

export const restoreOutcomeSchema = z.object({
  isApplied: z.boolean(),
  at: z.string(),
  message: z.string(),
  replacedFolder: z.string().nullable(),
  /** Clean-up that failed after a successful switch (the restore stands); absent when there was none. */
  warnings: z.array(z.string()).optional(),
});

export const backupListSchema = z.object({
  backups: z.array(backupSchema),
  settings: backupSettingsSchema,
  /** The last failure of the daily schedule, until a daily copy succeeds again. */
  lastFailure: z.object({ at: z.string(), message: z.string() }).nullable(),
  lastDailyAt: z.string().nullable(),
  prepared: preparedRestoreSchema.nullable(),
  lastRestore: restoreOutcomeSchema.nullable(),
});

export const createBackupResultSchema = z.object({ backup: backupSchema });

export const backupIdParamsSchema = z.strictObject({ backupId: id('Резервная копия') });
export const restoreIdParamsSchema = z.strictObject({
  restoreId: labelled(z.string().regex(/^\d{8}-\d{6}(-\d+)?$/, 'Неверный номер восстановления'), 'Восстановление'),
});

export const switchRestoreResultSchema = z.object({
  restartRequired: z.literal(true),
  /** The server restarts by itself (npm run serve); otherwise the administrator restarts it. */
  isRestarting: z.boolean(),
  beforeRestoreBackup: backupSchema,
  message: z.string(),
});
