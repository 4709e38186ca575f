// Parents' activation codes: readable codes, forgiving input, and the one-use, 30-day validity rule.
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_CODE_DAYS,
  activationCodeExpiry,
  activationCodeState,
  CODE_ALPHABET,
  CODE_LENGTH,
  formatActivationCode,
  generateActivationCode,
  isWellFormedActivationCode,
  normaliseActivationCode,
} from '../../src/shared/domain/activation-codes';

describe('generating codes', () => {
  it('gives 10 symbols of an alphabet without look-alikes', () => {
    for (const ch of '0O1IL') expect(CODE_ALPHABET).not.toContain(ch);
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
    for (let i = 0; i < 200; i++) {
      const code = generateActivationCode();
      expect(code).toHaveLength(CODE_LENGTH);
      expect(isWellFormedActivationCode(code)).toBe(true);
    }
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateActivationCode()));
    expect(codes.size).toBe(2000);
  });

  it('throws away bytes that would bias the alphabet', () => {
    // 252 = 9 × 28 is the first byte outside the uniform range; 255 too. Byte 0 is 'A', 29 is 'C'.
    let call = 0;
    const random = (n: number) => {
      call++;
      return Uint8Array.from({ length: n }, (_, i) => (call === 1 ? (i % 2 === 0 ? 252 : 255) : i % 2 === 0 ? 0 : 29));
    };
    expect(generateActivationCode(random)).toBe('ACACACACAC');
    expect(call).toBe(2);
  });

  it('uses every symbol about equally', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2800; i++) for (const ch of generateActivationCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(CODE_ALPHABET.length);
    // 28000 symbols over 28: 1000 each; a fair generator stays well within ±20 %.
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(200);
  });
});

describe('reading what a parent typed', () => {
  it('prints in groups of five and reads the print back', () => {
    expect(formatActivationCode('K7MQX4TPRW')).toBe('K7MQX-4TPRW');
    expect(normaliseActivationCode('K7MQX-4TPRW')).toBe('K7MQX4TPRW');
  });

  it('ignores case, spaces and any dash', () => {
    expect(normaliseActivationCode(' k7mqx 4tprw ')).toBe('K7MQX4TPRW');
    expect(normaliseActivationCode('k7mqx–4tprw')).toBe('K7MQX4TPRW');
    expect(normaliseActivationCode('K7MQX—4TPRW')).toBe('K7MQX4TPRW');
    expect(normaliseActivationCode('K7M QX_4T.PRW')).toBe('K7MQX4TPRW');
  });

  it('reads Cyrillic look-alike letters as Latin', () => {
    // А, С, Е, Н, К, М, Р, Т, Х, У typed on the Russian layout, in both cases.
    expect(normaliseActivationCode('АСЕНК-МРТХУ')).toBe('ACEHKMPTXY');
    expect(normaliseActivationCode('асенк-мртху')).toBe('ACEHKMPTXY');
    expect(isWellFormedActivationCode(normaliseActivationCode('асенк-мртху'))).toBe(true);
  });

  it('refuses input that cannot be a code', () => {
    expect(isWellFormedActivationCode('K7MQX4TPR')).toBe(false);
    expect(isWellFormedActivationCode('K7MQX4TPRWW')).toBe(false);
    expect(isWellFormedActivationCode('K7MQX4TPR0')).toBe(false);
    expect(isWellFormedActivationCode(normaliseActivationCode('ЖЖЖЖЖ-ЖЖЖЖЖ'))).toBe(false);
  });
});

describe('validity', () => {
  const issued = new Date('2026-10-14T09:00:00Z');
  const expiresAt = activationCodeExpiry(issued).toISOString();

  it('expires 30 days after it was issued', () => {
    expect(ACTIVATION_CODE_DAYS).toBe(30);
    expect(expiresAt).toBe('2026-11-13T09:00:00.000Z');
  });

  it('is active until then, and not a moment after', () => {
    const code = { expiresAt, usedAt: null, revokedAt: null };
    expect(activationCodeState(code, issued)).toBe('active');
    expect(activationCodeState(code, new Date('2026-11-13T08:59:59Z'))).toBe('active');
    expect(activationCodeState(code, new Date('2026-11-13T09:00:00Z'))).toBe('expired');
  });

  it('works once; a newer code revokes it', () => {
    expect(activationCodeState({ expiresAt, usedAt: '2026-10-15T10:00:00Z', revokedAt: null }, issued)).toBe('used');
    expect(activationCodeState({ expiresAt, usedAt: null, revokedAt: '2026-10-15T10:00:00Z' }, issued)).toBe('revoked');
    // Used before it would have expired: it stays "used", not "expired".
    expect(
      activationCodeState({ expiresAt, usedAt: '2026-10-15T10:00:00Z', revokedAt: null }, new Date('2027-01-01T00:00:00Z')),
    ).toBe('used');
  });
});
