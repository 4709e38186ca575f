// HTTP routes for browsing a past year read-only from its archive (issue 6, item 6). Every route needs
// `archive.read` (role-level, checked by the registry before any input is parsed). The registry records staff
// reads of pupils' data only for resource permissions, so the routes that show pupils (a journal page, the class
// summary, the absences) record their own `personal-data-read` event: in the LIVE database's security trail, the
// one place such reads are looked for; the archive itself is never written.

import { api } from '../../shared/api/contract';
import { route, signedIn, type RouteContext } from '../common/route-types';
import type { Db } from '../db/connection';
import { insertSecurityEvent } from '../db/repositories/sessions-repo';
import type { DriveMonitor } from '../drives/drive-types';
import type { Endpoint } from '../../shared/api/endpoint';
import { ArchiveDatabases } from './archive-database';
import {
  archiveClass,
  archiveClassAbsences,
  archiveClassOverview,
  archiveJournalPage,
  archiveSummary,
} from './archive-view-service';

export interface ArchiveViewRouteOptions {
  drives: DriveMonitor;
  nativeBinding?: string;
}

/** Every server's cache of open archive copies, so that shutdown can close them (closeArchiveViews). */
const openCaches = new Set<ArchiveDatabases>();

export function archiveViewRoutes(db: Db, options: ArchiveViewRouteOptions) {
  const archives = new ArchiveDatabases(db, {
    drives: options.drives,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  openCaches.add(archives);

  /** After a successful read of pupils' data from an archive: who read what, like the live journal's reads. */
  const recordRead = async <E extends Endpoint>(ctx: RouteContext<E>) => {
    const { user } = signedIn(ctx);
    await insertSecurityEvent(db, {
      at: new Date().toISOString(),
      kind: 'personal-data-read',
      userId: user.id,
      login: user.login,
      ip: ctx.request.ip,
      detail: `GET ${ctx.request.url} (архив прошлого учебного года)`,
    });
  };

  return {
    archiveViewSummary: route({
      endpoint: api.archiveViewSummary,
      handle: async (ctx) => archives.use(ctx.params.archiveId, archiveSummary),
    }),
    archiveViewClass: route({
      endpoint: api.archiveViewClass,
      handle: async (ctx) => archives.use(ctx.params.archiveId, (archive) => archiveClass(archive, ctx.params.classId)),
    }),
    archiveViewJournal: route({
      endpoint: api.archiveViewJournal,
      handle: async (ctx) => {
        const { archiveId, classId, subjectId, groupKey } = ctx.params;
        const page = await archives.use(archiveId, (archive) =>
          archiveJournalPage(archive, { classId, subjectId, groupKey }, ctx.query.periodId),
        );
        await recordRead(ctx);
        return page;
      },
    }),
    archiveViewAverages: route({
      endpoint: api.archiveViewAverages,
      handle: async (ctx) => {
        const overview = await archives.use(ctx.params.archiveId, (archive) =>
          archiveClassOverview(archive, ctx.params.classId, ctx.query.periodId),
        );
        await recordRead(ctx);
        return overview;
      },
    }),
    archiveViewAbsences: route({
      endpoint: api.archiveViewAbsences,
      handle: async (ctx) => {
        const absences = await archives.use(ctx.params.archiveId, (archive) =>
          archiveClassAbsences(archive, ctx.params.classId, ctx.query.from, ctx.query.to),
        );
        await recordRead(ctx);
        return { absences };
      },
    }),
  };
}

/** Closes every archive database opened for viewing (server shutdown). */
export function closeArchiveViews(): void {
  for (const cache of openCaches) cache.dispose();
  openCaches.clear();
}
