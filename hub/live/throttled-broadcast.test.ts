import { describe, expect, it } from 'vitest';
import { createThrottledBroadcast, type Scheduler } from './throttled-broadcast.ts';

/** A scheduler whose time moves only when the test says so. */
function manualScheduler() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const scheduler: Scheduler = {
    now: () => now,
    setTimer: (callback, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimer: (handle) => void timers.delete(handle as number),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = until;
  };
  return { scheduler, advance, pending: () => timers.size };
}

describe('throttled broadcast', () => {
  it('a burst in one turn is one flush, and the flush sees the latest state', () => {
    const clock = manualScheduler();
    const seen: string[] = [];
    let state = 0;
    const bus = createThrottledBroadcast<string>({ maxPerSecond: 4, scheduler: clock.scheduler, flush: (room) => seen.push(`${room}=${state}`) });
    for (let i = 1; i <= 1000; i++) {
      state = i;
      bus.invalidate('devices:sharya');
    }
    clock.advance(0);
    expect(seen).toEqual(['devices:sharya=1000']);
    expect(bus.stats()).toEqual({ invalidations: 1000, flushes: 1 });
  });

  it('continuous changes are flushed at most N times per second per room', () => {
    const clock = manualScheduler();
    const flushes: { room: string; at: number }[] = [];
    const bus = createThrottledBroadcast<string>({ maxPerSecond: 4, scheduler: clock.scheduler, flush: (room) => flushes.push({ room, at: clock.scheduler.now() }) });
    // 10 seconds of an invalidation every 5 ms in two rooms.
    for (let t = 0; t < 10_000; t += 5) {
      bus.invalidate('devices:a');
      bus.invalidate('devices:b');
      clock.advance(5);
    }
    clock.advance(1000);
    for (const room of ['devices:a', 'devices:b']) {
      const times = flushes.filter((f) => f.room === room).map((f) => f.at);
      expect(times.length).toBeGreaterThanOrEqual(39);
      expect(times.length).toBeLessThanOrEqual(41);
      for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(250);
    }
  });

  it('a change after a quiet spell goes out at once; one during the gap waits for the gap to end', () => {
    const clock = manualScheduler();
    const at: number[] = [];
    const bus = createThrottledBroadcast<string>({ maxPerSecond: 2, scheduler: clock.scheduler, flush: () => at.push(clock.scheduler.now()) });
    bus.invalidate('r');
    clock.advance(0);
    clock.advance(100);
    bus.invalidate('r');
    clock.advance(1000);
    clock.advance(5000);
    bus.invalidate('r');
    clock.advance(0);
    expect(at).toEqual([0, 500, 6100]);
  });

  it('a failing flush is reported and the room keeps working; close cancels what is pending', () => {
    const clock = manualScheduler();
    const errors: unknown[] = [];
    let fail = true;
    let flushed = 0;
    const bus = createThrottledBroadcast<string>({
      maxPerSecond: 10,
      scheduler: clock.scheduler,
      onError: (_room, error) => errors.push(error),
      flush: () => {
        if (fail) throw new Error('board failed');
        flushed++;
      },
    });
    bus.invalidate('r');
    clock.advance(0);
    fail = false;
    bus.invalidate('r');
    clock.advance(200);
    expect([errors.length, flushed]).toEqual([1, 1]);
    bus.invalidate('r');
    bus.close();
    clock.advance(1000);
    expect(flushed).toBe(1);
    expect(clock.pending()).toBe(0);
  });
});
