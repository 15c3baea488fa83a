import { describe, expect, it } from 'vitest';
import { LoginThrottle, MAX_FAILURES, WINDOW_MS } from './throttle.ts';

describe('login throttle', () => {
  it('refuses a login or an address after MAX_FAILURES failures in the window, and forgets them after it', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES; i++) throttle.recordFailure('ivanov', '10.0.0.1');
    expect(throttle.retryAfterMs('ivanov', '10.0.0.2')).toBe(WINDOW_MS);
    expect(throttle.retryAfterMs('petrov', '10.0.0.1')).toBe(WINDOW_MS);
    now += WINDOW_MS;
    expect(throttle.retryAfterMs('ivanov', '10.0.0.1')).toBe(0);
  });

  it('does not grow without end under failures with ever new login names', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < 30_000; i++) {
      throttle.recordFailure(`guess-${i}`, `addr-${i % 50}`);
      now += 1000; // one a second: the window holds about 900 of them
    }
    expect(throttle.size).toBeLessThan(11_000);
  });
});
