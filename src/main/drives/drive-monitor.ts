// Builds the DriveMonitor of the server PC (issue 6, item 3). A scan asks the source(s) which drives are mounted
// and compares the result with the previous scan by identity (a drive mounted under a new path is the same drive).
// Scans are triggered by USB hot-plug events (usb-detection, a native module that may be missing or fail to load),
// by changes inside the drives folder (fs.watch), on request, and always by polling: events are only a way to
// notice sooner, the poll is what makes detection certain.

import fs from 'node:fs';
import type { DriveChange, DriveMonitor, DriveSource, MountedDrive } from './drive-types';
import { createFolderDriveSource } from './folder-drive-source';
import { createSystemDriveSource } from './system-drive-source';

/** The part of usb-detection used here (its own typings lack `removeListener`, which EventEmitter2 has). */
export interface UsbEvents {
  startMonitoring(): void;
  stopMonitoring(): void;
  on(event: 'change', listener: () => void): unknown;
  removeListener?(event: 'change', listener: () => void): unknown;
}

export interface DriveMonitorOptions {
  /** Each sub-folder of this folder is a mounted drive (tests, demos, loop-mounted images); replaces system scanning. */
  folderRoot: string | null;
  /** Scan the operating system's removable volumes. */
  system: boolean;
  /** Polling interval; default 5 s for system volumes, 2 s for a drives folder. 0 turns polling off (tests only). */
  pollIntervalMs?: number;
  /** A USB device appears before its volume is mounted: the scan waits this long after the last event (1.5 s). */
  usbSettleMs?: number;
  /** start() waits at most this long for the first scan (default 10 s). */
  firstScanTimeoutMs?: number;
  /**
   * Each source's list() gets at most this long (default 30 s): systeminformation runs lsblk/PowerShell without a
   * time limit, and a hung one must not hang rescans (POST /drives/rescan) and shutdown with it.
   */
  listTimeoutMs?: number;
  /** stop() waits at most this long for a scan in progress (default 3 s), so a hung scan cannot stall shutdown. */
  stopWaitMs?: number;
  /** Listen for USB hot-plug events; default: when scanning system volumes. */
  usbEvents?: boolean;
  /** Loads usb-detection; tests inject a failing loader to check the polling fallback. */
  loadUsbEvents?: () => Promise<UsbEvents>;
  /** Replaces the sources chosen by `folderRoot`/`system` (tests). */
  sources?: readonly DriveSource[];
  /** Where problems go (an unreadable drive, usb-detection missing); default console.warn. */
  log?: (message: string, error?: unknown) => void;
}

async function loadUsbDetection(): Promise<UsbEvents> {
  // A dynamic import: the module is an optional native dependency, and a failed build must not stop the server.
  const module = (await import('usb-detection')) as unknown as { default?: UsbEvents } & UsbEvents;
  return module.default ?? module;
}

function defaultLog(message: string, error?: unknown): void {
  console.warn(`[drives] ${message}`, ...(error === undefined ? [] : [error instanceof Error ? error.message : error]));
}

