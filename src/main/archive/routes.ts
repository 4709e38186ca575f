// HTTP routes of the yearly archive, its verification and retention (issue 6, items 4-5), and the watcher that
// re-verifies known archives when their drive is plugged in.
//
// Writing an archive takes minutes, longer than a request should: POST /archives answers once the early checks
// pass (or with their refusal), the run goes on in the background, and GET /archives/job reports its phase and
// share done (the page polls it; one run per server, so "the job" is the current or the last one).

import { randomUUID } from 'node:crypto';
import { api } from '../../shared/api/contract';
import type { ArchiveJob } from '../../shared/api/archive-schemas';
import { AppError, forbidden } from '../common/app-error';
import { route, signedIn } from '../common/route-types';
import type { Db } from '../db/connection';
import { archiveById, archivesOnDrive } from '../db/repositories/archive-repo';
import { driveById, driveByIdentity } from '../db/repositories/drives-repo';
import type { DriveChange, DriveMonitor, MountedDrive } from '../drives/drive-types';
import { SERVER_PC_ONLY_MESSAGE, isServerPcRequest } from '../drives/server-pc';
import { ARCHIVE_PHASE_LABELS, ArchiveError, startYearArchive, type ArchiveProgress } from './archive-writer';
import { verifyRecordedArchive } from './archive-verifier';
import { listArchives, retentionView } from './retention';

export interface ArchiveRouteOptions {
  drives: DriveMonitor;
  dataDir: string;
  version: string;
  nativeBinding?: string;
}

/** The current or last archive run of a server, what must be cancelled when it stops, and what it must await. */
interface ArchiveJobs {
  last: ArchiveJob | null;
  controllers: Set<AbortController>;
  /** Runs and verifications in progress, settled (never rejecting): stop waits for them before the database closes. */
  pending: Set<Promise<void>>;
  /** Set once the server is stopping: a run started now would outlive the database. */
  stopping: boolean;
}

const jobsByDb = new WeakMap<Db, ArchiveJobs>();

function jobsOf(db: Db): ArchiveJobs {
  let jobs = jobsByDb.get(db);
  if (!jobs) {
    jobs = { last: null, controllers: new Set(), pending: new Set(), stopping: false };
    jobsByDb.set(db, jobs);
  }
  return jobs;
}

/** The drive with this identity as mounted now; one fresh scan if the last one has not seen it yet. */
async function attachedDrive(drives: DriveMonitor, identity: string): Promise<MountedDrive | null> {
  const find = (list: readonly MountedDrive[]) => list.find((d) => d.identity === identity) ?? null;
  return find(drives.current()) ?? find(await drives.rescan());
}

/** Keeps `work` in `jobs.pending` until it settles, so that stopping the server can wait for it. */
function track(jobs: ArchiveJobs, work: Promise<unknown>): void {
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  jobs.pending.add(settled);
  void settled.finally(() => jobs.pending.delete(settled));
}

function refuseWhileStopping(jobs: ArchiveJobs): void {
  if (jobs.stopping) throw new AppError(409, 'conflict', 'Сервер журнала останавливается: запустите запись или проверку архива после его перезапуска.');
}

function log(message: string, error: unknown): void {
  console.warn(`[archive] ${message}`, error instanceof Error ? error.message : error);
}

export function archiveRoutes(db: Db, options: ArchiveRouteOptions) {
  const jobs = jobsOf(db);
  return {
    listArchives: route({
      endpoint: api.listArchives,
      handle: async () => ({ archives: await listArchives(db, options.drives.current()) }),
    }),

    startArchive: route({
      endpoint: api.startArchive,
      handle: async (ctx) => {
        // The drive is next to the server PC: an archive started from another desk would land on a disk its user
        // cannot see, plug out or take away.
        if (!isServerPcRequest(ctx.request)) throw forbidden(SERVER_PC_ONLY_MESSAGE);
        const { user } = signedIn(ctx);
        const drive = await attachedDrive(options.drives, ctx.body.driveIdentity);
        if (!drive) throw new AppError(409, 'conflict', 'Выбранный диск не подключён к компьютеру-серверу: подключите его и обновите список дисков.');
        refuseWhileStopping(jobs);
        const controller = new AbortController();
        const job: ArchiveJob = {
          id: randomUUID(),
          state: 'running',
          academicYearId: ctx.body.academicYearId,
          yearName: '',
          driveIdentity: drive.identity,
          driveLabel: drive.label,
          startedAt: new Date().toISOString(),
          finishedAt: null,
          phase: 'prepare',
          phaseLabel: ARCHIVE_PHASE_LABELS.prepare,
          overall: 0,
          result: null,
          error: null,
        };
        // Throws the 409 «Архив уже записывается» synchronously when a run is going on.
        const run = startYearArchive({
          db,
          dataDir: options.dataDir,
          version: options.version,
          ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
          academicYearId: ctx.body.academicYearId,
          drive,
          userId: user.id,
          signal: controller.signal,
          onProgress: (p: ArchiveProgress) => {
            job.phase = p.phase;
            job.phaseLabel = p.label;
            job.overall = p.overall;
          },
        });
        jobs.controllers.add(controller);
        jobs.last = job;
        const settled = run.result
          .then((result) => {
            job.state = 'done';
            job.yearName = result.yearName;
            job.overall = 1;
            job.result = {
              archiveId: result.archiveId,
              folder: result.folder,
              absolutePath: result.absolutePath,
              fileCount: result.fileCount,
              totalBytes: result.totalBytes,
              manifestSha256: result.manifestSha256,
              createdAt: result.createdAt,
              retainUntil: result.retainUntil,
              readBack: result.readBack,
              timings: result.timings,
            };
          })
          .catch((error: unknown) => {
            job.state = 'failed';
            job.error = error instanceof Error ? error.message : String(error);
            if (!(error instanceof ArchiveError) || error.status >= 500) log('архив не записан', error);
          })
          .finally(() => {
            job.finishedAt = new Date().toISOString();
            jobs.controllers.delete(controller);
          });
        track(jobs, settled);
        // Early refusals (read-only drive, too little space, unknown year) are the answer to this request.
        await run.preflight;
        return job;
      },
    }),

    archiveJob: route({
      endpoint: api.archiveJob,
      handle: async () => ({ job: jobs.last }),
    }),

    verifyArchive: route({
      endpoint: api.verifyArchive,
      handle: async (ctx) => {
        const { user } = signedIn(ctx);
        const archive = await archiveById(db, ctx.params.archiveId);
        if (!archive) throw new AppError(404, 'not-found', 'Архив не найден.');
        const driveRow = await driveById(db, archive.drive_id);
        const drive = driveRow ? await attachedDrive(options.drives, driveRow.identity) : null;
        if (!driveRow || !drive) {
          throw new AppError(409, 'conflict', `Диск «${driveRow?.label ?? driveRow?.identity ?? '?'}» с этим архивом не подключён: подключите его к компьютеру-серверу, и архив будет проверен.`);
        }
        refuseWhileStopping(jobs);
        const controller = new AbortController();
        jobs.controllers.add(controller);
        try {
          const verification = verifyRecordedArchive(db, { archiveId: archive.id, mountPath: drive.mountPath, trigger: 'request', userId: user.id, signal: controller.signal });
          track(jobs, verification);
          const result = await verification;
          return { archiveId: result.archiveId, status: result.status, problems: result.problems, verifiedAt: result.verifiedAt, checkedFiles: result.checkedFiles, checkedBytes: result.checkedBytes };
        } finally {
          jobs.controllers.delete(controller);
        }
      },
    }),

    archiveRetention: route({
      endpoint: api.archiveRetention,
      handle: async () => retentionView(db, { now: new Date(), attached: options.drives.current() }),
    }),
  };
}

