// LAN access of the journal server (ARCHITECTURE.md, Security): the switch is applied first
// and saved only once the server listens where it should, so a failed bind never leaves a
// setting that would keep the server from starting.

import os from 'node:os';
import { recordAudit } from '../audit/audit-service';
import { AppError } from '../common/app-error';
import type { ServerControl } from '../common/route-types';
import { writeSetting } from '../db/repositories/school-repo';
import { isLanEnabled } from './school-settings';

/** IPv4 addresses of this PC on the school network, to tell teachers where to connect. */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => Boolean(a && a.family === 'IPv4' && !a.internal))
    .map((a) => a.address);
}

export async function networkSettings(control: ServerControl) {
  return {
    lanEnabled: await isLanEnabled(control.db),
    port: control.port(),
    listeningOn: control.listeningOn(),
    lanAddresses: lanAddresses(),
  };
}

export async function setLanAccess(control: ServerControl, actorUserId: number, isEnabled: boolean) {
  if (control.isHostOverridden()) {
    throw new AppError(409, 'conflict', 'Сервер запущен с параметром --host: сетевой доступ задан при запуске, переключатель не действует.');
  }
  const before = await isLanEnabled(control.db);
  try {
    await control.setLanEnabled(isEnabled);
  } catch (error) {
    throw new AppError(409, 'conflict', `Не удалось ${isEnabled ? 'открыть' : 'закрыть'} доступ из сети: ${(error as Error).message}. Настройка не изменена.`);
  }
  try {
    await control.db.transaction(async (trx) => {
      await writeSetting(trx, 'network.lanEnabled', isEnabled, new Date().toISOString());
      await recordAudit(trx, { actorUserId, action: 'settings.network', entity: 'settings', entityId: 'network.lanEnabled', oldValue: before, newValue: isEnabled });
    });
  } catch (error) {
    await control.setLanEnabled(before);
    throw error;
  }
  return networkSettings(control);
}
