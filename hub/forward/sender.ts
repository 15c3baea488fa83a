import type { StorageReport } from '../../shared/storage.ts';
import type { Logger } from '../../shared/logger.ts';
import { fullJitterDelay } from '../../shared/backoff.ts';
import type { ForwardBacklog, IssuedInvitationDay } from '../../shared/protocol/forward.ts';
import { FORWARD_PATH } from '../../shared/protocol/wire.ts';
import { toInstant, type Clock } from '../../shared/time.ts';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import { createOutbox, recordForwardError, type OutboxBatch, type Refusal } from '../outbox/outbox.ts';
import { createBatchDelivery, failure, type Failure } from './batch-delivery.ts';
import type { CentralKey } from './central-key.ts';
import { createIssuedDayQueue } from './issued-days.ts';

/**
 * The office hub's sender: cuts the outbox into batches from its head, signs them, POSTs them to
 * the central and settles each by its answer. Nothing is deleted before a signed ack names it; a
 * failure of any kind waits (full jitter, capped) and sends the same records again, for as long
 * as it takes. An empty outbox still reports its state every `idleReportSeconds`, so the central
 * can tell a quiet office from a silent one.
 *
 * Two batches are in flight at a time: the office reads and signs the next batch while the
 * central stores the previous one, so the two processes work in parallel instead of in turns.
 * Order does not matter to the central (it stores by id); after any failure the sender waits for
 * what is in flight and starts again from the head.
 */
export interface ForwarderOptions {
  db: Db;
  centralUrl: string;
  key: CentralKey;
  settings: HubConfig['forward'];
  clock: Clock;
  logger: Logger;
  random?: () => number;
  /** Called after every attempt: the status others read has changed; `failing` is whether this one failed. */
  onAttempt?: (failing: boolean) => void;
  /** The central named its regional configuration revision on an answer. */
  onConfigRevision?: (revision: number) => void;
  /** The office hub's disk, told to the central with every batch (shown on /central). */
  storage?: () => StorageReport;
}

export interface Forwarder {
  /** Records were stored: send now rather than at the next idle report. */
  wake(): void;
  /** Ends the loop; a batch in flight is abandoned and will be sent again (the central answers `duplicate`). */
  stop(): Promise<void>;
}

const IN_FLIGHT = 2;
/**
 * Invitation counts carried by one batch (issued-days.ts): usually today's one or two; a backlog of
 * days (after an outage, or the counts of the time before they were forwarded) goes 16 at a time.
 */
const ISSUED_DAYS_PER_BATCH = 16;
/** Room for the envelope around the records ({"records":[…],"backlog":{…},"invitationsIssued":[…]}) within the byte bound. */
const ENVELOPE_RESERVE = 1024 + ISSUED_DAYS_PER_BATCH * 64; // the backlog and the storage report are a few hundred bytes

/**
 * Where the sender stands, and what moves it on:
 *
 *   state         leaves when                                       for
 *   draining      the outbox is empty                               idle
 *                 records were set aside (the head changed)         draining, again from the head
 *                 an attempt failed                                 backing-off, failures + 1
 *   idle          wake(), or the next idle report is due            draining
 *   backing-off   its wait is over (wake() does not shorten it)     draining
 *   any           stop(): a batch in flight is abandoned, unacked   stopped
 *
 * `failures` counts failed rounds in a row: the backoff grows with it, and an empty outbox ends
 * the streak. Only the way out of `draining` depends on anything (afterDrain, pure); the waits
 * always lead back to it.
 */
export type SenderState =
  | { kind: 'draining'; failures: number }
  | { kind: 'backing-off'; failures: number; waitMs: number }
  | { kind: 'idle'; waitMs: number }
  | { kind: 'stopped' };

/** How a round of draining ended: the outbox is empty, its head changed, or an attempt failed. */
export type DrainEnd = { kind: 'empty' } | { kind: 'restart' } | Failure;

