// Request and response shapes of the external drives of the server PC (issue 6, item 3): what is plugged in now
// (label, size, free space, read-only), every drive ever seen, and the live "drives changed" event.

import { z } from 'zod';

/** Why drives cannot be used from this PC: shown by the UI, and sent with a 403 by routes that write to drives. */
export const SERVER_PC_ONLY_MESSAGE = 'Внешние диски подключаются к компьютеру-серверу журнала: откройте этот раздел на нём.';

/** Shown when the server does not watch drives at all (started without drive detection). */
export const DRIVES_OFF_MESSAGE = 'Этот сервер журнала не отслеживает внешние диски: они работают, когда журнал запущен на компьютере-сервере в режиме сервера.';

export const driveSourceSchema = z.enum(['system', 'folder']);

export const mountedDriveSchema = z.object({
  /** Stable across plug-ins: 'uuid:…', 'serial:…' or 'id:…' (see main/drives/drive-types.ts). */
  identity: z.string(),
  label: z.string(),
  mountPath: z.string(),
  sizeBytes: z.number(),
  freeBytes: z.number(),
  readOnly: z.boolean(),
  source: driveSourceSchema,
  /** `drives.id` once recorded (null only for a moment after plug-in, before the database write). */
  driveId: z.number().nullable(),
  /** When this drive was first seen by the server PC (ISO time), null when not recorded yet. */
  knownSince: z.string().nullable(),
});
export type MountedDriveView = z.infer<typeof mountedDriveSchema>;

export const driveDetectionSchema = z.object({
  /** 'off': this server does not watch drives (a client installation, tests). */
  mode: z.enum(['system', 'folder', 'off']),
  usbEvents: z.boolean(),
  pollIntervalMs: z.number(),
});

export const driveListSchema = z.object({
  drives: z.array(mountedDriveSchema),
  /** Whether the caller sits at the server PC (loopback): only there can drives be plugged in and written. */
  serverPc: z.boolean(),
  detection: driveDetectionSchema,
});
export type DriveList = z.infer<typeof driveListSchema>;

export const knownDriveSchema = z.object({
  id: z.number(),
  identity: z.string(),
  label: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  lastMountPath: z.string().nullable(),
  /** Plugged in right now. */
  mounted: z.boolean(),
});
export type KnownDrive = z.infer<typeof knownDriveSchema>;

export const knownDrivesSchema = z.object({ drives: z.array(knownDriveSchema) });

/** An event of the drives stream: carries nothing but "reload the list" (and a revision to drop duplicates). */
export const driveEventSchema = z.object({ kind: z.literal('drives-changed'), revision: z.number() });
export type DriveEvent = z.infer<typeof driveEventSchema>;
