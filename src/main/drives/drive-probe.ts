// What both drive sources need to know about a mounted volume from its root folder: its size and free space,
// whether it can be written (a read-only mount, a locked SD card), and the id file that gives a drive without a
// volume UUID or serial a stable identity.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** At the drive's root: `{ "id": "<uuid>", "label"?: "<name>" }`. Hidden by its dot on Linux and macOS. */
export const DRIVE_ID_FILE = '.ejournal-drive-id';

export interface DriveIdFile {
  id: string;
  label: string | null;
}

export interface SpaceInfo {
  sizeBytes: number;
  freeBytes: number;
}

export async function spaceOf(root: string): Promise<SpaceInfo> {
  const stats = await fs.statfs(root);
  // bavail (not bfree): what this program can actually write; ext4 keeps 5 % for root.
  return { sizeBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize };
}

/**
 * Tries to create and delete a small file. Permission bits are no answer (root ignores them, and a read-only mount
 * keeps its rw bits), so only a real write tells. Any failure to create counts as read-only: the archive could not
 * be written there either.
 */
export async function isReadOnly(root: string): Promise<boolean> {
  const probe = path.join(root, `.ejournal-probe-${process.pid}-${randomUUID()}`);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(probe, 'wx');
  } catch {
    return true;
  }
  await handle.close();
  await fs.rm(probe, { force: true });
  return false;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id file, or null when it is missing or is not ours (unreadable, not JSON, no UUID). */
export async function readDriveIdFile(root: string): Promise<DriveIdFile | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, DRIVE_ID_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { id, label } = parsed as { id?: unknown; label?: unknown };
    if (typeof id !== 'string' || !UUID_PATTERN.test(id)) return null;
    return { id: id.toLowerCase(), label: typeof label === 'string' && label.trim() !== '' ? label.trim() : null };
  } catch {
    return null;
  }
}

/**
 * Reads the id file, writing one with a new UUID when there is none and the drive is writable. An existing file
 * that is not ours is never overwritten (it may be someone's); such a drive gets no id-file identity (null).
 * `wx` makes the write create-only, so two scans racing on one drive agree on the first id written.
 */
export async function ensureDriveIdFile(root: string, writable: boolean, label: string | null = null): Promise<DriveIdFile | null> {
  const existing = await readDriveIdFile(root);
  if (existing || !writable) return existing;
  const file = path.join(root, DRIVE_ID_FILE);
  const content: DriveIdFile = { id: randomUUID(), label };
  try {
    const handle = await fs.open(file, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(content)}\n`, 'utf8');
      // The identity is what archives are found by later: it must survive the drive being pulled right away.
      await handle.sync();
    } finally {
      await handle.close();
    }
    return content;
  } catch {
    // Created by a concurrent scan in the meantime (EEXIST), or the write failed: whatever is there now wins.
    return readDriveIdFile(root);
  }
}
