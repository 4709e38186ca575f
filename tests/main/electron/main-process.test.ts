// Proves the Electron main process wiring with a fake electron module: secure window, denied permissions, every desktop IPC channel answered only for the journal window.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DESKTOP_CHANNELS } from '../../../src/shared/desktop-api';

type Listener = (...args: unknown[]) => unknown;
type InvokeHandler = (event: { sender: unknown; senderFrame?: { url: string } }, ...args: unknown[]) => unknown;
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;

// Everything the fake electron module records, created before the hoisted vi.mock factories run.
const fake = vi.hoisted(() => {
  class FakeEmitter {
    readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener): this {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
  }

  class FakeWebContents extends FakeEmitter {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    printed = 0;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
    print(): void {
      this.printed += 1;
    }
  }

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends FakeEmitter {
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    constructor(readonly options: { title?: string; webPreferences?: Record<string, unknown> }) {
      super();
      windows.push(this);
    }
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
    }
    async loadFile(file: string): Promise<void> {
      this.loaded.push(file);
    }
    show(): void {}
    focus(): void {}
  }

  const app = Object.assign(new FakeEmitter(), {
    isPackaged: false,
    getVersion: () => '0.1.0-test',
    getPath: (name: string) => `/tmp/fake-electron-${name}`,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: vi.fn(),
  });

  const defaultSession = {
    requestHandler: null as PermissionRequestHandler | null,
    checkHandler: null as PermissionCheckHandler | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler) {
      this.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler) {
      this.checkHandler = handler;
    },
  };

  const ipcHandlers = new Map<string, InvokeHandler>();
  const settings = { mode: null as 'server' | 'client' | null, serverUrl: null as string | null, port: 8585 };

  return {
    FakeWebContents,
    windows,
    app,
    defaultSession,
    ipcHandlers,
    settings,
    electron: {
      app,
      BrowserWindow: FakeBrowserWindow,
      ipcMain: {
        handle: (channel: string, handler: InvokeHandler) => {
          if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
          ipcHandlers.set(channel, handler);
        },
      },
      Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: vi.fn() },
      shell: { openExternal: vi.fn(async () => undefined) },
      session: { defaultSession },
      dialog: { showErrorBox: vi.fn() },
    },
  };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
// electron-store needs a running Electron; the settings live in memory here.
vi.mock('../../../src/main/electron/mode-store', () => ({
  createModeStore: () => ({
    get: () => ({ ...fake.settings }),
    set: (changes: Partial<typeof fake.settings>) => Object.assign(fake.settings, changes),
  }),
}));

function mainWindow() {
  const window = fake.windows[0];
  if (!window) throw new Error('no BrowserWindow was created');
  return window;
}

/** The frame calling: by default the bundled first-run page the window opened with. */
let frameUrl = '';

function invoke(channel: string, sender: unknown, ...args: unknown[]): Promise<unknown> {
  const handler = fake.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no ipcMain.handle for ${channel}`);
  // Electron turns a handler's throw or rejection into a rejected invoke in the renderer.
  return Promise.resolve().then(() => handler({ sender, senderFrame: { url: frameUrl } }, ...args));
}

beforeAll(async () => {
  await import('../../../src/main/electron/main');
  // app.whenReady() resolves at once; wait for the ready handler to open the start page.
  await vi.waitFor(() => expect(mainWindow().loaded.length).toBe(1));
  frameUrl = pathToFileURL(mainWindow().loaded[0]!).href;
});

describe('Electron main process', () => {
  it('opens one window with secure web preferences and the bundled preload', () => {
    expect(fake.windows).toHaveLength(1);
    const { options } = mainWindow();
    expect(options.title).toBe('Электронный журнал');
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(options.webPreferences?.preload).endsWith(path.join('dist', 'preload', 'index.cjs'))).toBe(true);
  });

  it('shows the mode choice page on the first start and hardens the window', () => {
    expect(mainWindow().loaded[0]?.endsWith(path.join('dist', 'connect', 'connect.html'))).toBe(true);
    const contents = mainWindow().webContents;
    expect(contents.listeners.has('will-navigate')).toBe(true);
    expect(contents.listeners.has('will-redirect')).toBe(true);
    expect(contents.listeners.has('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('denies every permission on the default session', () => {
    const granted: boolean[] = [];
    fake.defaultSession.requestHandler?.({}, 'media', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
    expect(fake.defaultSession.checkHandler?.({}, 'geolocation')).toBe(false);
  });

  it('denies new windows from any web contents created later', () => {
    const other = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, other);
    expect(other.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('registers a handler for every desktop channel', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(Object.values(DESKTOP_CHANNELS).sort());
  });

  it('answers the journal window', async () => {
    const sender = mainWindow().webContents;
    expect(await invoke(DESKTOP_CHANNELS.info, sender)).toEqual({ version: '0.1.0-test', mode: null, serverUrl: null });
    expect(await invoke(DESKTOP_CHANNELS.chooseClientMode, sender, 'ftp://server')).toEqual({
      ok: false,
      message: 'Адрес должен начинаться с http:// или https://',
    });
    // A non-string address is treated as empty, not passed on.
    expect(await invoke(DESKTOP_CHANNELS.chooseClientMode, sender, { toString: () => '192.168.1.10' })).toEqual({
      ok: false,
      message: expect.stringContaining('Введите адрес'),
    });
    await invoke(DESKTOP_CHANNELS.print, sender);
    expect(mainWindow().webContents.printed).toBe(1);
    expect(fake.settings.mode).toBeNull();
  });

  it.each(Object.entries(DESKTOP_CHANNELS))('refuses %s from any other web contents', async (_name, channel) => {
    const stranger = new fake.FakeWebContents();
    await expect(invoke(channel, stranger, '192.168.1.10')).rejects.toThrow('не из окна журнала');
    await expect(invoke(channel, undefined)).rejects.toThrow('не из окна журнала');
    expect(mainWindow().webContents.printed).toBeGreaterThanOrEqual(1);
    expect(fake.settings).toEqual({ mode: null, serverUrl: null, port: 8585 });
  });

  it('refuses mode changes from a page served over the network, but still prints for it', async () => {
    const served = frameUrl;
    frameUrl = 'http://192.168.1.10:8585/users';
    try {
      for (const channel of [DESKTOP_CHANNELS.chooseServerMode, DESKTOP_CHANNELS.chooseClientMode, DESKTOP_CHANNELS.resetMode]) {
        await expect(invoke(channel, mainWindow().webContents, 'http://evil.example')).rejects.toThrow('странице первого запуска');
      }
      expect(fake.settings).toMatchObject({ mode: null, serverUrl: null });
      await invoke(DESKTOP_CHANNELS.print, mainWindow().webContents);
      expect(await invoke(DESKTOP_CHANNELS.info, mainWindow().webContents)).toMatchObject({ mode: null });
    } finally {
      frameUrl = served;
    }
  });

  it('resetMode from the window forgets the mode and shows the choice again', async () => {
    fake.settings.mode = 'client';
    fake.settings.serverUrl = 'http://192.168.1.10:8585';
    const before = mainWindow().loaded.length;
    await invoke(DESKTOP_CHANNELS.resetMode, mainWindow().webContents);
    expect(fake.settings).toMatchObject({ mode: null, serverUrl: null });
    await vi.waitFor(() => expect(mainWindow().loaded.length).toBe(before + 1));
    expect(mainWindow().loaded.at(-1)?.endsWith('connect.html')).toBe(true);
  });
});
