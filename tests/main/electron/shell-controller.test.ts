// Proves the shell's decisions: start page, choosing server or client mode, checking and remembering the server address, including against a real journal server.

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ModeStore } from '../../../src/main/electron/mode-store';
import { ShellController, type ShellDependencies } from '../../../src/main/electron/shell-controller';
import { startJournalServer, type JournalServer } from '../../../src/main/server/journal-server';

type Settings = ReturnType<ModeStore['get']>;

function memoryStore(initial: Partial<Settings> = {}): ModeStore & { writes: Partial<Settings>[] } {
  let settings: Settings = { mode: null, serverUrl: null, port: 8585, ...initial };
  const writes: Partial<Settings>[] = [];
  return {
    writes,
    get: () => ({ ...settings }),
    set: (changes) => {
      writes.push(changes);
      settings = { ...settings, ...changes };
    },
  };
}

function setup(options: { initial?: Partial<Settings>; probe?: (origin: string) => Promise<boolean>; start?: (port: number) => Promise<string> } = {}) {
  const store = memoryStore(options.initial);
  const startLocalServer = vi.fn(options.start ?? (async (port: number) => `http://127.0.0.1:${port}`));
  const probeServer = vi.fn(options.probe ?? (async () => true));
  const deps: ShellDependencies = { store, version: '0.1.0', startLocalServer, probeServer };
  return { store, startLocalServer, probeServer, controller: new ShellController(deps) };
}

describe('ShellController', () => {
  it('asks for a mode on the first start', async () => {
    const { controller, startLocalServer } = setup();
    expect(await controller.startPage()).toEqual({ kind: 'choose-mode' });
    expect(controller.allowedOrigin()).toBeNull();
    expect(controller.info()).toEqual({ version: '0.1.0', mode: null, serverUrl: null });
    expect(startLocalServer).not.toHaveBeenCalled();
  });

  it('server mode starts the local server once, remembers the mode and opens the server', async () => {
    const { controller, store, startLocalServer } = setup();
    expect(await controller.chooseServerMode()).toEqual({ ok: true });
    expect(store.get()).toMatchObject({ mode: 'server', serverUrl: null });
    expect(await controller.startPage()).toEqual({ kind: 'server', url: 'http://127.0.0.1:8585' });
    expect(await controller.startPage()).toEqual({ kind: 'server', url: 'http://127.0.0.1:8585' });
    expect(await controller.chooseServerMode()).toEqual({ ok: true });
    expect(startLocalServer).toHaveBeenCalledTimes(1);
    expect(startLocalServer).toHaveBeenCalledWith(8585);
    expect(controller.allowedOrigin()).toBe('http://127.0.0.1:8585');
    expect(controller.info().mode).toBe('server');
  });

  it('a remembered server mode starts the server on the remembered port at the next start', async () => {
    const { controller, startLocalServer } = setup({ initial: { mode: 'server', port: 9090 } });
    expect(controller.allowedOrigin()).toBeNull();
    expect(await controller.startPage()).toEqual({ kind: 'server', url: 'http://127.0.0.1:9090' });
    expect(startLocalServer).toHaveBeenCalledWith(9090);
    expect(controller.allowedOrigin()).toBe('http://127.0.0.1:9090');
  });

  it('a server that fails to start is reported in Russian and the mode is not remembered', async () => {
    const { controller, store } = setup({
      start: async () => {
        throw new Error('порт 8585 занят');
      },
    });
    const result = await controller.chooseServerMode();
    expect(result).toEqual({ ok: false, message: 'Не удалось запустить сервер журнала: порт 8585 занят' });
    expect(store.writes).toEqual([]);
    expect(store.get().mode).toBeNull();
  });

  it('refuses a malformed address with a Russian message and remembers nothing', async () => {
    const { controller, store, probeServer } = setup();
    const empty = await controller.chooseClientMode('   ');
    expect(empty).toEqual({ ok: false, message: expect.stringContaining('Введите адрес сервера') });
    const ftp = await controller.chooseClientMode('ftp://192.168.1.10');
    expect(ftp).toEqual({ ok: false, message: 'Адрес должен начинаться с http:// или https://' });
    expect(probeServer).not.toHaveBeenCalled();
    expect(store.writes).toEqual([]);
  });

  it('refuses an address where no journal server answers, naming the origin', async () => {
    const { controller, store, probeServer } = setup({ probe: async () => false });
    const result = await controller.chooseClientMode('192.168.1.10');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('http://192.168.1.10:8585');
    expect(result.message).toContain('сервер журнала не отвечает');
    expect(probeServer).toHaveBeenCalledWith('http://192.168.1.10:8585');
    expect(store.writes).toEqual([]);
    expect(controller.allowedOrigin()).toBeNull();
  });

  it('treats a failing probe (network error) like an unreachable server', async () => {
    const { controller, store } = setup({ probe: () => Promise.reject(new TypeError('fetch failed')) });
    const result = await controller.chooseClientMode('server.school.local');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('http://server.school.local:8585') });
    expect(store.writes).toEqual([]);
  });

  it('remembers the normalised origin of a server that answers', async () => {
    const { controller, store, probeServer, startLocalServer } = setup();
    expect(await controller.chooseClientMode('  192.168.1.10  ')).toEqual({ ok: true });
    expect(probeServer).toHaveBeenCalledWith('http://192.168.1.10:8585');
    expect(store.get()).toMatchObject({ mode: 'client', serverUrl: 'http://192.168.1.10:8585' });
    expect(await controller.startPage()).toEqual({ kind: 'server', url: 'http://192.168.1.10:8585' });
    expect(controller.allowedOrigin()).toBe('http://192.168.1.10:8585');
    expect(controller.info()).toEqual({ version: '0.1.0', mode: 'client', serverUrl: 'http://192.168.1.10:8585' });
    expect(startLocalServer).not.toHaveBeenCalled();
  });

  it('resetMode forgets the mode and the address', async () => {
    const { controller, store } = setup({ initial: { mode: 'client', serverUrl: 'http://192.168.1.10:8585' } });
    expect(controller.allowedOrigin()).toBe('http://192.168.1.10:8585');
    controller.resetMode();
    expect(store.get()).toMatchObject({ mode: null, serverUrl: null });
    expect(controller.allowedOrigin()).toBeNull();
    expect(await controller.startPage()).toEqual({ kind: 'choose-mode' });
  });

  it('trusts a remembered address only in client mode', async () => {
    const { controller } = setup({ initial: { mode: null, serverUrl: 'http://192.168.1.10:8585' } });
    expect(controller.allowedOrigin()).toBeNull();
    expect(await controller.startPage()).toEqual({ kind: 'choose-mode' });
  });

  it('a client mode without an address asks for the mode again', async () => {
    const { controller } = setup({ initial: { mode: 'client', serverUrl: null } });
    expect(await controller.startPage()).toEqual({ kind: 'choose-mode' });
  });
});

