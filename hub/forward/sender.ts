import type { Logger } from '../../shared/logger.ts';
import { toInstant, type Clock } from '../../shared/time.ts';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import { fullJitterDelay } from '../../shared/backoff.ts';
import { readCentralAnswer, type AnswerMeaning } from './central-answer.ts';
import type { CentralKey } from './central-key.ts';
import type { ForwardErrorCode } from './forward-status.ts';
import { createOutbox, recordForwardError, type OutboxBatch, type Refusal } from '../outbox/outbox.ts';
import type { ForwardBacklog } from '../../shared/protocol/forward.ts';
import { newNonce, signRequest } from '../../shared/protocol/forward-signature.ts';
import { FORWARD_PATH, HUB_HEADER } from '../../shared/protocol/wire.ts';

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
}

export interface Forwarder {
  /** Records were stored: send now rather than at the next idle report. */
  wake(): void;
  /** Ends the loop; a batch in flight is abandoned and will be sent again (the central answers `duplicate`). */
  stop(): Promise<void>;
}

const IN_FLIGHT = 2;
/** Room for the envelope around the records ({"records":[…],"backlog":{…}}) within the byte bound. */
const ENVELOPE_RESERVE = 1024;

type Attempt =
  | { kind: 'acked'; records: number }
  | { kind: 'set-aside' }
  | { kind: 'failed'; code: ForwardErrorCode; message: string; retryAfterMs: number | null };

