// Builds the DriveMonitor of the server PC (issue 6, item 3).

import type { DriveMonitor, MountedDrive } from './drive-types';

export interface DriveMonitorOptions {
  /** Each sub-folder of this folder is a mounted drive (tests, demos, loop-mounted images); replaces system scanning. */
  folderRoot: string | null;
  /** Scan the operating system's removable volumes. */
  system: boolean;
}

export function createDriveMonitor(_options: DriveMonitorOptions): DriveMonitor {
  let drives: readonly MountedDrive[] = [];
  return {
    current: () => drives,
    rescan: async () => (drives = []),
    onChange: () => () => undefined,
    start: async () => undefined,
    stop: async () => undefined,
  };
}