describe('ShellController against a real journal server', () => {
  let server: JournalServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-shell-'));
    server = await startJournalServer({ dataDir, port: 0, logLevel: 'silent' });
  });

  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // The same check main.ts performs before remembering an address.
  async function probeServer(origin: string): Promise<boolean> {
    const response = await fetch(`${origin}/api/v1/health`, { signal: AbortSignal.timeout(4000) });
    return response.ok && ((await response.json()) as { status?: string }).status === 'ok';
  }

  /** A port that was free a moment ago: listen on port 0, note the port, close. */
  async function freedPort(): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  it('accepts the address of a running journal server', async () => {
    const store = memoryStore();
    const controller = new ShellController({ store, version: '0.1.0', startLocalServer: () => Promise.reject(new Error('not used')), probeServer });
    const address = `127.0.0.1:${server.port}`;
    expect(await controller.chooseClientMode(address)).toEqual({ ok: true });
    expect(store.get()).toMatchObject({ mode: 'client', serverUrl: `http://127.0.0.1:${server.port}` });
  });

  it('refuses a port where nothing listens', async () => {
    const store = memoryStore();
    const controller = new ShellController({ store, version: '0.1.0', startLocalServer: () => Promise.reject(new Error('not used')), probeServer });
    const port = await freedPort();
    const result = await controller.chooseClientMode(`127.0.0.1:${port}`);
    expect(result).toEqual({ ok: false, message: expect.stringContaining(`http://127.0.0.1:${port} `) });
    expect(store.writes).toEqual([]);
  });
});
