// Remembers, on this desktop, whether it is the school's server PC or a client, and the
// server's address (electron-store: a JSON file in the OS app-data folder).

import Store from 'electron-store';
import type { DesktopMode } from '../../shared/desktop-api';

interface ShellSettings {
  mode: DesktopMode | null;
  serverUrl: string | null;
  port: number;
}

export interface ModeStore {
  get(): ShellSettings;
  set(changes: Partial<ShellSettings>): void;
}

export function createModeStore(): ModeStore {
  const store = new Store<ShellSettings>({
    name: 'desktop-settings',
    defaults: { mode: null, serverUrl: null, port: 8585 },
  });
  return {
    get: () => ({ mode: store.get('mode'), serverUrl: store.get('serverUrl'), port: store.get('port') }),
    set: (changes) => {
      for (const [key, value] of Object.entries(changes)) store.set(key as keyof ShellSettings, value as never);
    },
  };
}
