// Activation codes with which a parent attaches their account to their child (3.3: the class teacher hands
// them out on a printed sheet). Pure rules: making a code that is easy to read aloud and type, reading back
// what a parent typed, and whether a stored code still works. The server keeps only a hash of the code.

/**
 * No look-alikes: neither O nor 0, neither I, L nor 1; the letters Z, S and B are left out for 2, 5 and 8.
 * 28 symbols, 10 of them per code: about 48 bits, enough for a code that lives 30 days, works once and is
 * checked by a throttled server.
 */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY23456789';
export const CODE_LENGTH = 10;
const GROUP_SIZE = 5;
export const ACTIVATION_CODE_DAYS = 30;
const MS_PER_DAY = 86_400_000;

/** Cyrillic letters that look like Latin ones (a parent may type on the Russian layout), upper case. */
const CYRILLIC_LOOK_ALIKES: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  С: 'C',
  Е: 'E',
  Н: 'H',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  Т: 'T',
  У: 'Y',
  Х: 'X',
};

/** Spaces and every kind of dash or dot a parent may type between the groups. */
const SEPARATORS = /[\s\-‐‑‒–—―_.·]/g;

/** Random bytes from the platform's CSPRNG (Web Crypto: the same in Node, browsers and tests). */
function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

/**
 * A new code, normalised (no separators): uniform over the alphabet (bytes at or above the largest multiple
 * of the alphabet's size are thrown away instead of folded, so no symbol is more likely than another).
 */
export function generateActivationCode(random: (count: number) => Uint8Array = randomBytes): string {
  const size = CODE_ALPHABET.length;
  const limit = 256 - (256 % size);
  let code = '';
  while (code.length < CODE_LENGTH) {
    for (const byte of random(CODE_LENGTH * 2)) {
      if (byte < limit && code.length < CODE_LENGTH) code += CODE_ALPHABET[byte % size];
    }
  }
  return code;
}

/** 'K7MQX-4TPRW': how a code is printed and shown, in groups of five. */
export function formatActivationCode(code: string): string {
  const plain = normaliseActivationCode(code);
  const groups: string[] = [];
  for (let i = 0; i < plain.length; i += GROUP_SIZE) groups.push(plain.slice(i, i + GROUP_SIZE));
  return groups.join('-');
}

/** What a parent typed, as stored: upper case, without spaces and dashes, Cyrillic look-alikes as Latin. */
export function normaliseActivationCode(input: string): string {
  return [...input.normalize('NFKC').toUpperCase().replace(SEPARATORS, '')].map((ch) => CYRILLIC_LOOK_ALIKES[ch] ?? ch).join('');
}

/** The normalised input could be a code at all (checked before any lookup). */
export function isWellFormedActivationCode(normalised: string): boolean {
  return normalised.length === CODE_LENGTH && [...normalised].every((ch) => CODE_ALPHABET.includes(ch));
}

/** When a code issued at `issuedAt` stops working. */
export function activationCodeExpiry(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + ACTIVATION_CODE_DAYS * MS_PER_DAY);
}

export type ActivationCodeState = 'active' | 'used' | 'revoked' | 'expired';

export interface StoredActivationCode {
  /** UTC ISO-8601 timestamps as stored. */
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
}

/** A code works once, until it expires or a newer code for the same pupil revokes it. */
export function activationCodeState(code: StoredActivationCode, now: Date): ActivationCodeState {
  if (code.usedAt !== null) return 'used';
  if (code.revokedAt !== null) return 'revoked';
  if (Date.parse(code.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** What a parent is told when a code does not work (the same words whatever the reason is not shown). */
export const ACTIVATION_CODE_MESSAGES: Readonly<Record<Exclude<ActivationCodeState, 'active'> | 'unknown', string>> = {
  unknown: 'Код не найден. Проверьте, что он введён так, как напечатан на листке.',
  used: 'Этот код уже использован. Попросите у классного руководителя новый код.',
  revoked: 'Этот код заменён новым. Попросите у классного руководителя действующий код.',
  expired: 'Срок действия кода истёк. Попросите у классного руководителя новый код.',
};