export interface RoundTiming {
  idleReportMs: number;
  /** Since the central last acknowledged a batch (an idle report included). */
  sinceLastAckMs: number;
  /** The wait after the n-th failure in a row, given the central's Retry-After. */
  backoffMs(failures: number, retryAfterMs: number | null): number;
}

/** The transition out of `draining`. */
export function afterDrain(failures: number, end: DrainEnd, timing: RoundTiming): SenderState {
  switch (end.kind) {
    case 'restart':
      return { kind: 'draining', failures };
    case 'empty':
      return { kind: 'idle', waitMs: Math.max(0, timing.idleReportMs - timing.sinceLastAckMs) };
    case 'failed':
      return { kind: 'backing-off', failures: failures + 1, waitMs: timing.backoffMs(failures + 1, end.retryAfterMs) };
  }
}

/** The sender's one wait at a time: wake() cuts an idle wait short, stop() any wait. */
class Pause {
  #stopped = false;
  #woken = false;
  #interrupt: ((by: 'wake' | 'stop') => void) | null = null;

  get stopped(): boolean {
    return this.#stopped;
  }

  /** A round of draining begins: it will see what was stored before it, so earlier wakes are spent. */
  beginRound(): void {
    this.#woken = false;
  }

  wait(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      if (this.#stopped || (wakeable && this.#woken)) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.#interrupt = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#interrupt = (by) => {
        if (wakeable || by === 'stop') done();
      };
    });
  }

  wake(): void {
    this.#woken = true;
    this.#interrupt?.('wake');
  }

  stop(): void {
    this.#stopped = true;
    this.#interrupt?.('stop');
  }
}

