// Who is signed in, and the app's top-level state: loading, first-run setup, signed out, signed in.

import { create } from 'zustand';
import { api } from '../../shared/api/contract';
import type { BodyOf } from '../../shared/api/endpoint';
import type { Me } from '../../shared/api/schemas';
import { call, onUnauthenticated } from '../api/client';

type Status = 'loading' | 'needs-setup' | 'signed-out' | 'signed-in' | 'offline';

interface SessionState {
  status: Status;
  me: Me | null;
  schoolName: string | null;
  /** Shown on the login page after an expired session. */
  notice: string | null;
  load(): Promise<void>;
  setUp(body: BodyOf<typeof api.setup>): Promise<void>;
  logIn(login: string, password: string): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  logOut(): Promise<void>;
}

export const useSession = create<SessionState>((set) => ({
  status: 'loading',
  me: null,
  schoolName: null,
  notice: null,
  async load() {
    try {
      const setup = await call(api.setupStatus);
      if (!setup.isSetUp) return set({ status: 'needs-setup', me: null, schoolName: null });
      set({ schoolName: setup.schoolName });
      const me = await call(api.me).catch(() => null);
      set(me ? { status: 'signed-in', me } : { status: 'signed-out', me: null });
    } catch {
      set({ status: 'offline' });
    }
  },
  async setUp(body) {
    const me = await call(api.setup, { body });
    set({ status: 'signed-in', me, schoolName: me.schoolName, notice: null });
  },
  async logIn(login, password) {
    const me = await call(api.login, { body: { login, password } });
    set({ status: 'signed-in', me, notice: null });
  },
  async changePassword(currentPassword, newPassword) {
    const me = await call(api.changePassword, { body: { currentPassword, newPassword } });
    set({ me });
  },
  async logOut() {
    await call(api.logout, { body: {} }).catch(() => undefined);
    set({ status: 'signed-out', me: null, notice: null });
  },
}));

onUnauthenticated(() => {
  if (useSession.getState().status === 'signed-in') {
    useSession.setState({ status: 'signed-out', me: null, notice: 'Сеанс завершён. Войдите снова.' });
  }
});
