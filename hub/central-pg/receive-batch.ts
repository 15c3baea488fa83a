import type pg from 'pg';
import { canonicalBody, type FeedbackRecord } from '../../shared/records.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import { toInstant } from '../../shared/time.ts';
import type { BulkRecord, BulkRecordWriter, BulkWriteResult } from '../records/bulk-records.ts';
import { classifyDatabaseError } from '../http/database-unavailable.ts';
import { HELD_PRESSES, HELD_RESPONSES, INSERT_BATCH } from './batch-sql.ts';
import { createMonthPartitions } from './month-partitions.ts';
import { columnArrays, pressFromRow, type ColumnArrays, responseFromRow, type PressRow, type ResponseRow, type StoredRecord } from './record-columns.ts';

/**
 * An office batch's presses and responses written into PostgreSQL: the counterpart of the SQLite
 * ingest's store (hub/ingest/ingest-batch.ts), with the same answer per record (stored / duplicate
 * / conflict, in the batch's order), in one transaction committed (synchronous_commit on) before
 * the promise resolves. The batch was validated by the caller (hub/central/receive-batch.ts).
 *
 * Round trips: one INSERT_BATCH for all the rows, which is its own transaction (the report
 * rollups follow in it by the statement triggers of migration 0002); a resend adds one read of the
 * held copies per kind. A failure commits nothing and rejects, classified as
 * DatabaseUnavailableError when the server is gone (the route answers 503 with Retry-After).
 */
export function createPostgresRecordWriter(pool: pg.Pool, ready: () => Promise<void>): BulkRecordWriter {
  const ensureMonths = createMonthPartitions(pool);

  async function write(records: readonly BulkRecord[], now: number): Promise<BulkWriteResult> {
    // An office hub's receivedAt is taken as it says (the time its office received the record).
    const incoming: StoredRecord[] = records.map((record) => ({ record, receivedAt: record.receivedAt ? Date.parse(record.receivedAt) : now }));
    // The first copy of an id goes to the insert; a repeat within the batch is judged against what is held.
    const firsts = new Map<string, StoredRecord>();
    for (const r of incoming) if (!firsts.has(r.record.id)) firsts.set(r.record.id, r);
    if (firsts.size === 0) return { results: [], stored: [], conflicts: [] };
    await ready();
    await ensureMonths([...firsts.values()].map((r) => Date.parse(r.record.bornAt)));

    // One statement is one transaction: committed (and durable, synchronous_commit on) when it
    // returns, with no BEGIN and COMMIT round trips around it.
    const columns = columnArrays([...firsts.values()]);
    const notStored = await insertBatch(pool, columns);
    const fresh = (id: string) => !notStored.has(id.toLowerCase());
    // What was not stored is held already (a resend, or a conflict): read back, committed, to compare.
    const held = notStored.size === 0 ? new Map<string, FeedbackRecord>() : await heldCopies(pool, [...firsts.values()].filter((r) => !fresh(r.record.id)));
    const results: IngestResult[] = [];
    const stored: FeedbackRecord[] = [];
    const conflicts: BulkRecord[] = [];
    const judged = new Set<string>();
    for (const r of incoming) {
      const id = r.record.id;
      if (fresh(id) && !judged.has(id)) {
        judged.add(id);
        results.push({ id, status: 'stored' });
        // A receivedAt the office gave is already the instant toInstant would write (the shared schema's form).
        stored.push(r.record.receivedAt ? r.record : { ...r.record, receivedAt: toInstant(r.receivedAt) });
        continue;
      }
      const holding = fresh(id) ? firsts.get(id)!.record : held.get(id);
      const same = holding !== undefined && holding.kind === r.record.kind && canonicalBody(holding) === canonicalBody(r.record);
      results.push({ id, status: same ? 'duplicate' : 'conflict' });
      if (!same) conflicts.push(r.record as BulkRecord);
    }
    return { results, stored, conflicts };
  }

  return {
    write: (records, now) => write(records, now).catch((error: unknown) => Promise.reject(classifyDatabaseError(error))),
  };
}

/** INSERT_BATCH: the ids it did not store (held already), in lower case as PostgreSQL writes a uuid. */
export async function insertBatch(client: pg.Pool | pg.ClientBase, columns: ColumnArrays): Promise<Set<string>> {
  const { rows } = await client.query<{ id: string }>(INSERT_BATCH, [...columns.press, ...columns.response, ...columns.heartbeat]);
  return new Set(rows.map((r) => r.id));
}

/** The copies already held of the ids a batch did not store, by id (absent: held with another birth or kind). */
export async function heldCopies(client: pg.Pool | pg.ClientBase, notStored: readonly StoredRecord[]): Promise<Map<string, FeedbackRecord>> {
  const held = new Map<string, FeedbackRecord>();
  const ofKind = (kind: FeedbackRecord['kind']) => notStored.filter((r) => r.record.kind === kind).map((r) => r.record);
  const presses = ofKind('press');
  const responses = ofKind('response');
  const births = (rs: FeedbackRecord[]) => [rs.map((r) => r.id), rs.map((r) => Date.parse(r.bornAt))];
  const offices = (rs: FeedbackRecord[]) => [...new Set(rs.map((r) => r.officeId))];
  if (presses.length > 0) for (const row of (await client.query<PressRow>(HELD_PRESSES, [...births(presses), offices(presses)])).rows) held.set(row.id, pressFromRow(row));
  if (responses.length > 0) for (const row of (await client.query<ResponseRow>(HELD_RESPONSES, births(responses))).rows) held.set(row.id, responseFromRow(row));
  return held;
}
