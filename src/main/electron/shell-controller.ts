// The shell's decisions, separated from Electron's objects so they can be unit-tested:
// which page to show at start, what choosing a mode does, and how a client's server
// address is checked before it is remembered.

import type { ChooseModeResult, DesktopInfo } from '../../shared/desktop-api';
import { parseServerAddress } from '../../shared/domain/server-address';
import type { ModeStore } from './mode-store';

export interface ShellDependencies {
  store: ModeStore;
  version: string;
  /** Starts the journal server on this PC; returns its local URL. */
  startLocalServer(port: number): Promise<string>;
  /** GET <origin>/api/v1/health; resolves true when a journal server answers. */
  probeServer(origin: string): Promise<boolean>;
}

export type StartPage = { kind: 'choose-mode' } | { kind: 'server'; url: string };

export class ShellController {
  private localServerUrl: string | null = null;

  constructor(private readonly deps: ShellDependencies) {}

  info(): DesktopInfo {
    const settings = this.deps.store.get();
    return { version: this.deps.version, mode: settings.mode, serverUrl: settings.serverUrl };
  }

  /** The origin the window may show; navigation anywhere else is refused. */
  allowedOrigin(): string | null {
    const settings = this.deps.store.get();
    if (settings.mode === 'server') return this.localServerUrl;
    return settings.mode === 'client' ? settings.serverUrl : null;
  }

  async startPage(): Promise<StartPage> {
    const settings = this.deps.store.get();
    if (settings.mode === 'server') return { kind: 'server', url: await this.ensureLocalServer() };
    if (settings.mode === 'client' && settings.serverUrl) return { kind: 'server', url: settings.serverUrl };
    return { kind: 'choose-mode' };
  }

  async chooseServerMode(): Promise<ChooseModeResult> {
    try {
      await this.ensureLocalServer();
    } catch (error) {
      return { ok: false, message: `Не удалось запустить сервер журнала: ${(error as Error).message}` };
    }
    this.deps.store.set({ mode: 'server', serverUrl: null });
    return { ok: true };
  }

  async chooseClientMode(address: string): Promise<ChooseModeResult> {
    const parsed = parseServerAddress(address);
    if (!parsed.ok) return parsed;
    const answers = await this.deps.probeServer(parsed.origin).catch(() => false);
    if (!answers) {
      return {
        ok: false,
        message: `По адресу ${parsed.origin} сервер журнала не отвечает. Проверьте адрес и что на компьютере администратора включён доступ из локальной сети.`,
      };
    }
    this.deps.store.set({ mode: 'client', serverUrl: parsed.origin });
    return { ok: true };
  }

  resetMode(): void {
    this.deps.store.set({ mode: null, serverUrl: null });
  }

  private async ensureLocalServer(): Promise<string> {
    this.localServerUrl ??= await this.deps.startLocalServer(this.deps.store.get().port);
    return this.localServerUrl;
  }
}
