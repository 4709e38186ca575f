// Proves the Electron shell's security settings: isolated sandboxed renderers, no navigation or new windows outside the journal, no webviews, no permissions.

import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, hardenWebContents, isInsideApp, secureWebPreferences } from '../../../src/main/electron/security';

type NavigationHandler = (event: { preventDefault(): void }, url: string) => void;
type WindowOpenHandler = (details: { url: string }) => { action: string };

/** A WebContents stand-in that only records the handlers the shell installs. */
class FakeWebContents {
  readonly listeners = new Map<string, NavigationHandler[]>();
  windowOpenHandler: WindowOpenHandler | null = null;

  on(event: string, handler: NavigationHandler): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), handler]);
    return this;
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** Emits `event` like Electron does; returns whether some handler called preventDefault(). */
  emit(event: string, url: string): boolean {
    const handlers = this.listeners.get(event) ?? [];
    expect(handlers.length, `no handler for ${event}`).toBeGreaterThan(0);
    let prevented = false;
    for (const handler of handlers) handler({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }

  open(url: string): { action: string } {
    if (!this.windowOpenHandler) throw new Error('setWindowOpenHandler was not called');
    return this.windowOpenHandler({ url });
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;

class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }
}

const ORIGIN = 'http://192.168.1.10:8585';
const LOCAL_PAGES = '/opt/journal/dist/connect';

function hardened(allowedOrigin: string | null = ORIGIN) {
  const contents = new FakeWebContents();
  const openExternal = vi.fn<(url: string) => void>();
  hardenWebContents(contents as unknown as WebContents, { allowedOrigin: () => allowedOrigin, localPagesRoot: LOCAL_PAGES, openExternal });
  return { contents, openExternal };
}

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer, without Node, webviews or relaxed web security', () => {
    const prefs = secureWebPreferences('/opt/journal/dist/preload/index.cjs');
    expect(prefs.preload).toBe('/opt/journal/dist/preload/index.cjs');
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
  });
});

describe('navigation guard', () => {
  it('prevents navigation to a foreign site and opens web links in the system browser', () => {
    const { contents, openExternal } = hardened();
    expect(contents.emit('will-navigate', 'https://example.com/phishing')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://example.com/phishing');
    expect(contents.emit('will-navigate', 'http://evil.test/')).toBe(true);
    expect(openExternal).toHaveBeenLastCalledWith('http://evil.test/');
  });

  it('treats another port or scheme of the same host as a foreign origin', () => {
    const { contents, openExternal } = hardened();
    expect(contents.emit('will-navigate', 'http://192.168.1.10:9999/')).toBe(true);
    expect(contents.emit('will-navigate', 'https://192.168.1.10:8585/')).toBe(true);
    expect(openExternal).toHaveBeenCalledTimes(2);
  });

  it('lets the window move within the journal server', () => {
    const { contents, openExternal } = hardened();
    expect(contents.emit('will-navigate', `${ORIGIN}/journal/5a?term=2`)).toBe(false);
    expect(contents.emit('will-redirect', `${ORIGIN}/login`)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('allows the bundled local pages but no other file', () => {
    const { contents, openExternal } = hardened();
    expect(contents.emit('will-navigate', `file://${LOCAL_PAGES}/connect.html`)).toBe(false);
    expect(contents.emit('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emit('will-navigate', 'file:///opt/journal/dist/renderer/index.html')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('allows nothing but local pages before a mode is chosen', () => {
    const { contents } = hardened(null);
    expect(contents.emit('will-navigate', `${ORIGIN}/`)).toBe(true);
    expect(contents.emit('will-navigate', `file://${LOCAL_PAGES}/connect.html`)).toBe(false);
  });

  it('guards redirects as well as navigations', () => {
    const { contents, openExternal } = hardened();
    expect(contents.emit('will-redirect', 'https://example.com/')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://example.com/');
  });

  it('never hands javascript: or other non-web URLs to the system', () => {
    const { contents, openExternal } = hardened();
    expect(contents.emit('will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(contents.emit('will-navigate', 'ms-settings:privacy')).toBe(true);
    expect(contents.emit('will-navigate', 'not a url')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });
});

describe('new windows', () => {
  it('always denies window.open and sends external links to the system browser', () => {
    const { contents, openExternal } = hardened();
    expect(contents.open('https://example.com/help')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/help');
    expect(contents.open('mailto:director@school.ru')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenLastCalledWith('mailto:director@school.ru');
  });

  it('denies windows on the journal itself without opening a browser', () => {
    const { contents, openExternal } = hardened();
    expect(contents.open(`${ORIGIN}/print`)).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('does not open javascript: or file: URLs anywhere', () => {
    const { contents, openExternal } = hardened();
    expect(contents.open('javascript:alert(document.cookie)')).toEqual({ action: 'deny' });
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });
});

describe('webviews and permissions', () => {
  it('prevents attaching a webview', () => {
    const { contents } = hardened();
    expect(contents.emit('will-attach-webview', 'about:blank')).toBe(true);
  });

  it('refuses every permission request and check', () => {
    const session = new FakeSession();
    denyAllPermissions(session as unknown as Session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      session.requestHandler?.({}, permission, (granted) => answers.push(granted));
      expect(session.checkHandler?.({}, permission)).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false]);
  });
});

describe('isInsideApp', () => {
  it('accepts only the allowed origin and the local pages folder', () => {
    expect(isInsideApp(`${ORIGIN}/a`, ORIGIN, LOCAL_PAGES)).toBe(true);
    expect(isInsideApp('http://192.168.1.11:8585/a', ORIGIN, LOCAL_PAGES)).toBe(false);
    expect(isInsideApp(`file://${LOCAL_PAGES}/connect.html`, null, LOCAL_PAGES)).toBe(true);
    expect(isInsideApp('file:///tmp/x.html', ORIGIN, LOCAL_PAGES)).toBe(false);
    expect(isInsideApp('%%%', ORIGIN, LOCAL_PAGES)).toBe(false);
  });
});

describe('isInsideApp: local pages by real path', () => {
  it('refuses a neighbouring folder whose name only starts like the pages folder', async () => {
    const { isInsideApp } = await import('../../../src/main/electron/security');
    expect(isInsideApp('file:///app/dist/connect/connect.html', null, '/app/dist/connect')).toBe(true);
    expect(isInsideApp('file:///app/dist/connectX/evil.html', null, '/app/dist/connect')).toBe(false);
    expect(isInsideApp('file:///app/dist/connect/../renderer/x.html', null, '/app/dist/connect')).toBe(false);
  });
});
