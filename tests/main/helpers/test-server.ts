// A real journal server on an ephemeral port with a real SQLite file in a temp folder,
// and a small HTTP client that keeps the session cookie like a browser does.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startJournalServer, type JournalServer, type JournalServerOptions } from '../../../src/main/server/journal-server';

export interface TestServer {
  server: JournalServer;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'journal-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestServer(dataDir = tempDir(), options: { journalClock?: () => Date; drives?: JournalServerOptions['drives'] } = {}): Promise<TestServer> {
  const server = await startJournalServer({ dataDir, port: 0, uiDir: null, logLevel: 'silent', version: 'test', ...options });
  return {
    server,
    dataDir,
    close: async () => {
      await server.close();
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class Client {
  cookie: string | null = null;
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(this.baseUrl + url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const value = setCookie.split(';')[0]!;
      this.cookie = value.endsWith('=') ? null : value;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (PDF, HTML)
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = Record<string, unknown>>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = Record<string, unknown>>(url: string, body: unknown = {}) {
    return this.request<T>('POST', url, body);
  }
  patch<T = Record<string, unknown>>(url: string, body: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  put<T = Record<string, unknown>>(url: string, body: unknown) {
    return this.request<T>('PUT', url, body);
  }
}

export const ADMIN_PASSWORD = 'Админ2026пароль';

/** First-run setup through the API; returns the administrator's signed-in client. */
export async function setUpSchool(baseUrl: string): Promise<Client> {
  const admin = new Client(baseUrl);
  const reply = await admin.post('/api/v1/setup', {
    schoolName: 'МАОУ «Тестовая СОШ»',
    admin: { lastName: 'Кузнецова', firstName: 'Ольга', middleName: null, login: 'admin', password: ADMIN_PASSWORD },
  });
  if (reply.status !== 200) throw new Error(`setup failed: ${JSON.stringify(reply.body)}`);
  return admin;
}

export async function logIn(baseUrl: string, login: string, password: string): Promise<Client> {
  const client = new Client(baseUrl);
  const reply = await client.post('/api/v1/auth/login', { login, password });
  if (reply.status !== 200) throw new Error(`login ${login} failed: ${JSON.stringify(reply.body)}`);
  return client;
}
