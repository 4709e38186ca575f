// SQL of the external drives the server PC has seen (issue 6, item 3). A drive is remembered by its stable
// identity (volume UUID, disk serial or the id file this program writes), so that an archive written on it
// years ago is found again when it is plugged in under another letter or mount point.

import type { Db } from '../connection';

export interface DriveRow {
  id: number;
  identity: string;
  label: string | null;
  size_bytes: number | null;
  first_seen_at: string;
  last_seen_at: string;
  last_mount_path: string | null;
}

/** What recording a sighting needs: a MountedDrive fits, but so does anything with these fields. */
export interface SeenDrive {
  identity: string;
  label: string;
  sizeBytes: number;
  mountPath: string;
}

/**
 * Records that the drive is mounted now and returns its `drives.id`: inserts it on the first sighting and
 * otherwise refreshes the label, size, mount path and last-seen time (first_seen_at is kept).
 * One statement (an upsert), so two scans at once cannot insert the same identity twice.
 */
export async function recordSeenDrive(db: Db, drive: SeenDrive, at: Date | string): Promise<number> {
  const when = typeof at === 'string' ? at : at.toISOString();
  const [row] = (await db('drives')
    .insert({
      identity: drive.identity,
      label: drive.label,
      size_bytes: drive.sizeBytes,
      first_seen_at: when,
      last_seen_at: when,
      last_mount_path: drive.mountPath,
    })
    .onConflict('identity')
    .merge({ label: drive.label, size_bytes: drive.sizeBytes, last_seen_at: when, last_mount_path: drive.mountPath })
    .returning('id')) as Array<{ id: number }>;
  return row!.id;
}

/** Every drive ever seen, the most recently seen first. */
export async function listKnownDrives(db: Db): Promise<DriveRow[]> {
  const rows = (await db('drives').select('*').orderBy([{ column: 'last_seen_at', order: 'desc' }, { column: 'id', order: 'asc' }])) as DriveRow[];
  return rows.map(normalise);
}

export async function driveByIdentity(db: Db, identity: string): Promise<DriveRow | null> {
  const row = (await db('drives').where({ identity }).first()) as DriveRow | undefined;
  return row ? normalise(row) : null;
}

export async function driveById(db: Db, id: number): Promise<DriveRow | null> {
  const row = (await db('drives').where({ id }).first()) as DriveRow | undefined;
  return row ? normalise(row) : null;
}

/** better-sqlite3 returns bigInteger columns as numbers, but a driver switch could give strings: one shape out. */
function normalise(row: DriveRow): DriveRow {
  return { ...row, size_bytes: row.size_bytes === null ? null : Number(row.size_bytes) };
}