export function startForwarder(options: ForwarderOptions): Forwarder {
  const { db, settings, clock, logger } = options;
  const random = options.random ?? Math.random;
  const outbox = createOutbox(db);
  const url = new URL(options.centralUrl.replace(/\/+$/, '') + FORWARD_PATH);
  const limits = { records: settings.batchRecords, bytes: settings.batchBytes - ENVELOPE_RESERVE };
  const issuedDays = createIssuedDayQueue(db);
  const delivery = createBatchDelivery({ url, key: options.key, requestTimeoutMs: settings.requestTimeoutMs, outbox, issuedDays, clock, logger, storage: options.storage ?? null, ...(options.onConfigRevision ? { onConfigRevision: options.onConfigRevision } : {}) });
  const pause = new Pause();
  // When the central last acknowledged a batch: an idle office reports once per idle period.
  let lastAckAt = Number.NEGATIVE_INFINITY;

  const timing = (): RoundTiming => ({
    idleReportMs: settings.idleReportSeconds * 1000,
    sinceLastAckMs: clock() - lastAckAt,
    backoffMs: (failures, retryAfterMs) => {
      const jitter = fullJitterDelay(failures, { baseMs: settings.retryBaseMs, capMs: settings.retryMaxMs }, random);
      return retryAfterMs === null ? jitter : Math.max(jitter, Math.min(retryAfterMs, settings.retryMaxMs));
    },
  });

  interface Cut {
    batch: OutboxBatch;
    backlog: ForwardBacklog;
    issued: IssuedInvitationDay[];
  }

  /** Reads the next batch after `cursor`, setting aside outbox rows whose record is gone, and the invitation counts not yet acknowledged. */
  function cut(cursor: number): Cut {
    const batch = outbox.next(limits, cursor);
    if (batch.missing.length > 0) {
      outbox.setAside(batch.missing.map((m): Refusal => ({ ...m, reason: 'missing', detail: 'запись из очереди не найдена в базе хаба', body: '' })), clock());
      logger.error({ missing: batch.missing.map((m) => m.id) }, 'outbox named records that are not stored; set aside');
    }
    const remaining = outbox.remainingAfter(batch.lastSeq);
    const backlog = { count: remaining.count, oldestReceivedAt: remaining.oldestReceivedAt === null ? null : toInstant(remaining.oldestReceivedAt) };
    return { batch, backlog, issued: issuedDays.unforwarded(ISSUED_DAYS_PER_BATCH) };
  }

  /**
   * One round of `draining`: sends from the head until the outbox is empty or something fails,
   * keeping IN_FLIGHT batches on the wire, and waits for what is in flight before it ends.
   */
  async function drain(): Promise<DrainEnd> {
    // The last seq this round has cut; -1 once the idle report (a batch of no records) is out.
    let cursor = 0;
    let end: DrainEnd | null = null;
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    const launch = (next: Cut, statusOnly: boolean) => {
      const done: Promise<void> = delivery.deliver(next.batch, next.backlog, next.issued).then((result) => {
        inFlight.delete(done);
        if (result.kind === 'acked') {
          lastAckAt = clock();
          // Counts sent on their own: more may be waiting (16 go at a time), and a new round looks.
          if (statusOnly && next.issued.length > 0) end ??= { kind: 'restart' };
        } else if (result.kind === 'failed') end = end?.kind === 'failed' ? end : result;
        else end ??= { kind: 'restart' };
      });
      inFlight.add(done);
    };
    while (!pause.stopped && end === null) {
      while (inFlight.size < IN_FLIGHT && cursor >= 0) {
        let next: Cut;
        try {
          next = cut(cursor);
        } catch (error) {
          end = failure('database', `база хаба не читается: ${(error as Error).message}`);
          break;
        }
        const statusOnly = next.batch.entries.length === 0;
        if (statusOnly) {
          // With nothing queued, one status-only batch per idle period, and only when nothing else is
          // on the wire; sooner when invitation counts wait (the batches on the wire carried them,
          // and what is still unacknowledged once they are answered goes now).
          const due = next.issued.length > 0 || (sent === 0 && clock() - lastAckAt >= settings.idleReportSeconds * 1000);
          if (inFlight.size > 0 || !due) break;
          cursor = -1;
        } else {
          cursor = next.batch.lastSeq;
        }
        launch(next, statusOnly);
        sent++;
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return end ?? { kind: 'empty' };
  }

  /** Leaves `draining` by how the round ended, and says so: the status row, the board, the log. */
  function leaveDraining(failures: number, end: DrainEnd): SenderState {
    const next = afterDrain(failures, end, timing());
    if (end.kind === 'failed' && next.kind === 'backing-off') {
      recordForwardError(db, end.code, end.message, clock());
      options.onAttempt?.(true);
      // The first failure of a streak is news; then one line in twenty, so days of outage stay readable.
      if (next.failures === 1 || next.failures % 20 === 0) logger.warn({ code: end.code, failures: next.failures, reason: end.message }, 'forwarding to the central failed; will retry');
    } else if (end.kind === 'empty') {
      if (failures > 0) logger.info({ failures }, 'forwarding to the central resumed');
      options.onAttempt?.(false);
    }
    return next;
  }

  async function step(state: Exclude<SenderState, { kind: 'stopped' }>): Promise<SenderState> {
    if (pause.stopped) return { kind: 'stopped' };
    switch (state.kind) {
      case 'draining':
        pause.beginRound();
        try {
          const end = await drain();
          if (pause.stopped) return { kind: 'stopped' };
          return leaveDraining(state.failures, end);
        } catch (error) {
          // A bug, not a network problem: keep the hub up and the records queued, and say so loudly.
          logger.error({ err: error }, 'forwarding loop failed unexpectedly');
          return leaveDraining(state.failures, failure('database', `сбой пересылки: ${(error as Error).message}`));
        }
      case 'backing-off':
        await pause.wait(state.waitMs, false);
        return { kind: 'draining', failures: state.failures };
      case 'idle':
        await pause.wait(state.waitMs, true);
        return { kind: 'draining', failures: 0 };
    }
  }

  const loop = (async () => {
    let state: SenderState = { kind: 'draining', failures: 0 };
    while (state.kind !== 'stopped') state = await step(state);
  })();

  return {
    wake() {
      pause.wake();
    },
    async stop() {
      pause.stop();
      delivery.abortAll();
      await loop;
    },
  };
}
