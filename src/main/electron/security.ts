// Every security setting of the Electron shell in one place (Electron's security checklist):
// isolated, sandboxed renderers without Node; no navigation away from the journal; no new
// windows (links to other sites open in the system browser); no permission prompts.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Session, WebContents, WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: true,
  };
}

/** Is `url` inside the application: the journal server's origin or the bundled local pages? */
export function isInsideApp(url: string, allowedOrigin: string | null, localPagesRoot: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    // Compare real paths, not text: "/dist/connectX" is not inside "/dist/connect", and
    // file:///C:/... must match C:\... on Windows.
    let file: string;
    try {
      file = fileURLToPath(parsed);
    } catch {
      return false;
    }
    const relative = path.relative(localPagesRoot, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }
  return allowedOrigin !== null && parsed.origin === allowedOrigin;
}

export function isExternalWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url) || /^mailto:/i.test(url);
}

export interface HardeningOptions {
  allowedOrigin: () => string | null;
  localPagesRoot: string;
  openExternal: (url: string) => void;
}

export function hardenWebContents(contents: WebContents, options: HardeningOptions): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isInsideApp(url, options.allowedOrigin(), options.localPagesRoot)) return;
    event.preventDefault();
    if (isExternalWebLink(url)) options.openExternal(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url) && !isInsideApp(url, options.allowedOrigin(), options.localPagesRoot)) options.openExternal(url);
    return { action: 'deny' };
  });
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
