/** Timers are injected so the idle reset and the retry schedule are tested without waiting. */
export interface Timer {
  set(callback: () => void, ms: number): number;
  clear(handle: number): void;
}

export const browserTimer: Timer = {
  set: (callback, ms) => window.setTimeout(callback, ms),
  clear: (handle) => window.clearTimeout(handle),
};
