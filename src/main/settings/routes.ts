// HTTP side of system parameters: network access and the health check.

import { api } from '../../shared/api/contract';
import { route, signedIn, type ServerControl } from '../common/route-types';
import { pingDatabase } from '../db/repositories/school-repo';
import { networkSettings, setLanAccess } from './network-service';

export function settingsRoutes(control: ServerControl) {
  return {
    health: route({
      endpoint: api.health,
      handle: async () => {
        await pingDatabase(control.db);
        return {
          status: 'ok' as const,
          version: control.version,
          database: 'ok' as const,
          uptimeSeconds: Math.round((Date.now() - control.startedAt.getTime()) / 1000),
        };
      },
    }),
    getNetworkSettings: route({ endpoint: api.getNetworkSettings, handle: () => networkSettings(control) }),
    updateNetworkSettings: route({
      endpoint: api.updateNetworkSettings,
      handle: async (ctx) => setLanAccess(control, signedIn(ctx).user.id, ctx.body.lanEnabled),
    }),
  };
}
