// Proves that a typed journal server address becomes one normalised origin (default port 8585 for http) or a Russian explanation.

import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_PORT, parseServerAddress } from '../../src/shared/domain/server-address';

const origin = (input: string) => {
  const parsed = parseServerAddress(input);
  if (!parsed.ok) throw new Error(`expected «${input}» to parse, got: ${parsed.message}`);
  return parsed.origin;
};
const message = (input: string) => {
  const parsed = parseServerAddress(input);
  if (parsed.ok) throw new Error(`expected «${input}» to be refused, got ${parsed.origin}`);
  return parsed.message;
};

describe('parseServerAddress', () => {
  it('asks for an address when nothing is typed', () => {
    expect(message('')).toBe('Введите адрес сервера журнала, например 192.168.1.10');
    expect(message('   \t ')).toBe('Введите адрес сервера журнала, например 192.168.1.10');
  });

  it('explains that garbage is not a computer address, quoting the trimmed input', () => {
    expect(message('  два слова ')).toBe('«два слова» не похоже на адрес компьютера');
    expect(message('http://')).toBe('«http://» не похоже на адрес компьютера');
    expect(message('server:99999')).toBe('«server:99999» не похоже на адрес компьютера');
  });

  it('accepts only http and https', () => {
    expect(message('ftp://192.168.1.10')).toBe('Адрес должен начинаться с http:// или https://');
    expect(message('file:///etc/passwd')).toBe('Адрес должен начинаться с http:// или https://');
  });

  it('refuses addresses with a user name or password', () => {
    const expected = 'Адрес не должен содержать имя пользователя или пароль';
    expect(message('user:pass@192.168.1.10')).toBe(expected);
    expect(message('http://admin@server')).toBe(expected);
    expect(message('https://a:b@journal.school.ru')).toBe(expected);
  });

  it('adds http:// and the journal port to a bare host', () => {
    expect(DEFAULT_SERVER_PORT).toBe(8585);
    expect(origin('192.168.1.10')).toBe('http://192.168.1.10:8585');
    expect(origin('  server  ')).toBe('http://server:8585');
    expect(origin('HTTP://Server.Local')).toBe('http://server.local:8585');
  });

  it('keeps a port the user typed, even the scheme default', () => {
    expect(origin('server:9000')).toBe('http://server:9000');
    expect(origin('localhost:8585')).toBe('http://localhost:8585');
    expect(origin('http://192.168.1.10:8585')).toBe('http://192.168.1.10:8585');
    // URL drops :80 from the origin, but the typed port is not replaced by 8585.
    expect(origin('http://server:80')).toBe('http://server');
  });

  it('keeps https without a port as it is (a proxy on 443), and https with a port', () => {
    expect(origin('https://journal.school.ru')).toBe('https://journal.school.ru');
    expect(origin('https://journal.school.ru:443')).toBe('https://journal.school.ru');
    expect(origin('https://journal:8443')).toBe('https://journal:8443');
  });

  it('drops the path, query and fragment', () => {
    expect(origin('http://192.168.1.10:8585/login?next=%2F#top')).toBe('http://192.168.1.10:8585');
    expect(origin('192.168.1.10/journal')).toBe('http://192.168.1.10:8585');
  });
});

describe('parseServerAddress: edge cases', () => {
  it('adds the default port to IPv6 addresses and keeps a typed one', () => {
    expect(origin('[::1]')).toBe('http://[::1]:8585');
    expect(origin('[fe80::1]:9000')).toBe('http://[fe80::1]:9000');
  });
  it('refuses port 0 and schemes without slashes', () => {
    expect(message('server:0')).toBe('Номер порта должен быть от 1 до 65535');
    expect(message('mailto:a@b')).toBe('Адрес должен начинаться с http:// или https://');
    expect(message('javascript:alert(1)')).toBe('Адрес должен начинаться с http:// или https://');
    expect(origin('server:8586')).toBe('http://server:8586');
  });
});
