// The external drives of the server PC in the UI (issue 6, item 3): a store with the list (GET /drives), kept live
// by the drives event stream (GET /drives/events, Server-Sent Events: every event means "reload the list"). The
// stream works the same in a browser and in the desktop shell, so the UI needs nothing from the preload for it.

import { useEffect } from 'react';
import { create } from 'zustand';
import { api } from '../../shared/api/contract';
import type { DriveList, MountedDriveView } from '../../shared/api/drives-schemas';
import { API_PREFIX } from '../../shared/api/endpoint';
import { ApiError, call, errorText } from '../api/client';

export type { MountedDriveView } from '../../shared/api/drives-schemas';

interface DrivesState {
  list: DriveList | null;
  error: string | null;
  isLoading: boolean;
  isRescanning: boolean;
  /** Loads the list the server has now. */
  load(): Promise<void>;
  /** Asks the server to look for drives now (the administrator); others just reload the list. */
  rescan(): Promise<void>;
}

/** Several loads at once (events in a burst, a click) keep only the newest answer. */
let loadGeneration = 0;

export const useDrivesStore = create<DrivesState>((set, get) => ({
  list: null,
  error: null,
  isLoading: false,
  isRescanning: false,
  async load() {
    const generation = ++loadGeneration;
    set({ isLoading: true });
    try {
      const list = await call(api.listDrives);
      if (generation === loadGeneration) set({ list, error: null, isLoading: false });
    } catch (error) {
      if (generation === loadGeneration) set({ error: errorText(error), isLoading: false });
    }
  },
  async rescan() {
    set({ isRescanning: true });
    const generation = ++loadGeneration;
    try {
      const list = await call(api.rescanDrives, { body: {} });
      if (generation === loadGeneration) set({ list, error: null });
    } catch (error) {
      // The director may see the drives but not order a scan: a plain reload is what "Обновить" means for them.
      if (error instanceof ApiError && error.status === 403) await get().load();
      else set({ error: errorText(error) });
    } finally {
      set({ isRescanning: false });
    }
  },
}));

/** Open streams, shared by every mounted panel: one connection however many panels show the drives. */
let streamUsers = 0;
let stream: { source: EventSource; timer: ReturnType<typeof setTimeout> | null } | null = null;

function reloadSoon(): void {
  if (!stream) return;
  if (stream.timer) clearTimeout(stream.timer);
  // A plug-in can bring several events (attach, then the id file written): one request for the burst.
  stream.timer = setTimeout(() => void useDrivesStore.getState().load(), 200);
}

function openStream(): void {
  streamUsers += 1;
  if (stream || typeof EventSource === 'undefined') return;
  const source = new EventSource(`${API_PREFIX}${api.driveEvents.path}`, { withCredentials: true });
  stream = { source, timer: null };
  source.onmessage = reloadSoon;
  // After a lost connection (the server restarted, the shell slept) the list may be stale.
  source.onopen = reloadSoon;
}

function closeStream(): void {
  streamUsers -= 1;
  if (streamUsers > 0 || !stream) return;
  if (stream.timer) clearTimeout(stream.timer);
  stream.source.close();
  stream = null;
}

/** The drives list, loaded on mount and reloaded on every change the server reports while mounted. */
export function useDrives(): DrivesState {
  const state = useDrivesStore();
  useEffect(() => {
    void useDrivesStore.getState().load();
    openStream();
    return closeStream;
  }, []);
  return state;
}

const BYTE_UNITS = ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'] as const;

/**
 * «931,5 ГБ», «12 МБ»: binary units, as Windows Explorer counts them, so the numbers match what the administrator
 * sees in the system; one decimal below 100, whole numbers above.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits }).format(value)} ${BYTE_UNITS[unit]}`;
}

/** Whether an archive can go onto the drive: writable. The archive itself checks the free space it needs. */
export function isWritableDrive(drive: MountedDriveView): boolean {
  return !drive.readOnly;
}
