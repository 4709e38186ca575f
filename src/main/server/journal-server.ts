// The journal server: Fastify app + database + listener. Used by `npm run serve`, by the
// Electron shell in server mode, and by integration tests (on an ephemeral port).

import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { API_PREFIX } from '../../shared/api/endpoint';
import { purgeExpiredAccountData } from '../accounts/housekeeping';
import { activationRoutes } from '../accounts/activation-routes';
import { registrationRoutes } from '../accounts/registration-routes';
import { accountRoutes } from '../accounts/routes';
import { archiveRoutes, watchArchiveDrives } from '../archive/routes';
import { archiveViewRoutes, closeArchiveViews } from '../archive-view/routes';
import { auditRoutes } from '../audit/routes';
import { applyPendingRestore, backupRoutes, startBackupSchedule } from '../backup/routes';
import { Notifier, UserEventHub } from '../diary/notifications';
import { diaryRoutes } from '../diary/routes';
import { createDriveMonitor } from '../drives/drive-monitor';
import { driveRoutes } from '../drives/routes';
import type { ServerControl } from '../common/route-types';
import { openDatabase, type Db } from '../db/connection';
import { JournalEventHub } from '../journal/journal-events';
import { journalRoutes } from '../journal/routes';
import { messageRoutes } from '../messages/routes';
import { newsRoutes } from '../news/routes';
import { schoolRoutes } from '../school/routes';
import { structureRoutes } from '../school/structure-routes';
import { lanAddresses } from '../settings/network-service';
import { settingsRoutes } from '../settings/routes';
import { statementRoutes } from '../statements/routes';
import { isLanEnabled } from '../settings/school-settings';
import { workProgramRoutes } from '../work-programs/routes';
import { installErrorHandler, sendProblem } from './errors';
import { currentHostPolicy, isAllowedHost, isSameOrigin } from './request-guards';
import { registerRoutes, type RouteTable } from './route-registry';

export const LOOPBACK = '127.0.0.1';
export const ALL_INTERFACES = '0.0.0.0';
export const DEFAULT_PORT = 8585;

export interface JournalServerOptions {
  dataDir: string;
  /** 0 = any free port (tests). */
  port?: number;
  /** Folder of the built UI (dist/renderer); the API works without it. */
  uiDir?: string | null;
  nativeBinding?: string;
  version?: string;
  logLevel?: 'silent' | 'error' | 'warn' | 'info';
  /** Overrides the LAN setting (command-line --host). */
  hostOverride?: string;
  /** The clock of journal rules (future lessons, editing window); tests and demos fix it to a school day. */
  journalClock?: () => Date;
  /**
   * External drives: by default none are watched (tests, clients). `system` scans the operating system's
   * removable volumes (the server PC); `folderRoot` treats each sub-folder as a mounted drive (demos, tests,
   * loop-mounted filesystem images).
   */
  drives?: { system: boolean; folderRoot: string | null };
  /** Run the daily backup schedule (off in tests that do not test it). */
  backups?: boolean;
  /** The process can close this server and start it again (a restore from a backup is applied at start). */
  onRestartRequested?: () => void;
}

export interface JournalServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  port: number;
  host(): string;
  setLanEnabled(isEnabled: boolean): Promise<void>;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

