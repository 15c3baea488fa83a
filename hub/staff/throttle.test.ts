import { describe, expect, it } from 'vitest';
import { LoginThrottle, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_LOGIN, WINDOW_MS } from './throttle.ts';

describe('login throttle', () => {
  it('holds back the address that failed, not the login from another address, and forgets after the window', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES_PER_LOGIN; i++) throttle.recordFailure('ivanov', '10.0.0.1');
    expect(throttle.check('ivanov', '10.0.0.1').waitMs).toBe(WINDOW_MS);
    // The real user, at their own desk.
    expect(throttle.check('ivanov', '10.0.0.2').waitMs).toBe(0);
    // Other names from the attacker's address still have tries left, up to the address's limit.
    expect(throttle.check('petrov', '10.0.0.1').waitMs).toBe(0);
    now += WINDOW_MS;
    expect(throttle.check('ivanov', '10.0.0.1').waitMs).toBe(0);
  });

  it('an address failing under many names is held back for all of them', () => {
    const now = 1_000_000;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) throttle.recordFailure(i % 2 ? null : `guess-${i}`, '10.0.0.9');
    expect(throttle.check('anyone', '10.0.0.9').waitMs).toBe(WINDOW_MS);
    expect(throttle.check('anyone', '10.0.0.10').waitMs).toBe(0);
  });

  it('reports only the first refusal of a block', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES_PER_LOGIN; i++) throttle.recordFailure('ivanov', '10.0.0.1');
    expect(throttle.check('ivanov', '10.0.0.1').firstRefusal).toBe(true);
    now += 1000;
    expect(throttle.check('ivanov', '10.0.0.1')).toEqual({ waitMs: WINDOW_MS - 1000, firstRefusal: false });
    now += WINDOW_MS;
    for (let i = 0; i < MAX_FAILURES_PER_LOGIN; i++) throttle.recordFailure('ivanov', '10.0.0.1');
    expect(throttle.check('ivanov', '10.0.0.1').firstRefusal).toBe(true);
  });

  it('a success clears that login at that address', () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i < MAX_FAILURES_PER_LOGIN - 1; i++) throttle.recordFailure('ivanov', '10.0.0.1');
    throttle.recordSuccess('ivanov', '10.0.0.1');
    throttle.recordFailure('ivanov', '10.0.0.1');
    expect(throttle.check('ivanov', '10.0.0.1').waitMs).toBe(0);
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

  it('attempts under way count until they end: sent all at once, no more than the limit get their password checked', () => {
    const throttle = new LoginThrottle(() => 1_000_000);
    const admitted: (() => void)[] = [];
    for (let i = 0; i < 20; i++) if (throttle.check('ivanov', '10.0.0.1').waitMs === 0) admitted.push(throttle.begin('ivanov', '10.0.0.1'));
    expect(admitted).toHaveLength(MAX_FAILURES_PER_LOGIN);
    // They all fail: the login is then held back for the window, not for a moment.
    for (const end of admitted) {
      throttle.recordFailure('ivanov', '10.0.0.1');
      end();
    }
    expect(throttle.check('ivanov', '10.0.0.1').waitMs).toBe(WINDOW_MS);
    // One under way that succeeds leaves nothing behind; ending twice changes nothing.
    const end = throttle.begin('petrov', '10.0.0.2');
    throttle.recordSuccess('petrov', '10.0.0.2');
    end();
    end();
    expect(throttle.check('petrov', '10.0.0.2').waitMs).toBe(0);
    expect(throttle.check('sidorov', '10.0.0.2').waitMs).toBe(0);
  });
});
