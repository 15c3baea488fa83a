import type { Kysely } from 'kysely';
import type { FeedbackRecord } from '../../shared/records.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * Where the central keeps the records when its database is a server (PostgreSQL, DATABASE_URL;
 * hub/central-pg/postgres-store.ts): the offices' batches (hub/central/receive-batch.ts) and the
 * answers born at the central itself (hub/central-pg/central-born-copy.ts) go through `write`.
 *
 * `write` is given records already validated by the shared schemas and commits them before it
 * resolves (the office deletes them from its outbox on the answer). It is idempotent: a record
 * already held with the same body is `duplicate`, with another body `conflict` (the refused copy is
 * handed back, for the central's dead letters). `within` runs in the same transaction after the
 * records (the batch's register events, dead letters, the office's status): all of it commits, or
 * none. It rejects with DatabaseUnavailableError (hub/http/database-unavailable.ts) when the server
 * cannot be reached, having committed nothing.
 */
export interface BulkWriteResult {
  /** One per record, in the order given. */
  results: IngestResult[];
  /** The records newly stored, with the receivedAt they were stored with. */
  stored: FeedbackRecord[];
  /** Records refused because their id is held with another body. */
  conflicts: FeedbackRecord[];
}

/** What runs in the records' transaction after them; a caller wanting its results keeps them itself. */
export type WriteWithin = (trx: Kysely<Tables>, written: BulkWriteResult) => Promise<void>;

export interface BulkRecordWriter {
  write(records: readonly FeedbackRecord[], now: number, within?: WriteWithin): Promise<BulkWriteResult>;
}
