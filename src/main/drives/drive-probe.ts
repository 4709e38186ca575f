// What both drive sources need to know about a mounted volume from its root folder: its size and free space,
// whether it can be written (a read-only mount, a locked SD card), and the id file that gives a drive without a
// volume UUID or serial a stable identity.

import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
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

/** Ours is under 200 bytes; anything bigger is not ours and is not read (a crafted stick could hold gigabytes). */
export const DRIVE_ID_FILE_MAX_BYTES = 4 * 1024;

/**
 * O_NOFOLLOW: a symlink swapped in after the lstat below is not followed (outside the drive). O_NONBLOCK: a FIFO
 * swapped in does not block the open (and a libuv thread with it). Both are 0/undefined on Windows, where neither
 * trick is possible nor needed as much.
 */
const OPEN_ID_FILE_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * The id file's text, or null when it is not a small regular file. A stick is untrusted input: a symlink could
 * point anywhere on the server PC, a FIFO would block the read forever, a huge file would exhaust memory.
 */
async function readSmallRegularFile(file: string): Promise<string | null> {
  try {
    const before = await fs.lstat(file);
    if (!before.isFile() || before.size > DRIVE_ID_FILE_MAX_BYTES) return null;
    const handle = await fs.open(file, OPEN_ID_FILE_FLAGS);
    try {
      // Checked again on what was opened: the entry may have been replaced between lstat and open.
      const opened = await handle.stat();
      if (!opened.isFile() || opened.size > DRIVE_ID_FILE_MAX_BYTES) return null;
      const buffer = Buffer.alloc(DRIVE_ID_FILE_MAX_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > DRIVE_ID_FILE_MAX_BYTES) return null; // grew after the stat
      return buffer.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** The id file, or null when it is missing or is not ours (not a small regular file, not JSON, no UUID). */
export async function readDriveIdFile(root: string): Promise<DriveIdFile | null> {
  const text = await readSmallRegularFile(path.join(root, DRIVE_ID_FILE));
  if (text === null) return null;
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
 * that is not ours is never overwritten (it may be someone's); such a drive gets no id-file identity (null). The
 * same goes for a symlink, a FIFO or an oversized file under that name: `wx` (O_EXCL) fails on any existing entry,
 * a dangling symlink included, and never writes through one.
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
