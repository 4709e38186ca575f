// External drives of the server PC (issue 6, item 3). Owned by src/main/drives. Spread into `api` in contract.ts.
// Seeing the drives is part of keeping the archives (`archive.read`: the administrator and the director, who
// keeps the archive drives safe); asking for a new scan is the administrator's (`archive.manage`).

import { z } from 'zod';
import * as d from './drives-schemas';
import { endpoint } from './endpoint';

const none = z.strictObject({});

export const drivesApi = {
  listDrives: endpoint({ method: 'GET', path: '/drives', summary: 'Внешние диски, подключённые к компьютеру-серверу сейчас: метка, объём, свободное место', permission: 'archive.read', response: d.driveListSchema }),
  rescanDrives: endpoint({ method: 'POST', path: '/drives/rescan', summary: 'Проверить подключённые внешние диски заново', permission: 'archive.manage', body: none, response: d.driveListSchema }),
  driveEvents: endpoint({ method: 'GET', path: '/drives/events', summary: 'Поток изменений списка внешних дисков (Server-Sent Events)', permission: 'archive.read', response: { kind: 'event-stream' } }),
  knownDrives: endpoint({ method: 'GET', path: '/drives/known', summary: 'Все внешние диски, которые когда-либо подключались к компьютеру-серверу', permission: 'archive.read', response: d.knownDrivesSchema }),
} as const;
