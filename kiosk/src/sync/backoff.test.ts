import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

describe('backoffDelayMs', () => {
  const top = (failures: number) => backoffDelayMs(failures, { baseMs: 1000, capMs: 60_000, random: () => 0.999999 });

  it('grows from about 1 s, doubling, up to the 60 s cap, and never stops', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100, 10_000].map(top)).toEqual([999, 1999, 3999, 7999, 15_999, 31_999, 59_999, 59_999, 59_999, 59_999]);
  });

  it('draws uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, { baseMs: 1000, capMs: 60_000, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { baseMs: 1000, capMs: 60_000, random: () => 0.5 })).toBe(2000);
  });

  it('does not wait before the first try', () => {
    expect(top(0)).toBe(0);
  });
});
