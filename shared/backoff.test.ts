import { describe, expect, it } from 'vitest';
import { fullJitterDelay, retryAfterMs } from './backoff.ts';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('full-jitter backoff', () => {
  it('draws between 0 and base·2^failures', () => {
    expect(fullJitterDelay(0, policy, () => 0.999)).toBe(999);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(4000);
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
  });
  it('never exceeds the ceiling, however many failures (days of outage)', () => {
    expect(fullJitterDelay(10, policy, () => 0.999)).toBe(59_940);
    expect(fullJitterDelay(100_000, policy, () => 0.999)).toBe(59_940);
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
