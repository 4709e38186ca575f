// The preload: exposes `window.desktop` (see shared/desktop-api.ts) and nothing else.
// Runs sandboxed, so it may only use contextBridge and ipcRenderer.

import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_CHANNELS, type DesktopApi } from '../shared/desktop-api';

const desktop: DesktopApi = {
  info: () => ipcRenderer.invoke(DESKTOP_CHANNELS.info),
  chooseServerMode: () => ipcRenderer.invoke(DESKTOP_CHANNELS.chooseServerMode),
  chooseClientMode: (address: string) => ipcRenderer.invoke(DESKTOP_CHANNELS.chooseClientMode, String(address)),
  resetMode: () => ipcRenderer.invoke(DESKTOP_CHANNELS.resetMode),
  print: () => ipcRenderer.invoke(DESKTOP_CHANNELS.print),
};

contextBridge.exposeInMainWorld('desktop', desktop);
