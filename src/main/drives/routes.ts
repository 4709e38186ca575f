// HTTP routes of the external drives of the server PC (issue 6, item 3).

import type { Db } from '../db/connection';
import type { DriveMonitor } from './drive-types';

export interface DriveRouteOptions {
  drives: DriveMonitor;
}

export function driveRoutes(_db: Db, _options: DriveRouteOptions) {
  return {};
}
