import type { FeedbackRecord, Press, SurveyResponse } from '../../shared/records.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';

/**
 * Where the central keeps the offices' presses and responses when they are not in its own SQLite:
 * PostgreSQL (DATABASE_URL; hub/central-pg/postgres-store.ts). These are the records of years and of
 * every office, the volume a federal central is about; everything else of the central (accounts,
 * regional settings, surveys, the register, heartbeats, office status) stays in its SQLite.
 *
 * `write` is given records already validated by the shared schemas and commits them before it
 * resolves (the office deletes them from its outbox on the answer). It is idempotent: a record
 * already held with the same body is `duplicate`, with another body `conflict` (the refused copy is
 * handed back, for the central's dead letters). It rejects with DatabaseUnavailableError
 * (hub/http/database-unavailable.ts) when the server cannot be reached, having committed nothing.
 */
export type BulkRecord = Press | SurveyResponse;

export const BULK_KINDS: ReadonlySet<FeedbackRecord['kind']> = new Set(['press', 'response']);
export const isBulkRecord = (record: FeedbackRecord): record is BulkRecord => BULK_KINDS.has(record.kind);

export interface BulkWriteResult {
  /** One per record, in the order given. */
  results: IngestResult[];
  /** The records newly stored, with the receivedAt they were stored with. */
  stored: FeedbackRecord[];
  /** Records refused because their id is held with another body. */
  conflicts: BulkRecord[];
}

export interface BulkRecordWriter {
  write(records: readonly BulkRecord[], now: number): Promise<BulkWriteResult>;
}
