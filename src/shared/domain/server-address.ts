// What a teacher types as the journal server's address ("192.168.1.10", "server:8585",
// "http://journal.school.local") becomes one normalised origin, or a Russian explanation.

export const DEFAULT_SERVER_PORT = 8585;

export type ParsedAddress = { ok: true; origin: string } | { ok: false; message: string };

export function parseServerAddress(input: string): ParsedAddress {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Введите адрес сервера журнала, например 192.168.1.10' };
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
  if (!url.port && !/^[a-z]+:\/\/[^/]+:\d+/i.test(withScheme) && url.protocol === 'http:') url.port = String(DEFAULT_SERVER_PORT);
  return { ok: true, origin: url.origin };
}
