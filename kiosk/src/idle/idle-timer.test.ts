import { describe, expect, it } from 'vitest';
import { manualTimer } from '../../../test/support/manual-timer.ts';
import { createIdleTimer } from './idle-timer.ts';

describe('idle timer', () => {
  it('fires after the time with no touch, once', () => {
    const clock = manualTimer();
    let fired = 0;
    const idle = createIdleTimer(clock.timer, () => fired++);
    idle.arm(30_000);
    clock.advance(29_999);
    expect(fired).toBe(0);
    clock.advance(1);
    expect(fired).toBe(1);
    clock.advance(120_000);
    expect(fired).toBe(1);
  });

  it('every touch restarts the countdown', () => {
    const clock = manualTimer();
    let fired = 0;
    const idle = createIdleTimer(clock.timer, () => fired++);
    idle.arm(30_000);
    for (let i = 0; i < 10; i++) {
      clock.advance(20_000);
      idle.touch();
    }
    expect(fired).toBe(0);
    clock.advance(30_000);
    expect(fired).toBe(1);
  });

  it('a touch when stopped does not start it; stop cancels', () => {
    const clock = manualTimer();
    let fired = 0;
    const idle = createIdleTimer(clock.timer, () => fired++);
    idle.touch();
    clock.advance(60_000);
    idle.arm(1000);
    idle.stop();
    clock.advance(60_000);
    expect(fired).toBe(0);
  });
});