export function startForwarder(options: ForwarderOptions): Forwarder {
  const { db, key, settings, clock, logger } = options;
  const random = options.random ?? Math.random;
  const outbox = createOutbox(db);
  const url = new URL(options.centralUrl.replace(/\/+$/, '') + FORWARD_PATH);
  const limits = { records: settings.batchRecords, bytes: settings.batchBytes - ENVELOPE_RESERVE };
  // One controller per request, aborted by its own timer or by stop(). Not AbortSignal.any with
  // AbortSignal.timeout: on Node 20 a composite signal can lose its timeout to garbage collection,
  // and a request on a half-dead connection would then wait forever.
  const requests = new Set<AbortController>();
  let stopped = false;
  let wakeRequested = false;
  let interruptWait: (() => void) | null = null;
  let failures = 0;
  let lastReportAt = Number.NEGATIVE_INFINITY;

  const wait = (ms: number, wakeable: boolean): Promise<void> =>
    new Promise((resolve) => {
      if (stopped || (wakeable && wakeRequested)) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interruptWait = null;
        resolve();
      }
      interruptWait = wakeable ? done : () => (stopped ? done() : undefined);
    });

  async function post(batch: OutboxBatch, backlog: ForwardBacklog): Promise<AnswerMeaning> {
    const body = Buffer.from(`{"records":[${batch.entries.map((e) => e.json).join(',')}],"backlog":${JSON.stringify(backlog)}}`);
    const timestamp = clock();
    const nonce = newNonce();
    const signature = signRequest(key.secret, { method: 'POST', path: url.pathname + url.search, timestamp, nonce, keyId: key.keyId, body });
    const controller = new AbortController();
    requests.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, settings.requestTimeoutMs);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [HUB_HEADER.keyId]: key.keyId,
          [HUB_HEADER.timestamp]: String(timestamp),
          [HUB_HEADER.nonce]: nonce,
          [HUB_HEADER.signature]: signature,
        },
        body,
        signal: controller.signal,
      });
      const answer = Buffer.from(await res.arrayBuffer());
      clearTimeout(timer);
      return readCentralAnswer(
        { status: res.status, signature: res.headers.get(HUB_HEADER.signature), retryAfter: res.headers.get('retry-after'), body: answer },
        { ids: batch.entries.map((e) => e.id), signature, secret: key.secret },
        clock(),
      );
    } catch (error) {
      if (timedOut) return { kind: 'retry', code: 'timeout', message: `центральный сборщик не ответил за ${settings.requestTimeoutMs} мс`, retryAfterMs: null };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { kind: 'retry', code: 'unreachable', message: `нет связи с центральным сборщиком ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, retryAfterMs: null };
    } finally {
      clearTimeout(timer);
      requests.delete(controller);
    }
  }

  /** One batch: send, then settle by the answer. Settling is synchronous, so batches in flight never interleave on the database. */
  async function attempt(batch: OutboxBatch, backlog: ForwardBacklog): Promise<Attempt> {
    const meaning = await post(batch, backlog);
    try {
      switch (meaning.kind) {
        case 'acked': {
          const { conflicts } = outbox.settle(batch, meaning.acked, clock());
          if (conflicts > 0) logger.warn({ conflicts }, 'the central holds other bodies for some ids: set aside in forward_dead_letter');
          logger.debug({ records: batch.entries.length, bytes: batch.bytes, backlog: backlog.count }, 'batch acknowledged by the central');
          return { kind: 'acked', records: batch.entries.length };
        }
        case 'invalid': {
          const refusals = meaning.invalid.flatMap(({ index, reason }): Refusal[] => {
            const entry = batch.entries[index];
            return entry ? [{ seq: entry.seq, kind: entry.kind, id: entry.id, reason: 'invalid', detail: reason, body: entry.json }] : [];
          });
          outbox.setAside(refusals, clock());
          // A 400 stores nothing: the rest of this batch goes again at once, without the refused records.
          logger.warn({ refused: refusals.map((r) => ({ id: r.id, reason: r.detail })) }, 'the central refused records as invalid: set aside in forward_dead_letter');
          return { kind: 'set-aside' };
        }
        case 'retry':
          return { kind: 'failed', code: meaning.code, message: meaning.message, retryAfterMs: meaning.retryAfterMs };
      }
    } catch (error) {
      // The central may have the batch; here it stays queued and its resend will be answered `duplicate`.
      return { kind: 'failed', code: 'database', message: `ответ не записан в базу хаба: ${(error as Error).message}`, retryAfterMs: null };
    }
  }

  /** Reads the next batch after `cursor`, setting aside outbox rows whose record is gone. */
  function cut(cursor: number): { batch: OutboxBatch; backlog: ForwardBacklog } {
    const batch = outbox.next(limits, cursor);
    if (batch.missing.length > 0) {
      outbox.setAside(batch.missing.map((m): Refusal => ({ ...m, reason: 'missing', detail: 'запись из очереди не найдена в базе хаба', body: '' })), clock());
      logger.error({ missing: batch.missing.map((m) => m.id) }, 'outbox named records that are not stored; set aside');
    }
    const remaining = outbox.remainingAfter(batch.lastSeq);
    return { batch, backlog: { count: remaining.count, oldestReceivedAt: remaining.oldestReceivedAt === null ? null : toInstant(remaining.oldestReceivedAt) } };
  }

  /**
   * Sends from the head until the outbox is empty or something fails, keeping IN_FLIGHT batches
   * on the wire. `restart`: records were set aside, so the head changed; start again from it.
   */
  type DrainEnd = { kind: 'empty' } | { kind: 'restart' } | Extract<Attempt, { kind: 'failed' }>;

  async function drain(): Promise<DrainEnd> {
    let cursor = 0;
    let end: DrainEnd | null = null;
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    const launch = (batch: OutboxBatch, backlog: ForwardBacklog) => {
      const done: Promise<void> = attempt(batch, backlog).then((result) => {
        inFlight.delete(done);
        if (result.kind === 'acked') lastReportAt = clock();
        else if (result.kind === 'failed') end = end?.kind === 'failed' ? end : result;
        else end ??= { kind: 'restart' };
      });
      inFlight.add(done);
    };
    while (!stopped && end === null) {
      while (inFlight.size < IN_FLIGHT && cursor >= 0) {
        let next: { batch: OutboxBatch; backlog: ForwardBacklog };
        try {
          next = cut(cursor);
        } catch (error) {
          end = { kind: 'failed', code: 'database', message: `база хаба не читается: ${(error as Error).message}`, retryAfterMs: null };
          break;
        }
        const empty = next.batch.entries.length === 0;
        if (empty) {
          // With nothing queued, one status-only batch per idle period, and only when nothing else is on the wire.
          if (sent > 0 || inFlight.size > 0 || clock() - lastReportAt < settings.idleReportSeconds * 1000) break;
          cursor = -1;
        } else {
          cursor = next.batch.lastSeq;
        }
        launch(next.batch, next.backlog);
        sent++;
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return end ?? { kind: 'empty' };
  }

  async function failed(failure: Extract<Attempt, { kind: 'failed' }>): Promise<void> {
    failures++;
    recordForwardError(db, failure.code, failure.message, clock());
    options.onAttempt?.(true);
    // The first failure of a streak is news; then one line in twenty, so days of outage stay readable.
    if (failures === 1 || failures % 20 === 0) logger.warn({ code: failure.code, failures, reason: failure.message }, 'forwarding to the central failed; will retry');
    const jitter = fullJitterDelay(failures, { baseMs: settings.retryBaseMs, capMs: settings.retryMaxMs }, random);
    const delay = failure.retryAfterMs === null ? jitter : Math.max(jitter, Math.min(failure.retryAfterMs, settings.retryMaxMs));
    await wait(delay, false);
  }

  const loop = (async () => {
    while (!stopped) {
      wakeRequested = false;
      try {
        const end = await drain();
        if (stopped) break;
        if (end.kind === 'failed') {
          await failed(end);
          continue;
        }
        if (end.kind === 'restart') continue;
        if (failures > 0) logger.info({ failures }, 'forwarding to the central resumed');
        failures = 0;
        options.onAttempt?.(false);
        const sinceReport = clock() - lastReportAt;
        await wait(Math.max(0, settings.idleReportSeconds * 1000 - sinceReport), true);
      } catch (error) {
        // A bug, not a network problem: keep the hub up and the records queued, and say so loudly.
        logger.error({ err: error }, 'forwarding loop failed unexpectedly');
        await failed({ kind: 'failed', code: 'database', message: `сбой пересылки: ${(error as Error).message}`, retryAfterMs: null });
      }
    }
  })();

  return {
    wake() {
      wakeRequested = true;
      interruptWait?.();
    },
    async stop() {
      stopped = true;
      for (const request of requests) request.abort();
      interruptWait?.();
      await loop;
    },
  };
}
