// HTTP routes of the external drives of the server PC (issue 6, item 3): the drives plugged in now, a rescan on
// request, every drive ever seen, and an event stream that tells open pages to reload the list.

import { api } from '../../shared/api/contract';
import { route } from '../common/route-types';
import type { Db } from '../db/connection';
import { DriveRegistry } from './drive-registry';
import type { DriveMonitor } from './drive-types';
import { isServerPcRequest } from './server-pc';

export interface DriveRouteOptions {
  drives: DriveMonitor;
  /** The registry to use (tests); by default one is made here, subscribed to the monitor for the server's life. */
  registry?: DriveRegistry;
}

export function driveRoutes(db: Db, options: DriveRouteOptions) {
  const registry = options.registry ?? new DriveRegistry(db, options.drives);
  return {
    listDrives: route({
      endpoint: api.listDrives,
      handle: async (ctx) => registry.list(isServerPcRequest(ctx.request)),
    }),
    rescanDrives: route({
      endpoint: api.rescanDrives,
      handle: async (ctx) => {
        await options.drives.rescan();
        return registry.list(isServerPcRequest(ctx.request));
      },
    }),
    driveEvents: route({
      endpoint: api.driveEvents,
      handle: async () => ({ subscribe: (send: (event: unknown) => void) => registry.subscribe(send) }),
    }),
    knownDrives: route({
      endpoint: api.knownDrives,
      handle: async () => ({ drives: await registry.known() }),
    }),
  };
}
