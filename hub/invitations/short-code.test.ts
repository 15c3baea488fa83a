import { describe, expect, it } from 'vitest';
import { formatShortCode, newShortCode, normaliseShortCode, SHORT_CODE_LENGTH, shortCodeHash } from './short-code.ts';

describe('invitation short codes', () => {
  it('are 12 characters of Crockford base32, all different', () => {
    const codes = Array.from({ length: 2000 }, newShortCode);
    for (const code of codes) expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(SHORT_CODE_LENGTH * 5).toBe(60);
  });

  it('use every character of the alphabet about equally (no bias from the bit slicing)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const c of newShortCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (4000 * 12) / 32;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
  });

  it('read back as typed: any case, with or without hyphens, O for 0 and I or L for 1', () => {
    expect(formatShortCode('K7QM3XZPHA41')).toBe('K7QM-3XZP-HA41');
    expect(normaliseShortCode('k7qm-3xzp-ha41')).toBe('K7QM3XZPHA41');
    expect(normaliseShortCode('K7QM3XZPHA4L')).toBe('K7QM3XZPHA41');
    expect(normaliseShortCode('KOQM3XZPHA4I')).toBe('K0QM3XZPHA41');
  });

  it('refuse what cannot be a code: a signed token, a U, the wrong length, other characters', () => {
    for (const junk of ['v1.sharya.abc.def', 'K7QM3XZPHA4U', 'K7QM3XZPHA4', 'K7QM3XZPHA412', 'K7QM 3XZP HA41', 'К7QM3XZPHA41', '']) {
      expect(normaliseShortCode(junk), junk).toBeNull();
    }
  });

  it('are kept as a hash only', () => {
    expect(shortCodeHash('K7QM3XZPHA41')).toHaveLength(32);
    expect(shortCodeHash('K7QM3XZPHA41').equals(shortCodeHash('K7QM3XZPHA42'))).toBe(false);
  });
});
