import type { Logger } from '../../shared/logger.ts';
import type { ForwardBacklog, IssuedInvitationDay } from '../../shared/protocol/forward.ts';
import { newNonce, signRequest } from '../../shared/protocol/forward-signature.ts';
import { HUB_HEADER } from '../../shared/protocol/wire.ts';
import type { Clock } from '../../shared/time.ts';
import type { StorageReport } from '../../shared/storage.ts';
import type { OutboxBatch, Outbox, Refusal } from '../outbox/outbox.ts';
import { readCentralAnswer, type AnswerMeaning } from './central-answer.ts';
import type { CentralKey } from './central-key.ts';
import type { ForwardErrorCode } from './forward-status.ts';
import type { IssuedDayQueue } from './issued-days.ts';

/**
 * One batch's round trip: sign it, POST it to the central, read the answer (central-answer.ts) and
 * settle the outbox by it. Nothing leaves the outbox unless a signed ack names it; whatever goes
 * wrong, the batch stays queued and the attempt says why.
 */
export type Attempt =
  | { kind: 'acked'; records: number }
  /** The central refused some records as invalid: they went to the dead-letter list, the rest stay queued. */
  | { kind: 'set-aside' }
  | Failure;

export interface Failure {
  kind: 'failed';
  code: ForwardErrorCode;
  message: string;
  /** The central's Retry-After, when it gave one. */
  retryAfterMs: number | null;
}

export const failure = (code: ForwardErrorCode, message: string, retryAfterMs: number | null = null): Failure => ({ kind: 'failed', code, message, retryAfterMs });

export interface BatchDelivery {
  /** `issued`: the invitation counts this batch carries (issued-days.ts), acknowledged with it. */
  deliver(batch: OutboxBatch, backlog: ForwardBacklog, issued?: readonly IssuedInvitationDay[]): Promise<Attempt>;
  /** Aborts every request on the wire: their batches stay queued. */
  abortAll(): void;
}

export function createBatchDelivery(deps: {
  url: URL;
  key: CentralKey;
  requestTimeoutMs: number;
  outbox: Outbox;
  issuedDays: IssuedDayQueue;
  clock: Clock;
  logger: Logger;
  /** The central named its regional configuration revision on an answer (HUB_HEADER.configRevision). */
  onConfigRevision?: (revision: number) => void;
  /** The office hub's disk, told to the central with every batch (shown on /central). */
  storage?: (() => StorageReport) | null;
}): BatchDelivery {
  const { url, key, outbox, issuedDays, clock, logger } = deps;
  // One controller per request, aborted by its own timer or by abortAll(). Not AbortSignal.any with
  // AbortSignal.timeout: on Node 20 a composite signal can lose its timeout to garbage collection,
  // and a request on a half-dead connection would then wait forever.
  const requests = new Set<AbortController>();

  async function post(batch: OutboxBatch, backlog: ForwardBacklog, issued: readonly IssuedInvitationDay[]): Promise<AnswerMeaning> {
    // The counts only when there are some: a batch without them is the format every central knows.
    const counts = issued.length > 0 ? `,"invitationsIssued":${JSON.stringify(issued)}` : '';
    const storage = deps.storage ? `,"storage":${JSON.stringify(deps.storage())}` : '';
    const body = Buffer.from(`{"records":[${batch.entries.map((e) => e.json).join(',')}],"backlog":${JSON.stringify(backlog)}${counts}${storage}}`);
    const timestamp = clock();
    const nonce = newNonce();
    const signature = signRequest(key.secret, { method: 'POST', path: url.pathname + url.search, timestamp, nonce, keyId: key.keyId, body });
    const controller = new AbortController();
    requests.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, deps.requestTimeoutMs);
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
      // Unsigned, so it only prompts a pull; the pull's own answer is verified.
      const revision = res.headers.get(HUB_HEADER.configRevision);
      if (res.ok && revision !== null && /^\d{1,12}$/.test(revision)) deps.onConfigRevision?.(Number(revision));
      return readCentralAnswer(
        { status: res.status, signature: res.headers.get(HUB_HEADER.signature), retryAfter: res.headers.get('retry-after'), body: answer },
        { ids: batch.entries.map((e) => e.id), signature, secret: key.secret },
        clock(),
      );
    } catch (error) {
      if (timedOut) return { kind: 'retry', code: 'timeout', message: `центральный сборщик не ответил за ${deps.requestTimeoutMs} мс`, retryAfterMs: null };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { kind: 'retry', code: 'unreachable', message: `нет связи с центральным сборщиком ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, retryAfterMs: null };
    } finally {
      clearTimeout(timer);
      requests.delete(controller);
    }
  }

  /** Send, then settle by the answer. Settling is synchronous, so batches in flight never interleave on the database. */
  async function deliver(batch: OutboxBatch, backlog: ForwardBacklog, issued: readonly IssuedInvitationDay[] = []): Promise<Attempt> {
    const meaning = await post(batch, backlog, issued);
    try {
      switch (meaning.kind) {
        case 'acked': {
          const { conflicts } = outbox.settle(batch, meaning.acked, clock());
          // The central stored the counts in the batch's own transaction. A kill -9 between these two
          // commits sends the counts again, and the central keeps each (day, channel) once.
          if (issued.length > 0) issuedDays.acknowledge(issued);
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
          return failure(meaning.code, meaning.message, meaning.retryAfterMs);
      }
    } catch (error) {
      // The central may have the batch; here it stays queued and its resend will be answered `duplicate`.
      return failure('database', `ответ не записан в базу хаба: ${(error as Error).message}`);
    }
  }

  return {
    deliver,
    abortAll() {
      for (const request of requests) request.abort();
    },
  };
}