export async function startJournalServer(options: JournalServerOptions): Promise<JournalServer> {
  // A restore the administrator scheduled is switched in before the database is opened (see backup/restore.ts).
  await applyPendingRestore(options.dataDir);
  const db = await openDatabase({ dataDir: options.dataDir, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel ?? 'info' },
    bodyLimit: 1024 * 1024,
    // Long-lived keep-alive connections must not hold up shutdown.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  let currentHost = options.hostOverride ?? ((await isLanEnabled(db)) ? ALL_INTERFACES : LOOPBACK);
  let boundPort = options.port ?? DEFAULT_PORT;

  const control: ServerControl = {
    db,
    version: options.version ?? '0.0.0',
    startedAt: new Date(),
    port: () => boundPort,
    listeningOn: () => currentHost,
    setLanEnabled: (isEnabled) => rebind(isEnabled ? ALL_INTERFACES : LOOPBACK),
    isHostOverridden: () => Boolean(options.hostOverride),
    publicAddress: () => `http://${currentHost === LOOPBACK ? 'localhost' : (lanAddresses()[0] ?? 'localhost')}:${boundPort}`,
  };

  await app.register(fastifyCookie);
  installErrorHandler(app);
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, currentHostPolicy(currentHost !== LOOPBACK, lanAddresses()))) {
      return sendProblem(reply, 403, 'forbidden', 'Запрос к серверу журнала по чужому имени отклонён.');
    }
    if (request.method === 'GET' || request.method === 'HEAD' || !request.url.startsWith(API_PREFIX)) return undefined;
    const origin = request.headers.origin;
    if (origin !== undefined && !isSameOrigin(origin, request.headers.host)) {
      return sendProblem(reply, 403, 'forbidden', 'Запрос с чужого сайта отклонён.');
    }
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendProblem(reply, 415, 'validation', 'Неподдерживаемый тип содержимого: ожидался application/json.');
    }
    return undefined;
  });

  const journalClock = options.journalClock ?? (() => new Date());
  const notifier = new Notifier(new UserEventHub(), [], (channel, error) => app.log.error({ channel, error }, 'канал уведомлений не доставил сообщение'));
  const drives = createDriveMonitor(options.drives ?? { system: false, folderRoot: null });
  const yearEnd = {
    drives,
    dataDir: options.dataDir,
    version: control.version,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
  const routes: RouteTable = {
    ...statementRoutes(db, { version: control.version, clock: () => new Date() }),
    ...driveRoutes(db, { drives }),
    ...archiveRoutes(db, yearEnd),
    ...archiveViewRoutes(db, yearEnd),
    ...backupRoutes(db, {
      dataDir: options.dataDir,
      clock: () => new Date(),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.onRestartRequested ? { onRestartRequested: options.onRestartRequested } : {}),
    }),
    ...settingsRoutes(control),
    ...accountRoutes(control),
    ...registrationRoutes(control),
    ...auditRoutes(db),
    ...schoolRoutes(db),
    ...structureRoutes(db),
    ...workProgramRoutes(db),
    ...activationRoutes(db, control),
    ...journalRoutes(db, { dataDir: options.dataDir, hub: new JournalEventHub(), clock: journalClock, notifier }),
    ...diaryRoutes(db, { dataDir: options.dataDir, clock: journalClock, notifier }),
    ...messageRoutes(db, { dataDir: options.dataDir, notifier }),
    ...newsRoutes(db, { notifier }),
  };
  const openStreams = new Set<() => void>();
  registerRoutes(app, routes, { db, openStreams });

  const uiDir = options.uiDir && fs.existsSync(path.join(options.uiDir, 'index.html')) ? options.uiDir : null;
  if (uiDir) {
    await app.register(fastifyStatic, { root: uiDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) return sendProblem(reply, 404, 'not-found', `Нет такого адреса API: ${request.method} ${request.url.split('?')[0]}`);
    if (uiDir && request.method === 'GET') {
      // The UI is a single-page app: every other path is one of its screens.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).type('text/plain; charset=utf-8').send('Интерфейс не собран: выполните npm run build');
  });

  try {
    await app.listen({ port: boundPort, host: currentHost });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  boundPort = (app.server.address() as { port: number }).port;
  await drives.start();
  const stopArchiveWatch = watchArchiveDrives(db, yearEnd);
  const stopBackups = options.backups
    ? startBackupSchedule(db, { dataDir: options.dataDir, clock: () => new Date(), log: (message) => app.log.error(message), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
    : async () => undefined;
  await purgeExpiredAccountData(db);
  const housekeeping = setInterval(() => void purgeExpiredAccountData(db).catch((error: unknown) => app.log.error(error)), 3_600_000);
  housekeeping.unref();

  function listenOn(host: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      app.server.once('error', onError);
      app.server.listen(boundPort, host, () => {
        app.server.off('error', onError);
        resolve();
      });
    });
  }

  async function rebind(host: string): Promise<void> {
    if (host === currentHost) return;
    // Re-listen the same HTTP server on the new interface; open requests finish on the old
    // socket. close() stops accepting at once; its callback would wait for keep-alive sockets.
    app.server.close();
    try {
      await listenOn(host);
    } catch (error) {
      // Never leave the school without a server: go back to where it listened before.
      await listenOn(currentHost);
      throw error;
    }
    currentHost = host;
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    db,
    port: boundPort,
    url: `http://${LOOPBACK}:${boundPort}`,
    host: () => currentHost,
    setLanEnabled: control.setLanEnabled,
    close() {
      // Fastify finishes in-flight requests (and their transactions) before the database closes.
      closing ??= (async () => {
        // A keep-alive socket that becomes idle after close() began would otherwise hold
        // the server open for Fastify's 72 s keep-alive timeout: sweep idle sockets until
        // the in-flight requests are done, and cut whatever is left after 15 s.
        clearInterval(housekeeping);
        await stopArchiveWatch();
        await drives.stop();
        await stopBackups();
        for (const end of [...openStreams]) end();
        const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => app.server.closeAllConnections(), 15_000);
        try {
          await app.close();
        } finally {
          clearInterval(sweep);
          clearTimeout(deadline);
        }
        closeArchiveViews();
        await db.destroy();
      })();
      return closing;
    },
  };
}

