// Connects the drive monitor to the database and to the live event stream (issue 6, item 3): every drive the
// monitor reports is remembered in `drives` (so an archive is found again on it years later), and each change is
// announced to open event streams after it is recorded, so a page that reloads on the event sees the drive's id.

import type { DriveEvent, DriveList, KnownDrive } from '../../shared/api/drives-schemas';
import type { Db } from '../db/connection';
import { driveByIdentity, listKnownDrives, recordSeenDrive } from '../db/repositories/drives-repo';
import type { DriveChange, DriveMonitor, MountedDrive } from './drive-types';

export interface DriveRegistryOptions {
  clock?: () => Date;
  log?: (message: string, error?: unknown) => void;
}

export class DriveRegistry {
  private readonly listeners = new Set<(event: DriveEvent) => void>();
  /** Starts from the clock so that, after a restart, revisions still grow (as in JournalEventHub). */
  private revision = Date.now();
  /** Writes run one after another: two quick changes must not record the older state last. */
  private writes: Promise<void> = Promise.resolve();
  private readonly clock: () => Date;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    private readonly monitor: DriveMonitor,
    options: DriveRegistryOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log ?? ((message, error) => console.warn(`[drives] ${message}`, error ?? ''));
    // Returning the promise lets the monitor's stop() wait for the write before the server closes the database.
    this.unsubscribe = monitor.onChange((change) => this.record(change));
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  /** Resolves when every change reported so far is in the database. */
  settled(): Promise<void> {
    return this.writes;
  }

  subscribe(listener: (event: DriveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  private record(change: DriveChange): Promise<void> {
    const at = this.clock();
    const seen: readonly MountedDrive[] = [...change.attached, ...(change.changed ?? []), ...change.detached];
    this.writes = this.writes
      .then(async () => {
        // A detached drive is recorded too: its last_seen_at becomes the moment it was unplugged.
        for (const drive of seen) await recordSeenDrive(this.db, drive, at);
      })
      .catch((error: unknown) => this.log('не удалось записать сведения о дисках в базу', error))
      .then(() => this.publish());
    return this.writes;
  }

  private publish(): void {
    this.revision += 1;
    const event: DriveEvent = { kind: 'drives-changed', revision: this.revision };
    for (const listener of [...this.listeners]) listener(event);
  }

  /** The drives mounted now with their database id; one not recorded yet (a failed write) is recorded here. */
  async list(serverPc: boolean): Promise<DriveList> {
    await this.writes;
    const drives = [];
    for (const drive of this.monitor.current()) {
      let row = await driveByIdentity(this.db, drive.identity);
      if (!row) {
        await recordSeenDrive(this.db, drive, this.clock());
        row = await driveByIdentity(this.db, drive.identity);
      }
      drives.push({
        identity: drive.identity,
        label: drive.label,
        mountPath: drive.mountPath,
        sizeBytes: drive.sizeBytes,
        freeBytes: drive.freeBytes,
        readOnly: drive.readOnly,
        source: drive.source,
        driveId: row?.id ?? null,
        knownSince: row?.first_seen_at ?? null,
      });
    }
    const detection = this.monitor.detection?.() ?? { mode: 'off' as const, usbEvents: false, pollIntervalMs: 0 };
    return { drives, serverPc, detection };
  }

  async known(): Promise<KnownDrive[]> {
    await this.writes;
    const mounted = new Set(this.monitor.current().map((d) => d.identity));
    return (await listKnownDrives(this.db)).map((row) => ({
      id: row.id,
      identity: row.identity,
      label: row.label,
      sizeBytes: row.size_bytes,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      lastMountPath: row.last_mount_path,
      mounted: mounted.has(row.identity),
    }));
  }
}
