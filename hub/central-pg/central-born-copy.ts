import type { Logger } from '../../shared/logger.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS } from '../../shared/protocol/wire.ts';
import type { IngestStatus } from '../../shared/protocol/ingest.ts';
import type { FeedbackRecord, RecordKind } from '../../shared/records.ts';
import { REGISTER_RECORD_KIND } from '../../shared/register.ts';
import type { Clock } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import type { HubEvents } from '../events.ts';
import { createOutbox } from '../outbox/outbox.ts';
import type { BulkRecordWriter } from '../records/bulk-records.ts';
import { conflictLetter, insertDeadLettersPg } from '../ingest/dead-letters.ts';
import { noteCopiedStaging } from '../db/staging-copied.ts';

/**
 * The records born at a central on PostgreSQL itself outside any transaction of its own — a QR
 * poster's answer without an invitation, a built survey's answer from a phone — into PostgreSQL,
 * where the reports read them. (An answer that belongs to something, an invitation or a call, is
 * written with it in one transaction instead: hub/central-pg/ingest-into.ts.)
 *
 * They are stored first in the central's SQLite by the shared ingest and queued there in the
 * outbox as an office hub queues its records (the ingest's `forward`, hub/server.ts). This drains that queue into the
 * writer the offices' batches use: the same idempotent statement, settled by its answer in one
 * SQLite transaction, so a kill or a database outage between the two commits is healed by the next
 * drain (`duplicate`), and nothing is lost or counted twice. The phone is answered on the SQLite
 * commit; the figures follow a moment later (at once after each store, else every EVERY_MS).
 */
const EVERY_MS = 30_000;
const KICK_DELAY_MS = 200;

export interface CentralBornCopy {
  /** Drains the queue now (tests, shutdown); resolves when it is empty or the database refused. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startCentralBornCopy(deps: { db: Db; writer: BulkRecordWriter; events: HubEvents; logger: Logger; clock: Clock }): CentralBornCopy {
  const outbox = createOutbox(deps.db);
  let running: Promise<void> | null = null;
  let kick: NodeJS.Timeout | null = null;
  let stopped = false;

  async function drainOnce(): Promise<void> {
    for (;;) {
      const batch = outbox.next({ records: MAX_BATCH_RECORDS, bytes: MAX_BATCH_BYTES });
      if (batch.missing.length > 0) {
        outbox.setAside(batch.missing.map((m) => ({ ...m, reason: 'missing' as const, detail: 'запись не найдена в базе центрального', body: '' })), deps.clock());
      }
      if (batch.entries.length === 0) return;
      const records = batch.entries.map((e) => JSON.parse(e.json) as FeedbackRecord);
      const now = deps.clock();
      // A copy PostgreSQL holds with another body goes to its dead letters, in the same transaction.
      const written = await deps.writer.write(records, now, (trx, w) => insertDeadLettersPg(trx, w.conflicts.map((c) => conflictLetter(c, `central:${c.officeId}`, now))));
      const acked = new Map<string, IngestStatus>(written.results.map((r) => [r.id, r.status]));
      // Out of the outbox and named as copied in one SQLite transaction: housekeeping deletes only what is named.
      const copied = batch.entries.filter((e) => e.kind !== REGISTER_RECORD_KIND && (acked.get(e.id) === 'stored' || acked.get(e.id) === 'duplicate'));
      deps.db.transaction(() => {
        outbox.settle(batch, acked, now);
        noteCopiedStaging(deps.db, copied.map((e) => ({ kind: e.kind as RecordKind, id: e.id })), now);
      })();
    }
  }

  const drain = (): Promise<void> => {
    running ??= drainOnce()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'central-born responses not copied to PostgreSQL yet; tried again later'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const onStored = () => {
    if (stopped || kick) return;
    kick = setTimeout(() => {
      kick = null;
      void drain();
    }, KICK_DELAY_MS);
  };
  deps.events.on('stored', onStored);
  const timer = setInterval(() => void drain(), EVERY_MS);
  timer.unref();
  void drain();

  return {
    drain,
    async stop() {
      stopped = true;
      deps.events.off('stored', onStored);
      clearInterval(timer);
      if (kick) clearTimeout(kick);
      await running;
    },
  };
}
