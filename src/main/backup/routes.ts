// HTTP routes of the daily backups and the restore (issue 6, item 7). All need `backup.manage` (the
// administrator); choosing another backup folder and preparing or switching a restore also need a request from
// the server PC itself (drives/server-pc.ts). The switch of a restore needs a restart of the server: the server passes
// `onRestartRequested` when it can restart itself (npm run serve); the call is made after the response is sent.

import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { BACKUP_FOLDER_SERVER_PC_MESSAGE, RESTORE_SERVER_PC_MESSAGE } from '../../shared/api/backup-schemas';
import { api } from '../../shared/api/contract';
import { recordAudit } from '../audit/audit-service';
import { forbidden } from '../common/app-error';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import { lastBackupOfKind } from '../db/repositories/backup-repo';
import { isServerPcRequest } from '../drives/server-pc';
import {
  backupFolderOf,
  backupPolicy,
  checkBackupFolder,
  defaultBackupFolder,
  lastBackupFailure,
  saveBackupPolicy,
  type BackupPolicy,
} from './backup-policy';
import { startBackupSchedule as startSchedule } from './backup-schedule';
import { listBackups, makeBackup } from './backup-service';
import { cancelRestore, currentPreparedRestore, lastRestoreOutcome, prepareRestore, scheduleRestoreSwitch, type PreparedRestore } from './restore';

export interface BackupRouteOptions {
  dataDir: string;
  nativeBinding?: string;
  clock: () => Date;
  /** Asks the process to close the server and start it again (which applies a scheduled restore). */
  onRestartRequested?: () => void;
  /** Where the schedule reports failures (the server's log). */
  log?: (message: string) => void;
}

function settingsView(policy: BackupPolicy, dataDir: string) {
  return {
    folder: policy.folder,
    effectiveFolder: backupFolderOf(policy, dataDir),
    defaultFolder: defaultBackupFolder(dataDir),
    keepDaily: policy.keepDaily,
    timeOfDay: policy.timeOfDay,
  };
}

function preparedView(prepared: PreparedRestore) {
  return {
    restoreId: prepared.restoreId,
    backupId: prepared.backupId,
    backupFileName: prepared.backupFileName,
    backupCreatedAt: prepared.backupCreatedAt,
    preparedAt: prepared.preparedAt,
    summary: prepared.summary,
    isSwitchPending: prepared.isSwitchPending,
  };
}

/**
 * A restore replaces the whole journal and restarts the server: the administrator prepares and switches it at
 * the server PC. Cancelling stays possible from anywhere (it only removes a prepared copy and the scheduled switch).
 */
function assertRestoreFromServerPc(request: FastifyRequest): void {
  if (!isServerPcRequest(request)) throw forbidden(RESTORE_SERVER_PC_MESSAGE);
}

export function backupRoutes(db: Db, options: BackupRouteOptions) {
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  return {
    listBackups: route({
      endpoint: api.listBackups,
      handle: async () => {
        const prepared = currentPreparedRestore(options.dataDir);
        return {
          backups: await listBackups(db),
          settings: settingsView(await backupPolicy(db), options.dataDir),
          lastFailure: await lastBackupFailure(db),
          lastDailyAt: (await lastBackupOfKind(db, 'daily'))?.created_at ?? null,
          prepared: prepared ? preparedView(prepared) : null,
          lastRestore: lastRestoreOutcome(options.dataDir),
        };
      },
    }),
    getBackupSettings: route({
      endpoint: api.getBackupSettings,
      handle: async () => settingsView(await backupPolicy(db), options.dataDir),
    }),
    saveBackupSettings: route({
      endpoint: api.saveBackupSettings,
      handle: async (ctx) => {
        const before = await backupPolicy(db);
        // Another folder gets the whole database every night, and is created and written to right now: so the
        // folder is chosen at the server PC, whose disks these are, never by a session from elsewhere in the LAN.
        // Going back to the default folder (inside the data folder) and the other settings are allowed anywhere.
        const requested = ctx.body.folder;
        const isOtherFolder =
          requested !== null &&
          path.isAbsolute(requested) &&
          path.resolve(requested) !== path.resolve(backupFolderOf(before, options.dataDir)) &&
          path.resolve(requested) !== path.resolve(defaultBackupFolder(options.dataDir));
        if (isOtherFolder && !isServerPcRequest(ctx.request)) throw forbidden(BACKUP_FOLDER_SERVER_PC_MESSAGE);
        // The default folder is stored as null, so moving the data folder moves the copies' default with it.
        const folder = ctx.body.folder === null ? null : checkBackupFolder(ctx.body.folder, options.dataDir);
        const policy: BackupPolicy = {
          folder: folder !== null && path.resolve(folder) === path.resolve(defaultBackupFolder(options.dataDir)) ? null : folder,
          keepDaily: ctx.body.keepDaily,
          timeOfDay: ctx.body.timeOfDay,
        };
        const now = options.clock();
        await db.transaction(async (trx) => {
          await saveBackupPolicy(trx, policy, now);
          await recordAudit(trx, { actorUserId: signedIn(ctx).user.id, action: 'settings.backup', entity: 'setting', entityId: 'backup.policy', oldValue: before, newValue: policy });
        });
        return settingsView(policy, options.dataDir);
      },
    }),
    createBackup: route({
      endpoint: api.createBackup,
      handle: async (ctx) => ({
        backup: await makeBackup(db, { dataDir: options.dataDir, kind: 'manual', userId: signedIn(ctx).user.id, now: options.clock(), ...binding }),
      }),
    }),
    prepareRestore: route({
      endpoint: api.prepareRestore,
      handle: async (ctx) => {
        assertRestoreFromServerPc(ctx.request);
        return preparedView(await prepareRestore(db, ctx.params.backupId, { dataDir: options.dataDir, userId: signedIn(ctx).user.id, now: options.clock(), ...binding }));
      },
    }),
    switchRestore: route({
      endpoint: api.switchRestore,
      handle: async (ctx) => {
        assertRestoreFromServerPc(ctx.request);
        const result = await scheduleRestoreSwitch(db, ctx.params.restoreId, { dataDir: options.dataDir, userId: signedIn(ctx).user.id, now: options.clock(), ...binding });
        const restart = options.onRestartRequested;
        // Restart only after the administrator's page has its answer: the response tells it to wait for the server.
        if (restart) ctx.reply.raw.once('close', () => setImmediate(restart));
        return { ...result, isRestarting: Boolean(restart) };
      },
    }),
    cancelRestore: route({
      endpoint: api.cancelRestore,
      handle: async (ctx) => {
        await cancelRestore(db, ctx.params.restoreId, { dataDir: options.dataDir, userId: signedIn(ctx).user.id, now: options.clock(), ...binding });
        return { ok: true as const };
      },
    }),
  };
}

/** Starts the daily backup schedule; returns the function that stops it (waits for a running backup). */
export function startBackupSchedule(db: Db, options: BackupRouteOptions): () => Promise<void> {
  return startSchedule(db, {
    dataDir: options.dataDir,
    clock: options.clock,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}

export { applyPendingRestore } from './restore';
