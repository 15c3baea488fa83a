import type { Logger } from '../shared/logger.ts';
import type { Clock } from '../shared/time.ts';
import { fullJitterDelay } from '../shared/backoff.ts';
import type { ErrorCounts } from './error-counts.ts';
import type { IngestClient } from './ingest-client.ts';
import type { Outbox } from './outbox.ts';
import { MAX_BATCH_BYTES } from '../shared/protocol/wire.ts';

/**
 * Delivers the outbox to the hub. A new press is sent at once (`kick`); presses arriving while a
 * batch is in flight ride in the next one, so a burst becomes a few large batches instead of many
 * small requests. A record is marked delivered only when the hub's acknowledgement names it.
 * Failures are retried forever with full-jitter backoff: the outbox is on disk, so waiting costs nothing.
 */
export interface ForwarderOptions {
  retryBaseMs: number;
  retryCapMs: number;
  batchRecords: number;
}

export interface ForwarderDeps {
  outbox: Outbox;
  client: IngestClient;
  clock: Clock;
  logger: Logger;
  errors: ErrorCounts;
  random?: () => number;
}

const ERROR_KIND = {
  unreachable: 'hub-unreachable',
  unauthorized: 'hub-unauthorized',
  rejected: 'hub-rejected',
  'too-large': 'hub-bad-answer',
  'hub-error': 'hub-bad-answer',
  'bad-answer': 'hub-bad-answer',
} as const;

// Room for the envelope around the records in MAX_BATCH_BYTES.
const ENVELOPE_BYTES = 64;

export class Forwarder {
  private sending: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private batchLimit: number;
  private stopped = false;
  private failingSince: number | null = null;
  /**
   * Whether the hub has taken a heartbeat from this driver as it is configured. A 400 naming
   * presses moves them to the dead-letter table only then: when the hub refuses the driver itself
   * (OFFICE_ID not the device's office, say), every press would be refused, and they must wait for
   * the configuration to be fixed, not be set aside.
   */
  private identityAccepted = false;
  private lastRefusal: string | null = null;
  /** When the hub last acknowledged anything from this driver (records or a heartbeat). */
  lastSyncAt: number | null;

  constructor(
    private readonly options: ForwarderOptions,
    private readonly deps: ForwarderDeps,
  ) {
    this.batchLimit = options.batchRecords;
    this.lastSyncAt = deps.outbox.lastDeliveredAt();
  }

  /** Something new is in the outbox: send now, unless a batch is in flight or a retry is already scheduled. */
  kick(): void {
    if (this.stopped || this.sending || this.retryTimer) return;
    this.sending = this.drain()
      .catch((error: unknown) => {
        // A bug or a broken database file must not end the process: log, count, try again later.
        this.deps.logger.error({ err: error }, 'delivery loop failed; will retry');
        this.deps.errors.add('outbox-read-failed');
        this.retryLater();
      })
      .finally(() => {
        this.sending = null;
      });
  }

  /** The hub took a heartbeat: the link works and this driver's identity is accepted. */
  heartbeatAccepted(at: number): void {
    this.lastSyncAt = at;
    this.identityAccepted = true;
    // The hub answers again: a backlog waiting out a long backoff (up to a minute) goes now.
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.kick();
    }
  }

  heartbeatRefused(detail: string): void {
    if (this.identityAccepted || this.lastRefusal !== detail) {
      this.deps.logger.error({ detail }, 'hub refuses this driver\'s heartbeat: check OFFICE_ID and DEVICE_ID against the device registration; presses are kept and retried');
    }
    this.lastRefusal = detail;
    this.identityAccepted = false;
  }

  /** Stops sending. A batch in flight is left to finish or fail on its own; its records stay pending either way. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async drain(): Promise<void> {
    const { outbox, client, clock, logger, errors } = this.deps;
    while (!this.stopped) {
      let batch;
      try {
        batch = outbox.pending(this.batchLimit, MAX_BATCH_BYTES - ENVELOPE_BYTES);
      } catch (error) {
        logger.error({ err: error }, 'outbox unreadable; will retry');
        errors.add('outbox-read-failed');
        return this.retryLater();
      }
      if (batch.length === 0) return;

      const outcome = await client.send(batch);
      // Stopped meanwhile: the outbox may be closed; what was sent stays pending and is resent next start.
      if (this.stopped) return;
      try {
        if (outcome.ok) {
          const now = clock();
          const conflicts = batch.filter((r) => outcome.acked.get(r.id) === 'conflict').map((r) => r.id);
          if (conflicts.length > 0) logger.warn({ ids: conflicts }, 'hub holds other bodies under these ids (kept in its dead_letter)');
          outbox.markDelivered(batch.map((r) => r.id), now);
          this.lastSyncAt = now;
          this.recovered(batch.length);
          this.batchLimit = this.options.batchRecords;
          continue;
        }
        switch (outcome.reason) {
          case 'rejected':
            if (outcome.invalid.length === 0 || !this.identityAccepted) break;
            // The hub stored nothing of this batch; set the refused ones aside and send the rest at once.
            outbox.moveToDeadLetter(outcome.invalid, clock());
            errors.add('hub-rejected', outcome.invalid.length);
            logger.error({ invalid: outcome.invalid }, 'hub refused records; moved to the dead_letter table of driver.sqlite');
            continue;
          case 'too-large':
            this.batchLimit = Math.max(1, Math.floor(batch.length / 2));
            continue;
        }
      } catch (error) {
        logger.error({ err: error }, 'outbox write failed after the hub answered; will resend (the hub will see duplicates)');
        errors.add('outbox-write-failed');
        return this.retryLater();
      }
      errors.add(ERROR_KIND[outcome.reason]);
      this.failed(outcome.reason, outcome.detail, batch.length);
      return this.retryLater();
    }
  }

  private failed(reason: string, detail: string, records: number): void {
    const now = this.deps.clock();
    if (this.failingSince === null) {
      this.failingSince = now;
      const hint = reason === 'unauthorized' ? ' (ключ устройства не принят: зарегистрируйте устройство заново и задайте DEVICE_TOKEN)' : '';
      this.deps.logger.warn({ reason, detail, backlog: this.deps.outbox.pendingCount() }, `hub did not take a batch of ${records}; presses stay in the outbox and are retried${hint}`);
    } else {
      this.deps.logger.debug({ reason, detail, attempt: this.attempt }, 'hub still not taking batches');
    }
  }

  private recovered(records: number): void {
    this.attempt = 0;
    if (this.failingSince !== null) {
      this.deps.logger.info({ outageSeconds: Math.round((this.deps.clock() - this.failingSince) / 1000), records }, 'hub is taking batches again; draining the outbox');
      this.failingSince = null;
    }
  }

  private retryLater(): void {
    if (this.stopped) return;
    const delay = fullJitterDelay(++this.attempt, { baseMs: this.options.retryBaseMs, capMs: this.options.retryCapMs }, this.deps.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, delay);
  }
}
