import { describe, expect, it } from 'vitest';
import { hashPin, isAcceptablePin, pinMatches } from './pin-hash.ts';

describe('staff PIN', () => {
  it('accepts 4 to 8 digits only', () => {
    expect(['1234', '12345678'].every(isAcceptablePin)).toBe(true);
    expect(['123', '123456789', '12a4', ' 1234', ''].some(isAcceptablePin)).toBe(false);
  });

  it('is kept salted and hashed, and checks only the right PIN', async () => {
    const stored = await hashPin('2468', undefined, 1000);
    expect(stored.hash).not.toContain('2468');
    expect(stored.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(await pinMatches('2468', stored)).toBe(true);
    expect(await pinMatches('2469', stored)).toBe(false);
    expect((await hashPin('2468', undefined, 1000)).hash).not.toBe(stored.hash);
  });
});