export function createDriveMonitor(options: DriveMonitorOptions): DriveMonitor {
  const log = options.log ?? defaultLog;
  const sources: readonly DriveSource[] =
    options.sources ??
    (options.folderRoot
      ? [createFolderDriveSource(options.folderRoot, { onError: (folder, error) => log(`папка диска ${folder} пропущена`, error) })]
      : options.system
        ? [createSystemDriveSource({ onError: (device, error) => log(`устройство ${device} пропущено`, error) })]
        : []);
  const pollIntervalMs = options.pollIntervalMs ?? (options.folderRoot ? 2_000 : 5_000);
  const usbSettleMs = options.usbSettleMs ?? 1_500;
  const firstScanTimeoutMs = options.firstScanTimeoutMs ?? 10_000;
  const listTimeoutMs = options.listTimeoutMs ?? 30_000;
  const stopWaitMs = options.stopWaitMs ?? 3_000;
  const wantUsbEvents = options.usbEvents ?? (options.system && !options.folderRoot);

  let drives: readonly MountedDrive[] = [];
  /** What each source returned last: a source that fails once keeps its drives instead of "detaching" them all. */
  const lastBySource = new Map<DriveSource, MountedDrive[]>();
  /**
   * Each source's list() call in progress. One at a time per source: a call past its time limit is neither waited on
   * again nor restarted until it ends, so a hung lsblk does not get a new hung sibling at every poll.
   */
  const pendingBySource = new Map<DriveSource, Promise<MountedDrive[]>>();
  /** Calls in pendingBySource that already outlived one time limit. */
  const overdue = new Set<Promise<MountedDrive[]>>();
  /** Sources failing now: a failure is logged when the streak begins, not at every poll (every 5 s). */
  const failingSources = new Set<DriveSource>();
  /** Set by stop(): a scan that outlives stop() (it was not waited for) must not report changes afterwards. */
  let stopping = false;
  const listeners = new Set<(change: DriveChange) => void>();
  const pendingListeners = new Set<Promise<void>>();
  let running: Promise<readonly MountedDrive[]> | null = null;
  let queued: Promise<readonly MountedDrive[]> | null = null;
  let started = false;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let debounceTimer: ReturnType<typeof setTimeout> | null = null;
  let watcher: fs.FSWatcher | null = null;
  let usb: { module: UsbEvents; listener: () => void } | null = null;

  async function scanOnce(): Promise<readonly MountedDrive[]> {
    const found: MountedDrive[] = [];
    for (const source of sources) {
      try {
        const list = await listWithTimeout(source);
        lastBySource.set(source, list);
        found.push(...list);
        if (failingSources.delete(source)) log('список дисков снова получен');
      } catch (error) {
        if (!failingSources.has(source)) {
          failingSources.add(source);
          log('не удалось получить список дисков; до его восстановления остаётся прежний', error);
        }
        found.push(...(lastBySource.get(source) ?? []));
      }
    }
    if (stopping) return drives;
    // Two sources (or two mounts of one volume) may report the same identity: the first one is kept.
    const byIdentity = new Map<string, MountedDrive>();
    for (const drive of found) if (!byIdentity.has(drive.identity)) byIdentity.set(drive.identity, drive);
    const next = [...byIdentity.values()];
    const change = diffDrives(drives, next);
    drives = next;
    if (change) {
      for (const listener of [...listeners]) {
        try {
          // A listener may be async (recording drives in the database): stop() waits for it, so the database
          // is not closed under it when the server shuts down.
          const result: unknown = listener(change);
          if (result instanceof Promise) {
            const tracked: Promise<void> = result
              .catch((error: unknown) => log('обработчик изменения дисков завершился с ошибкой', error))
              .finally(() => pendingListeners.delete(tracked));
            pendingListeners.add(tracked);
          }
        } catch (error) {
          log('обработчик изменения дисков завершился с ошибкой', error);
        }
      }
    }
    return drives;
  }

  function listWithTimeout(source: DriveSource): Promise<MountedDrive[]> {
    let pending = pendingBySource.get(source);
    // Already past one time limit: waiting for it again would only make every scan (and POST /drives/rescan) slow.
    // The last list stands until the call ends; the scan after that asks the source anew.
    if (pending && overdue.has(pending)) return Promise.reject(new Error('прежний запрос списка дисков ещё не завершился'));
    if (!pending) {
      const fresh: Promise<MountedDrive[]> = Promise.resolve()
        .then(() => source.list())
        .finally(() => {
          if (pendingBySource.get(source) === fresh) pendingBySource.delete(source);
          overdue.delete(fresh);
        });
      // The call may settle after its time limit with nobody waiting: its rejection must not be "unhandled".
      fresh.catch(() => undefined);
      pendingBySource.set(source, fresh);
      pending = fresh;
    }
    const call = pending;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        overdue.add(call);
        reject(new Error(`список дисков не получен за ${Math.round(listTimeoutMs / 1000)} с`));
      }, listTimeoutMs);
    });
    return Promise.race([call, timeout]).finally(() => {
      if (timer) clearTimeout(timer);
    });
  }

  /**
   * One scan at a time: a request during a scan gets the scan after it (its result may be stale otherwise), and
   * any further requests meanwhile share that same next scan.
   */
  function rescan(): Promise<readonly MountedDrive[]> {
    if (!running) {
      running = scanOnce().finally(() => {
        running = null;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return rescan();
      });
    return queued;
  }

  function rescanSoon(delayMs: number): void {
    if (!started) return;
    if (debounceTimer) clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      debounceTimer = null;
      void rescan().catch((error: unknown) => log('проверка дисков не удалась', error));
    }, delayMs);
    debounceTimer.unref();
  }

  async function startUsbEvents(): Promise<void> {
    try {
      const module = await (options.loadUsbEvents ?? loadUsbDetection)();
      // An event for each USB device (hubs, keyboards too): the scan tells whether a drive came or went.
      const listener = () => rescanSoon(usbSettleMs);
      module.on('change', listener);
      module.startMonitoring();
      usb = { module, listener };
    } catch (error) {
      log('события USB недоступны (usb-detection не загружен); диски находятся опросом', error);
    }
  }

  function startFolderWatch(root: string): void {
    try {
      watcher = fs.watch(root, () => rescanSoon(200));
      // The folder may vanish (its disk unmounted): the poll goes on, the watcher just ends.
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
      });
      watcher.unref();
    } catch {
      // No folder yet or no inotify: polling covers it.
    }
  }

  return {
    current: () => drives,
    rescan,
    detection: () => ({
      mode: sources.length === 0 ? 'off' : options.folderRoot ? 'folder' : options.system ? 'system' : 'folder',
      usbEvents: usb !== null,
      pollIntervalMs: sources.length === 0 ? 0 : pollIntervalMs,
    }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started) return;
      started = true;
      stopping = false;
      if (sources.length === 0) return;
      // The server waits for the first scan (the archive's watchers read current() right away), but not forever: a
      // hung lsblk or PowerShell must not keep the journal from starting; the scan then finishes in the background.
      let firstScanTimer: ReturnType<typeof setTimeout> | null = null;
      await Promise.race([
        rescan().catch((error: unknown) => log('первая проверка дисков не удалась', error)),
        new Promise<void>((resolve) => {
          firstScanTimer = setTimeout(() => {
            log('первая проверка дисков идёт дольше обычного; сервер запускается, не дожидаясь её');
            resolve();
          }, firstScanTimeoutMs);
        }),
      ]);
      if (firstScanTimer) clearTimeout(firstScanTimer);
      if (!started) return; // stopped during the first scan
      if (pollIntervalMs > 0) {
        pollTimer = setInterval(() => void rescan().catch((error: unknown) => log('проверка дисков не удалась', error)), pollIntervalMs);
        pollTimer.unref();
      }
      if (options.folderRoot && !options.sources) startFolderWatch(options.folderRoot);
      if (wantUsbEvents) await startUsbEvents();
      if (!started) await stopUsbEvents(); // stopped while the module was loading
    },
    async stop() {
      started = false;
      stopping = true;
      if (pollTimer) clearInterval(pollTimer);
      if (debounceTimer) clearTimeout(debounceTimer);
      pollTimer = null;
      debounceTimer = null;
      watcher?.close();
      watcher = null;
      await stopUsbEvents();
      // Let a scan in progress finish, so that nothing touches the drives after stop() returns, but only for a
      // while: a scan stuck past that cannot report anything any more (`stopping`), and shutdown must go on.
      const scan = queued ?? running;
      if (scan) {
        let timer: ReturnType<typeof setTimeout> | null = null;
        await Promise.race([
          scan.catch(() => undefined),
          new Promise<void>((resolve) => {
            timer = setTimeout(() => {
              log('проверка дисков не завершилась; остановка продолжается без неё');
              resolve();
            }, stopWaitMs);
          }),
        ]);
        if (timer) clearTimeout(timer);
      }
      await Promise.all([...pendingListeners]);
    },
  };

  async function stopUsbEvents(): Promise<void> {
    if (!usb) return;
    const { module, listener } = usb;
    usb = null;
    try {
      module.removeListener?.('change', listener);
      // Without this the native monitoring thread keeps the process alive after the server closed.
      module.stopMonitoring();
    } catch (error) {
      log('не удалось остановить события USB', error);
    }
  }
}

/** Null when nothing the user sees changed. Free space alone changes on every write and is not reported. */
export function diffDrives(previous: readonly MountedDrive[], next: readonly MountedDrive[]): DriveChange | null {
  const before = new Map(previous.map((d) => [d.identity, d]));
  const after = new Map(next.map((d) => [d.identity, d]));
  const attached = next.filter((d) => !before.has(d.identity));
  const detached = previous.filter((d) => !after.has(d.identity));
  const changed = next.filter((d) => {
    const old = before.get(d.identity);
    return old !== undefined && (old.mountPath !== d.mountPath || old.label !== d.label || old.readOnly !== d.readOnly || old.sizeBytes !== d.sizeBytes);
  });
  if (attached.length === 0 && detached.length === 0 && changed.length === 0) return null;
  return { attached, detached, drives: next, changed };
}
