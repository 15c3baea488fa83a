import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from './backoff.ts';

describe('full-jitter backoff', () => {
  it('grows from the base and stops at the cap', () => {
    const top = () => 0.999999;
    expect(fullJitterDelay(0, 1000, 60_000, top)).toBe(999);
    expect(fullJitterDelay(3, 1000, 60_000, top)).toBe(7999);
    expect(fullJitterDelay(100, 1000, 60_000, top)).toBe(59_999);
  });
  it('draws from zero up', () => {
    expect(fullJitterDelay(5, 1000, 60_000, () => 0)).toBe(0);
    for (let i = 0; i < 100; i++) expect(fullJitterDelay(2, 1000, 60_000)).toBeLessThan(4000);
  });
});
