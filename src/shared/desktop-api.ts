// The small surface the Electron preload gives the UI as `window.desktop`. The UI must
// work without it (any browser), so every use checks that it exists.

export type DesktopMode = 'server' | 'client';

export interface DesktopInfo {
  version: string;
  mode: DesktopMode | null;
  serverUrl: string | null;
}

export type ChooseModeResult = { ok: true } | { ok: false; message: string };

export interface DesktopApi {
  info(): Promise<DesktopInfo>;
  chooseServerMode(): Promise<ChooseModeResult>;
  chooseClientMode(address: string): Promise<ChooseModeResult>;
  /** Forget the mode and server address and show the choice again. */
  resetMode(): Promise<void>;
  print(): Promise<void>;
}

/** IPC channel names, one list for main and preload. */
export const DESKTOP_CHANNELS = {
  info: 'desktop:info',
  chooseServerMode: 'desktop:choose-server-mode',
  chooseClientMode: 'desktop:choose-client-mode',
  resetMode: 'desktop:reset-mode',
  print: 'desktop:print',
} as const;
