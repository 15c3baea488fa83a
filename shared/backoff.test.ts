import { describe, expect, it } from 'vitest';
import { fullJitterDelay, retryAfterMs } from './backoff.ts';

const policy = { baseMs: 1000, capMs: 60_000 };

describe('full-jitter backoff', () => {
  it('draws between 0 and base·2^(failures-1)', () => {
    expect(fullJitterDelay(1, policy, () => 0.999)).toBe(999);
    expect(fullJitterDelay(4, policy, () => 0.5)).toBe(4000);
    expect(fullJitterDelay(4, policy, () => 0)).toBe(0);
  });
  it('never exceeds the ceiling, however many failures (days of outage)', () => {
    expect(fullJitterDelay(11, policy, () => 0.999)).toBe(59_940);
    expect(fullJitterDelay(100_001, policy, () => 0.999)).toBe(59_940);
  });
});

// Formerly terminal-driver/backoff.test.ts (attempt n there is failure n+1 here).
describe('full-jitter backoff, as the driver uses it', () => {
  it('grows from the base and stops at the cap', () => {
    const top = () => 0.999999;
    expect(fullJitterDelay(1, policy, top)).toBe(999);
    expect(fullJitterDelay(4, policy, top)).toBe(7999);
    expect(fullJitterDelay(101, policy, top)).toBe(59_999);
  });
  it('draws from zero up', () => {
    expect(fullJitterDelay(6, policy, () => 0)).toBe(0);
    for (let i = 0; i < 100; i++) expect(fullJitterDelay(3, policy)).toBeLessThan(4000);
  });
});

// Formerly kiosk/src/sync/backoff.test.ts.
describe('full-jitter backoff, as the kiosk uses it', () => {
  const top = (failures: number) => fullJitterDelay(failures, policy, () => 0.999999);

  it('grows from about 1 s, doubling, up to the 60 s cap, and never stops', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100, 10_000].map(top)).toEqual([999, 1999, 3999, 7999, 15_999, 31_999, 59_999, 59_999, 59_999, 59_999]);
  });

  it('draws uniformly below the ceiling (full jitter)', () => {
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(2000);
  });

  it('does not wait before the first try', () => {
    expect(top(0)).toBe(0);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-25T08:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 08:00:10 GMT', now)).toBe(10_000);
  });
  it('ignores what it cannot read', () => {
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});
