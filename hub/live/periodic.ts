/**
 * A background job run every `everyMs` (first after `firstMs`, default `everyMs`) and on demand,
 * never twice at once: a call while it runs gets the run in progress. A throw is handed to
 * `onError`, whose value stands in for the result, so one bad run never stops the next.
 */
export interface Periodic<T> {
  runNow(): Promise<T>;
  /** No more runs; resolves once the one in progress (if any) has finished. */
  stop(): Promise<void>;
}

export function startPeriodic<T>(job: () => Promise<T>, options: { everyMs: number; firstMs?: number; onError: (error: unknown) => T }): Periodic<T> {
  let running: Promise<T> | null = null;
  let stopped = false;

  function runNow(): Promise<T> {
    running ??= job()
      .catch(options.onError)
      .finally(() => (running = null));
    return running;
  }

  const tick = () => {
    if (!stopped) void runNow();
  };
  const first = setTimeout(tick, options.firstMs ?? options.everyMs);
  const every = setInterval(tick, options.everyMs);
  first.unref();
  every.unref();

  return {
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
