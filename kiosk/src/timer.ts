import type { Timer } from '../../shared/outbox-drain/drain-loop.ts';

/** Timers are injected so the idle reset and the retry schedule are tested without waiting. */
export type { Timer };

export const browserTimer: Timer = {
  set: (callback, ms) => window.setTimeout(callback, ms),
  clear: (handle) => window.clearTimeout(handle),
};
