import type { FeedbackRecord } from '../../shared/records.ts';
import type { BulkRecordWriter, BulkWriteResult, WriteWithin } from '../records/bulk-records.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { classifyDatabaseError } from '../http/database-unavailable.ts';
import type { EnsureMonths } from './month-partitions.ts';
import { storeRecordsPg, type SurveyRecordsPart } from './store-records.ts';

/**
 * Records of every kind written into the central's PostgreSQL: the counterpart of the SQLite
 * ingest's store (hub/ingest/ingest-batch.ts), with the same answer per record (stored / duplicate
 * / conflict, in the order given), in one transaction of the central's CentralSql with whatever
 * the caller adds (`within`), committed (synchronous_commit on) before the promise resolves. The
 * records were validated by the caller (hub/central/receive-batch.ts, central-born-copy.ts).
 *
 * Round trips: the month partitions the births need, made before the transaction (a short
 * statement of their own, month-partitions.ts; none once a month is known); BEGIN; one statement
 * for the presses, responses and heartbeats (store-records.ts); the survey part's, when the batch
 * has survey records; `within`'s; COMMIT. A resend adds one read of the held copies per kind. A
 * failure commits nothing and rejects, classified as DatabaseUnavailableError when the server is
 * gone (the route answers 503 with Retry-After).
 */
export function createPostgresRecordWriter(sql: CentralSql, ensureMonths: EnsureMonths, ready: () => Promise<void>, surveys: SurveyRecordsPart): BulkRecordWriter {
  async function write(records: readonly FeedbackRecord[], now: number, within?: WriteWithin): Promise<BulkWriteResult> {
    await ready();
    const partitioned = records.filter((r) => r.kind === 'press' || r.kind === 'response');
    if (partitioned.length > 0) await ensureMonths(partitioned.map((r) => Date.parse(r.bornAt)));
    return sql.transaction(async (trx) => {
      const written = await storeRecordsPg(trx, records, now, surveys);
      if (within) await within(trx, written);
      return written;
    });
  }
  return {
    write: (records, now, within) => write(records, now, within).catch((error: unknown) => Promise.reject(classifyDatabaseError(error))),
  };
}
