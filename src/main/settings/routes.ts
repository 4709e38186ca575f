// HTTP side of system parameters: network access and the health check.

import os from 'node:os';
import { api } from '../../shared/api/contract';
import { recordAudit } from '../audit/audit-service';
import { route, signedIn, type ServerControl } from '../common/route-types';
import { writeSetting } from '../db/repositories/school-repo';
import { isLanEnabled } from './school-settings';

/** IPv4 addresses of this PC on the school network, to tell teachers where to connect. */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => Boolean(a && a.family === 'IPv4' && !a.internal))
    .map((a) => a.address);
}

export function settingsRoutes(control: ServerControl) {
  const { db } = control;
  const networkSettings = async () => ({
    lanEnabled: await isLanEnabled(db),
    port: control.port(),
    listeningOn: control.listeningOn(),
    lanAddresses: lanAddresses(),
  });
  return {
    health: route({
      endpoint: api.health,
      handle: async () => {
        await db.raw('select 1');
        return {
          status: 'ok' as const,
          version: control.version,
          database: 'ok' as const,
          uptimeSeconds: Math.round((Date.now() - control.startedAt.getTime()) / 1000),
        };
      },
    }),
    getNetworkSettings: route({ endpoint: api.getNetworkSettings, handle: networkSettings }),
    updateNetworkSettings: route({
      endpoint: api.updateNetworkSettings,
      handle: async (ctx) => {
        const before = await isLanEnabled(db);
        await db.transaction(async (trx) => {
          await writeSetting(trx, 'network.lanEnabled', ctx.body.lanEnabled, new Date().toISOString());
          await recordAudit(trx, {
            actorUserId: signedIn(ctx).user.id,
            action: 'settings.network',
            entity: 'settings',
            entityId: 'network.lanEnabled',
            oldValue: before,
            newValue: ctx.body.lanEnabled,
          });
        });
        await control.setLanEnabled(ctx.body.lanEnabled);
        return networkSettings();
      },
    }),
  };
}
