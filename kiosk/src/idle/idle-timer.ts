import type { Timer } from '../timer.ts';

/**
 * The kiosk's idle reset: a client who walks away mid-survey leaves the next client a clean
 * welcome screen, and what they answered is kept as a partial response. Every touch restarts the
 * countdown; the thank-you screen uses the same timer with a shorter time.
 */
export interface IdleTimer {
  /** Starts or restarts the countdown. */
  arm(ms: number): void;
  /** Restarts the countdown with the last time, if one is running. */
  touch(): void;
  stop(): void;
}

export function createIdleTimer(timer: Timer, onIdle: () => void): IdleTimer {
  let handle: number | null = null;
  let lastMs = 0;
  const stop = () => {
    if (handle !== null) timer.clear(handle);
    handle = null;
  };
  const arm = (ms: number) => {
    stop();
    lastMs = ms;
    handle = timer.set(() => {
      handle = null;
      onIdle();
    }, ms);
  };
  return {
    arm,
    touch() {
      if (handle !== null) arm(lastMs);
    },
    stop,
  };
}
