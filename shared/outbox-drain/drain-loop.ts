import type { Clock } from '../time.ts';
import { fullJitterDelay } from '../backoff.ts';
import type { Submitter } from './submitter.ts';

/**
 * Delivers records from a browser's outbox (IndexedDB) to a hub: the kiosk's responses and survey
 * answers (kiosk/src/sync/), and the exit poll's answers on a staff tablet (staff-app interviewer
 * screen). A record leaves the outbox only when an acknowledgement names its id; any other answer
 * (500, timeout, a captive portal's HTML 200) leaves it there and the loop retries with full-jitter
 * backoff, forever. The hub stores by id, so sending one twice is harmless; losing one is not,
 * hence this order. Free of zod and of the DOM's types beyond fetch, so both apps bundle it.
 */
export interface DrainRecord {
  id: string;
}

/** Timers are injected so the retry schedule is tested without waiting. */
export interface Timer {
  set(callback: () => void, ms: number): number;
  clear(handle: number): void;
}

export interface Outbox<R extends DrainRecord = DrainRecord> {
  pending(limit: number): Promise<R[]>;
  remove(ids: readonly string[]): Promise<void>;
  /** Records the hub refused as invalid: kept for staff, no longer sent. */
  setAside(refused: readonly { id: string; reason: string }[]): Promise<void>;
}

export type SyncEvent =
  | { kind: 'delivered'; at: number; count: number; conflicts: number }
  | { kind: 'refused'; count: number }
  | { kind: 'failed'; reason: string; failures: number; retryInMs: number }
  | { kind: 'idle' };

export interface SyncLoopDeps<R extends DrainRecord = DrainRecord> {
  outbox: Outbox<R>;
  submitter: Submitter<R>;
  clock: Clock;
  timer: Timer;
  random: () => number;
  backoff: { baseMs: number; capMs: number };
  batchSize: number;
  report: (event: SyncEvent) => void;
}

export interface SyncLoop {
  /** Something new is pending, or the network came back: try now (the failure count is kept). */
  kick(): void;
  stop(): void;
  /** Resolves when no run is in progress (tests and the benchmark wait on it). */
  settled(): Promise<void>;
}

export function createSyncLoop<R extends DrainRecord>(deps: SyncLoopDeps<R>): SyncLoop {
  let failures = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let waiting: number | null = null;
  let stopped = false;

  const schedule = (ms: number) => {
    if (waiting !== null) deps.timer.clear(waiting);
    waiting = deps.timer.set(() => {
      waiting = null;
      start();
    }, ms);
  };

  const fail = (reason: string) => {
    failures++;
    const retryInMs = Math.max(1, fullJitterDelay(failures, deps.backoff, deps.random));
    deps.report({ kind: 'failed', reason, failures, retryInMs });
    schedule(retryInMs);
  };

  async function drain(): Promise<void> {
    for (;;) {
      if (stopped) return;
      const batch = await deps.outbox.pending(deps.batchSize);
      if (batch.length === 0) {
        failures = 0;
        deps.report({ kind: 'idle' });
        return;
      }
      const outcome = await deps.submitter.submit(batch);
      if (outcome.kind === 'failed') return fail(outcome.reason);
      if (outcome.kind === 'refused') {
        await deps.outbox.setAside(outcome.refused);
        deps.report({ kind: 'refused', count: outcome.refused.length });
        continue;
      }
      const ids = batch.map((r) => r.id).filter((id) => outcome.acked.has(id));
      if (ids.length === 0) return fail('ids-missing');
      await deps.outbox.remove(ids);
      failures = 0;
      const conflicts = ids.filter((id) => outcome.acked.get(id) === 'conflict').length;
      deps.report({ kind: 'delivered', at: deps.clock(), count: ids.length, conflicts });
    }
  }

  function start(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch {
          // IndexedDB refused a read or a delete: nothing was lost, try again later.
          fail('storage');
        }
      } while (again && !stopped && waiting === null);
    })().finally(() => {
      running = null;
    });
  }

  return {
    kick() {
      if (waiting !== null) {
        deps.timer.clear(waiting);
        waiting = null;
      }
      start();
    },
    stop() {
      stopped = true;
      if (waiting !== null) deps.timer.clear(waiting);
      waiting = null;
    },
    async settled() {
      while (running) await running;
    },
  };
}
