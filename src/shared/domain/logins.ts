// Logins are generated from a person's name (Latin letters, as school systems do), so the
// administrator does not invent them by hand. Transliteration follows the passport (ICAO) table.

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
};

export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((ch) => CYRILLIC_TO_LATIN[ch] ?? ch).join('');
}

export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/;

/** "Иванова", "Анна", "Петровна" -> "ivanova.ap" */
export function suggestLogin(lastName: string, firstName: string, middleName: string | null): string {
  const initials = transliterate(firstName).slice(0, 1) + transliterate(middleName ?? '').slice(0, 1);
  const base = `${transliterate(lastName)}.${initials}`.replace(/[^a-z0-9.]/g, '');
  return base.length >= 3 ? base.slice(0, 36) : `user.${base}`;
}