/**
 * Re-verifies known archives whenever their drive is plugged in (or shows up at another mount point); returns
 * the function that stops it. Verifications run one after another; errors are logged, never thrown (a bad
 * drive must not take the journal server down). Stopping cancels a verification or archive run in progress and
 * resolves once they have all settled (the run's cleanup included), so the server can close the database after
 * it without a run still writing to it or to the drive.
 */
export function watchArchiveDrives(db: Db, options: ArchiveRouteOptions): () => Promise<void> {
  const jobs = jobsOf(db);
  const controller = new AbortController();
  jobs.controllers.add(controller);
  let chain: Promise<void> = Promise.resolve();

  /** `checkedBefore`: only archives last verified before this ISO time (a restart does not re-read fresh ones). */
  async function verifyDrive(drive: MountedDrive, checkedBefore?: string): Promise<void> {
    const row = await driveByIdentity(db, drive.identity);
    if (!row) return;
    for (const archive of await archivesOnDrive(db, row.id)) {
      if (controller.signal.aborted) return;
      if (checkedBefore !== undefined && archive.last_verified_at >= checkedBefore) continue;
      try {
        const result = await verifyRecordedArchive(db, { archiveId: archive.id, mountPath: drive.mountPath, trigger: 'plug-in', userId: null, signal: controller.signal });
        if (result.status !== 'ok') log(`архив ${archive.folder} на диске «${drive.label}»: ${result.status}`, result.problems.map((p) => `${p.file}: ${p.problem}`).join('; '));
      } catch (error) {
        if (controller.signal.aborted) return;
        log(`архив ${archive.folder} на диске «${drive.label}» не проверен`, error);
      }
    }
  }

  const unsubscribe = options.drives.onChange((change: DriveChange) => {
    const targets = [...change.attached, ...(change.changed ?? [])];
    if (targets.length === 0 || controller.signal.aborted) return;
    chain = chain
      .then(async () => {
        for (const drive of targets) {
          if (controller.signal.aborted) return;
          await verifyDrive(drive).catch((error: unknown) => log(`диск «${drive.label}» не проверен`, error));
        }
      })
      .catch((error: unknown) => log('проверка архивов при подключении диска не удалась', error));
    // The monitor tracks a returned promise and its stop() waits for it.
    return chain;
  });

  // A drive already plugged in when the server starts was plugged in as far as the school is concerned (the PC
  // was switched on with the disk in it): its archives are checked too, unless one was checked in the last day,
  // so that restarting the server does not re-read a whole archive every time.
  const present = options.drives.current();
  if (present.length > 0) {
    const dayAgo = new Date(Date.now() - 24 * 3_600_000).toISOString();
    chain = chain
      .then(async () => {
        for (const drive of present) {
          if (controller.signal.aborted) return;
          await verifyDrive(drive, dayAgo).catch((error: unknown) => log(`диск «${drive.label}» не проверен`, error));
        }
      })
      .catch((error: unknown) => log('проверка архивов на подключённых дисках при запуске не удалась', error));
  }

  return async () => {
    jobs.stopping = true;
    unsubscribe();
    for (const c of jobs.controllers) c.abort();
    // Some steps cannot be interrupted (the database snapshot, an fsync, SQLite's check of the copy): wait for
    // them to reach the next check rather than close the database under them.
    await Promise.all([chain.catch(() => undefined), ...jobs.pending]);
  };
}
