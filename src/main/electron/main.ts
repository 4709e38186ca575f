// Electron main process: a thin shell. In server mode it starts the journal server on this
// PC and opens a window on it; in client mode it opens a window on the school's server.
// No business rules here: everything the journal does is in the server and the UI.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, session, type IpcMainInvokeEvent } from 'electron';
import { DESKTOP_CHANNELS } from '../../shared/desktop-api';
import { startJournalServer, type JournalServer } from '../server/journal-server';
import { createModeStore } from './mode-store';
import { chooseNativeBinding } from './native-binding';
import { denyAllPermissions, hardenWebContents, isInsideApp, secureWebPreferences } from './security';
import { ShellController } from './shell-controller';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const uiRoot = path.join(appRoot, 'dist', 'renderer');
const localPagesRoot = path.join(appRoot, 'dist', 'connect');
const preloadPath = path.join(appRoot, 'dist', 'preload', 'index.cjs');

let journalServer: JournalServer | null = null;
let mainWindow: BrowserWindow | null = null;

async function startLocalServer(port: number): Promise<string> {
  const binding = chooseNativeBinding(app.isPackaged, appRoot);
  if (binding.kind === 'missing') throw new Error(binding.message);
  const start = (listenPort: number) =>
    startJournalServer({
      dataDir: path.join(app.getPath('userData'), 'journal'),
      port: listenPort,
      uiDir: uiRoot,
      version: app.getVersion(),
      logLevel: 'warn',
      // The server PC: its removable drives take the yearly archive, and it keeps the daily backups.
      drives: { system: true, folderRoot: null },
      backups: true,
      // A restore from a backup is switched in when the server starts: close it and start it again on the
      // same port (the window's page waits for the server and reloads itself).
      onRestartRequested: () => void restartLocalServer(start),
      ...(binding.kind === 'development' ? { nativeBinding: binding.path } : {}),
    });
  journalServer = await start(port);
  return journalServer.url;
}

let restarting: Promise<void> | null = null;
function restartLocalServer(start: (port: number) => Promise<JournalServer>): Promise<void> {
  restarting ??= (async () => {
    const running = journalServer;
    if (!running) return;
    journalServer = null;
    await running.close();
    try {
      journalServer = await start(running.port);
    } catch (error) {
      dialog.showErrorBox('Электронный журнал', `Сервер журнала не перезапущен: ${(error as Error).message}`);
      app.quit();
    }
  })().finally(() => {
    restarting = null;
  });
  return restarting;
}

async function probeServer(origin: string): Promise<boolean> {
  const response = await fetch(`${origin}/api/v1/health`, { signal: AbortSignal.timeout(4000) });
  return response.ok && ((await response.json()) as { status?: string }).status === 'ok';
}

const controller = new ShellController({
  store: createModeStore(),
  version: app.getVersion(),
  startLocalServer,
  probeServer,
});

async function showStartPage(window: BrowserWindow): Promise<void> {
  try {
    const page = await controller.startPage();
    if (page.kind === 'server') await window.loadURL(page.url);
    else await window.loadFile(path.join(localPagesRoot, 'connect.html'));
  } catch (error) {
    dialog.showErrorBox('Электронный журнал', (error as Error).message);
    await window.loadFile(path.join(localPagesRoot, 'connect.html'));
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Электронный журнал',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  hardenWebContents(window.webContents, {
    allowedOrigin: () => controller.allowedOrigin(),
    localPagesRoot,
    openExternal: (url) => void shell.openExternal(url),
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

function installMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: 'Журнал',
        submenu: [
          { label: 'Печать…', accelerator: 'CmdOrCtrl+P', click: () => mainWindow?.webContents.print() },
          {
            label: 'Сменить режим или сервер…',
            click: () => {
              controller.resetMode();
              if (mainWindow) void showStartPage(mainWindow);
            },
          },
          { type: 'separator' },
          { label: 'Выход', role: 'quit' },
        ],
      },
      { label: 'Правка', role: 'editMenu' },
      { label: 'Вид', submenu: [{ role: 'reload', label: 'Обновить' }, { role: 'togglefullscreen', label: 'Во весь экран' }, { role: 'resetZoom', label: 'Обычный масштаб' }, { role: 'zoomIn', label: 'Крупнее' }, { role: 'zoomOut', label: 'Мельче' }] },
    ]),
  );
}

/**
 * Answers a channel only for the journal window; any other web contents is refused. With
 * `fromLocalPageOnly`, only the bundled first-run page may call it: a page served over the
 * LAN (or injected into one) must not be able to point this desktop at another server.
 */
function handleFromMainWindow(channel: string, listener: (...args: unknown[]) => unknown, fromLocalPageOnly = false): void {
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    if (!mainWindow || event.sender !== mainWindow.webContents) throw new Error('Запрос к оболочке не из окна журнала отклонён.');
    if (fromLocalPageOnly && !isInsideApp(event.senderFrame?.url ?? '', null, localPagesRoot)) {
      throw new Error('Сменить режим можно только на странице первого запуска или из меню «Журнал».');
    }
    return listener(...args);
  });
}

function registerIpc(): void {
  handleFromMainWindow(DESKTOP_CHANNELS.info, () => controller.info());
  handleFromMainWindow(DESKTOP_CHANNELS.chooseServerMode, async () => {
    const result = await controller.chooseServerMode();
    if (result.ok && mainWindow) void showStartPage(mainWindow);
    return result;
  }, true);
  handleFromMainWindow(DESKTOP_CHANNELS.chooseClientMode, async (address) => {
    const result = await controller.chooseClientMode(typeof address === 'string' ? address : '');
    if (result.ok && mainWindow) void showStartPage(mainWindow);
    return result;
  }, true);
  handleFromMainWindow(DESKTOP_CHANNELS.resetMode, () => {
    controller.resetMode();
    if (mainWindow) void showStartPage(mainWindow);
  }, true);
  handleFromMainWindow(DESKTOP_CHANNELS.print, () => mainWindow?.webContents.print());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => mainWindow?.focus());
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    installMenu();
    registerIpc();
    mainWindow = createWindow();
    await showStartPage(mainWindow);
  });
  app.on('window-all-closed', () => app.quit());
  let isQuitting = false;
  app.on('before-quit', (event) => {
    if (isQuitting || (!journalServer && !restarting)) return;
    // Finish in-flight writes and close the database cleanly before the process ends (after a restart in progress).
    event.preventDefault();
    isQuitting = true;
    void (async () => {
      await restarting;
      await journalServer?.close();
    })().finally(() => app.quit());
  });
}
