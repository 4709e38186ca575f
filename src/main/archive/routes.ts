// HTTP routes of the yearly archive, its verification and retention (issue 6, items 4-5).

import type { Db } from '../db/connection';
import type { DriveMonitor } from '../drives/drive-types';

export interface ArchiveRouteOptions {
  drives: DriveMonitor;
  dataDir: string;
  version: string;
  nativeBinding?: string;
}

export function archiveRoutes(_db: Db, _options: ArchiveRouteOptions) {
  return {};
}

/** Re-verifies known archives whenever their drive is plugged in; returns the function that stops it. */
export function watchArchiveDrives(_db: Db, _options: ArchiveRouteOptions): () => void {
  return () => undefined;
}
