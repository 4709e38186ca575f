// HTTP routes for browsing a past year read-only from its archive (issue 6, item 6).

import type { Db } from '../db/connection';
import type { DriveMonitor } from '../drives/drive-types';

export interface ArchiveViewRouteOptions {
  drives: DriveMonitor;
  nativeBinding?: string;
}

export function archiveViewRoutes(_db: Db, _options: ArchiveViewRouteOptions) {
  return {};
}

/** Closes every archive database opened for viewing (server shutdown). */
export function closeArchiveViews(): void {}
