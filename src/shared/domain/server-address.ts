// What a teacher types as the journal server's address ("192.168.1.10", "server:8585",
// "http://journal.school.local") becomes one normalised origin, or a Russian explanation.

export const DEFAULT_SERVER_PORT = 8585;

export type ParsedAddress = { ok: true; origin: string } | { ok: false; message: string };

export function parseServerAddress(input: string): ParsedAddress {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Введите адрес сервера журнала, например 192.168.1.10' };
  // "mailto:x", "javascript:x": schemes without "//" that would otherwise read as "user:password@".
  if (/^(mailto|javascript|data|file|tel|about|blob|vbscript):/i.test(text)) {
    return { ok: false, message: 'Адрес должен начинаться с http:// или https://' };
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `«${text}» не похоже на адрес компьютера` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'Адрес должен начинаться с http:// или https://' };
  }
  if (url.username || url.password) return { ok: false, message: 'Адрес не должен содержать имя пользователя или пароль' };
  const authority = withScheme.slice(withScheme.indexOf('://') + 3).split(/[/?#]/)[0] ?? '';
  // The port typed by the user, if any: after the host, or after "]" of an IPv6 address.
  const typedPort = /^(?:\[[^\]]*\]|[^:]*):(\d+)$/.exec(authority)?.[1];
  if (typedPort !== undefined && Number(typedPort) === 0) return { ok: false, message: 'Номер порта должен быть от 1 до 65535' };
  if (typedPort === undefined && url.protocol === 'http:') url.port = String(DEFAULT_SERVER_PORT);
  return { ok: true, origin: url.origin };
}
