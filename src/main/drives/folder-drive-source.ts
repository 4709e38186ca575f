// Drives as folders (issue 6, item 3): each sub-folder of a root folder is one mounted drive (except an empty
// folder that is not a mount point: see isMountPointInPreparation). Used by tests, demos
// (`serve --drives-dir`) and filesystem images loop-mounted into the root, where the operating system's removable
// drive list is not available or not wanted. Everything else (space, read-only, identity) is read from the real
// filesystem under the folder, so a loop-mounted image behaves like a real USB disk.

import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DriveSource, MountedDrive } from './drive-types';
import { ensureDriveIdFile, isReadOnly, spaceOf } from './drive-probe';

export interface FolderDriveSourceOptions {
  /** Told about a sub-folder that was skipped (unreadable); the scan goes on without it. */
  onError?: (folder: string, error: unknown) => void;
}

export function createFolderDriveSource(folderRoot: string, options: FolderDriveSourceOptions = {}): DriveSource {
  return {
    async list() {
      let entries: Dirent[];
      let rootDevice: number;
      try {
        entries = await fs.readdir(folderRoot, { withFileTypes: true });
        rootDevice = (await fs.stat(folderRoot)).dev;
      } catch (error) {
        // No root folder (not created yet, or its disk is gone) simply means no drives.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.onError?.(folderRoot, error);
        return [];
      }
      const names = entries
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort((a, b) => a.localeCompare(b));
      const drives = await Promise.all(
        names.map(async (name) => {
          const folder = path.join(folderRoot, name);
          try {
            if (await isMountPointInPreparation(folder, rootDevice)) return null;
            return await folderDrive(folder, name);
          } catch (error) {
            // Unmounted or removed between the listing and now, or unreadable: left out of this scan.
            options.onError?.(folder, error);
            return null;
          }
        }),
      );
      return drives.filter((d): d is MountedDrive => d !== null);
    },
  };
}

/**
 * An empty folder on the root's own filesystem is where a drive is about to be mounted (`mkdir` comes before
 * `mount`), or what is left after `umount`: not a drive. Taking it for one would show a phantom drive for a moment
 * and, worse, write the id file into it, under the mount, where it would reappear as a drive after unmounting.
 * A mount point (another device) is a drive even when empty (a freshly formatted FAT stick).
 */
async function isMountPointInPreparation(folder: string, rootDevice: number): Promise<boolean> {
  const stats = await fs.stat(folder);
  if (stats.dev !== rootDevice) return false;
  const dir = await fs.opendir(folder);
  try {
    return (await dir.read()) === null;
  } finally {
    await dir.close();
  }
}

export async function folderDrive(mountPath: string, name: string): Promise<MountedDrive> {
  const space = await spaceOf(mountPath);
  const readOnly = await isReadOnly(mountPath);
  const idFile = await ensureDriveIdFile(mountPath, !readOnly);
  return {
    // A read-only folder without an id file has nothing stable about it: its folder name is the best there is.
    identity: idFile ? `id:${idFile.id}` : `folder:${name}`,
    label: idFile?.label ?? name,
    mountPath,
    sizeBytes: space.sizeBytes,
    freeBytes: space.freeBytes,
    readOnly,
    source: 'folder',
  };
}
