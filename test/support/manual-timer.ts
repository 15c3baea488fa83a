import type { Timer } from '../../kiosk/src/timer.ts';

/** A timer for unit tests: time moves only when the test calls `advance`. Never bundled. */
export function manualTimer() {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; callback: () => void }>();
  const timer: Timer = {
    set(callback, ms) {
      const handle = next++;
      due.set(handle, { at: now + ms, callback });
      return handle;
    },
    clear(handle) {
      due.delete(handle);
    },
  };
  return {
    timer,
    now: () => now,
    pending: () => [...due.values()].map((d) => d.at - now),
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const first = [...due.entries()].filter(([, d]) => d.at <= until).sort(([, x], [, y]) => x.at - y.at)[0];
        if (!first) break;
        due.delete(first[0]);
        now = first[1].at;
        first[1].callback();
      }
      now = until;
    },
  };
}
