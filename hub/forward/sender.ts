import type { Logger } from '../../shared/logger.ts';
import { toInstant, type Clock } from '../../shared/time.ts';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import { fullJitterDelay } from './backoff.ts';
import { readCentralAnswer, type AnswerMeaning } from './central-answer.ts';
import type { CentralKey } from './central-key.ts';
import { recordForwardError, type ForwardErrorCode } from './forward-status.ts';
import { createOutboxBatches, type OutboxBatch, type Refusal } from './outbox-batch.ts';
import { FORWARD_PATH, HUB_HEADER, type ForwardBacklog } from './protocol.ts';
import { newNonce, signRequest } from './signature.ts';

/**
 * The office hub's sender: one loop that cuts the outbox head into a batch, signs it, POSTs it to
 * the central and settles it by the answer, one batch in flight at a time. Nothing is deleted
 * before a signed ack names it; a failure of any kind waits (full jitter, capped) and sends the
 * same records again, for as long as it takes. An empty outbox still reports its state every
 * `idleReportSeconds`, so the central can tell a quiet office from a silent one.
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

export function startForwarder(options: ForwarderOptions): Forwarder {
  const { db, key, settings, clock, logger } = options;
  const random = options.random ?? Math.random;
  const outbox = createOutboxBatches(db);
  const url = new URL(options.centralUrl.replace(/\/+$/, '') + FORWARD_PATH);
  const limits = { records: settings.batchRecords, bytes: settings.batchBytes - ENVELOPE_RESERVE };
  const stopController = new AbortController();
  let stopped = false;
  let wakeRequested = false;
  let interruptWait: (() => void) | null = null;

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

  let failures = 0;
  let lastReportAt = Number.NEGATIVE_INFINITY;

  async function failed(code: ForwardErrorCode, message: string, retryAfterMs: number | null): Promise<void> {
    failures++;
    recordForwardError(db, code, message, clock());
    options.onAttempt?.(true);
    // The first failure of a streak is news; then one line in twenty, so days of outage stay readable.
    if (failures === 1 || failures % 20 === 0) logger.warn({ code, failures, reason: message }, 'forwarding to the central failed; will retry');
    const jitter = fullJitterDelay(failures - 1, { baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs });
    const delay = retryAfterMs === null ? jitter : Math.max(jitter, Math.min(retryAfterMs, settings.retryMaxMs));
    await wait(delay, false);
  }

  async function send(batch: OutboxBatch, backlog: ForwardBacklog): Promise<AnswerMeaning> {
    const body = Buffer.from(`{"records":[${batch.entries.map((e) => e.json).join(',')}],"backlog":${JSON.stringify(backlog)}}`);
    const timestamp = clock();
    const nonce = newNonce();
    const signature = signRequest(key.secret, { method: 'POST', path: url.pathname + url.search, timestamp, nonce, keyId: key.keyId, body });
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
        signal: AbortSignal.any([stopController.signal, AbortSignal.timeout(settings.requestTimeoutMs)]),
      });
      const answer = Buffer.from(await res.arrayBuffer());
      return readCentralAnswer(
        { status: res.status, signature: res.headers.get(HUB_HEADER.signature), retryAfter: res.headers.get('retry-after'), body: answer },
        { ids: batch.entries.map((e) => e.id), signature, secret: key.secret },
        clock(),
      );
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError') return { kind: 'retry', code: 'timeout', message: `центральный сборщик не ответил за ${settings.requestTimeoutMs} мс`, retryAfterMs: null };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { kind: 'retry', code: 'unreachable', message: `нет связи с центральным сборщиком ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, retryAfterMs: null };
    }
  }

  async function step(): Promise<void> {
    wakeRequested = false;
    let batch: OutboxBatch;
    let backlog: ForwardBacklog;
    try {
      batch = outbox.next(limits);
      if (batch.missing.length > 0) {
        outbox.setAside(batch.missing.map((m): Refusal => ({ ...m, reason: 'missing', detail: 'запись из очереди не найдена в базе хаба', body: '' })), clock());
        logger.error({ missing: batch.missing.map((m) => m.id) }, 'outbox named records that are not stored; set aside');
        if (batch.entries.length === 0) return;
      }
      if (batch.entries.length === 0) {
        const sinceReport = clock() - lastReportAt;
        if (sinceReport < settings.idleReportSeconds * 1000) return wait(settings.idleReportSeconds * 1000 - sinceReport, true);
      }
      const remaining = outbox.remainingAfter(batch.lastSeq);
      backlog = { count: remaining.count, oldestReceivedAt: remaining.oldestReceivedAt === null ? null : toInstant(remaining.oldestReceivedAt) };
    } catch (error) {
      return failed('database', `база хаба не читается: ${(error as Error).message}`, null);
    }

    const meaning = await send(batch, backlog);
    if (stopped && meaning.kind === 'retry') return;
    switch (meaning.kind) {
      case 'acked': {
        let conflicts: number;
        try {
          ({ conflicts } = outbox.settle(batch, meaning.acked, clock()));
        } catch (error) {
          // The central has the batch; here it stays queued and its resend will be answered `duplicate`.
          return failed('database', `подтверждение не записано в базу хаба: ${(error as Error).message}`, null);
        }
        if (conflicts > 0) logger.warn({ conflicts }, 'the central holds other bodies for some ids: set aside in forward_dead_letter');
        if (failures > 0) logger.info({ failures }, 'forwarding to the central resumed');
        logger.debug({ records: batch.entries.length, bytes: batch.bytes, backlog: backlog.count }, 'batch acknowledged by the central');
        failures = 0;
        lastReportAt = clock();
        return;
      }
      case 'invalid': {
        const refusals = meaning.invalid.flatMap(({ index, reason }): Refusal[] => {
          const entry = batch.entries[index];
          return entry ? [{ seq: entry.seq, kind: entry.kind, id: entry.id, reason: 'invalid', detail: reason, body: entry.json }] : [];
        });
        try {
          outbox.setAside(refusals, clock());
        } catch (error) {
          return failed('database', `база хаба не записывает: ${(error as Error).message}`, null);
        }
        // The rest of the batch was not stored by the central (a 400 stores nothing): it goes again at once.
        logger.warn({ refused: refusals.map((r) => ({ id: r.id, reason: r.detail })) }, 'the central refused records as invalid: set aside in forward_dead_letter');
        return;
      }
      case 'retry':
        return failed(meaning.code, meaning.message, meaning.retryAfterMs);
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await step();
        if (failures === 0) options.onAttempt?.(false);
      } catch (error) {
        // A bug, not a network problem: keep the hub up and the records queued, and say so loudly.
        logger.error({ err: error }, 'forwarding loop failed unexpectedly');
        await failed('database', `сбой пересылки: ${(error as Error).message}`, null);
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
      stopController.abort();
      interruptWait?.();
      await loop;
    },
  };
}

/** Room for the envelope around the records ({"records":[…],"backlog":{…}}) within the byte bound. */
const ENVELOPE_RESERVE = 1024;
