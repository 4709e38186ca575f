// Host and Origin checks: DNS rebinding and cross-site writes are refused; the school's own
// names for the server PC are accepted, LAN names only while LAN access is on.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { isAllowedHost, isSameOrigin } from '../../src/main/server/request-guards';
import { Client, setUpSchool, startTestServer } from './helpers/test-server';

const closed = { isLanOpen: false, lanAddresses: ['192.168.1.10'], hostname: 'office-pc' };
const open = { ...closed, isLanOpen: true };

describe('host policy', () => {
  it('accepts loopback names always, LAN names only while LAN access is on', () => {
    for (const host of ['127.0.0.1:8585', 'localhost:8585', '[::1]:8585', 'LOCALHOST']) expect(isAllowedHost(host, closed)).toBe(true);
    for (const host of ['192.168.1.10:8585', 'office-pc:8585', 'office-pc.local']) {
      expect(isAllowedHost(host, closed)).toBe(false);
      expect(isAllowedHost(host, open)).toBe(true);
    }
    for (const host of ['evil.example:8585', '192.168.1.11:8585', '', 'localhost.evil.example']) expect(isAllowedHost(host, open)).toBe(false);
    expect(isAllowedHost(undefined, open)).toBe(false);
  });

  it('treats Origin: null and garbage as foreign', () => {
    expect(isSameOrigin('http://127.0.0.1:8585', '127.0.0.1:8585')).toBe(true);
    expect(isSameOrigin('null', '127.0.0.1:8585')).toBe(false);
    expect(isSameOrigin('::::', '127.0.0.1:8585')).toBe(false);
    expect(isSameOrigin('http://evil.example', '127.0.0.1:8585')).toBe(false);
  });
});

describe('over HTTP', () => {
  it('refuses a rebinding page that sets up the school under its own name, and Origin: null', async () => {
    const t = await startTestServer();
    // fetch() will not send a foreign Host header; node:http will, as a rebinding browser does.
    const rebound = await rawPost(t.server.port, '/api/v1/setup', { host: 'evil.example:8585', origin: 'http://evil.example:8585' }, {
      schoolName: 'Чужая',
      admin: { lastName: 'А', firstName: 'Б', middleName: null, login: 'evil', password: 'Злоумышленник1' },
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body.detail).toContain('по чужому имени');
    expect((await new Client(t.server.url).get<{ isSetUp: boolean }>('/api/v1/setup')).body.isSetUp).toBe(false);
    const admin = await setUpSchool(t.server.url);
    const nullOrigin = await admin.request('POST', '/api/v1/auth/logout', {}, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    await t.close();
  });
});

function rawPost(port: number, path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: { detail: string } }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { detail: string } }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}
