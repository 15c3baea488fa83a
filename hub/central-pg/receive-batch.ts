import type pg from 'pg';
import { canonicalBody, type FeedbackRecord } from '../../shared/records.ts';
import type { ForwardRequest } from '../../shared/protocol/forward.ts';
import type { IngestResult } from '../../shared/protocol/ingest.ts';
import { INGEST_PROTOCOL } from '../../shared/protocol/wire.ts';
import { toInstant } from '../../shared/time.ts';
import type { ReceiveOutcome } from '../central/receive-batch.ts';
import { validateIngestBatch } from '../ingest/ingest-batch.ts';
import { HELD_HEARTBEATS, HELD_PRESSES, HELD_RESPONSES, INSERT_BATCH, INSERT_DEAD_LETTERS, UPSERT_OFFICE_SYNC } from './batch-sql.ts';
import { createMonthPartitions } from './month-partitions.ts';
import { columnArrays, heartbeatFromRow, pressFromRow, responseFromRow, type HeartbeatRow, type PressRow, type ResponseRow, type StoredRecord } from './record-columns.ts';

/**
 * The central's side of one forwarded batch on PostgreSQL: the counterpart of
 * hub/central/receive-batch.ts, with the same validation (validateIngestBatch), the same answer
 * (stored / duplicate / conflict per record, in the batch's order) and the same office status, all
 * in one transaction that is committed (and so durable, synchronous_commit on) before the answer.
 *
 * Round trips: BEGIN, one INSERT_BATCH for all the rows, the office status, COMMIT; a resend adds
 * one read of the held copies per kind, a conflict one insert of dead letters. A database error
 * rejects the promise with nothing committed, and the route answers 503 (next session's wiring).
 *
 * Not wired into the running central yet: that needs the async storage interface of issue 16.
 */
export function createPostgresBatchReceiver(pool: pg.Pool) {
  const ensureMonths = createMonthPartitions(pool);

  return async function receiveBatch(request: ForwardRequest, from: { officeId: string; keyId: string }, now: number): Promise<ReceiveOutcome> {
    let records: FeedbackRecord[] = [];
    if (request.records.length > 0) {
      // Built surveys are not kept in PostgreSQL yet: their answers are refused here, and stay with the office.
      const batch = validateIngestBatch({ records: request.records }, { kind: 'office-hub', officeId: from.officeId }, () => null);
      if (!batch.ok) return batch;
      records = batch.records;
    }
    // An office hub's receivedAt is taken as it says (the time its office received the record).
    const incoming: StoredRecord[] = records.map((record) => ({ record, receivedAt: record.receivedAt ? Date.parse(record.receivedAt) : now }));
    // The first copy of an id goes to the insert; a repeat within the batch is judged against what is held.
    const firsts = new Map<string, StoredRecord>();
    for (const r of incoming) if (!firsts.has(r.record.id)) firsts.set(r.record.id, r);
    await ensureMonths([...firsts.values()].filter((r) => r.record.kind !== 'heartbeat').map((r) => Date.parse(r.record.bornAt)));

    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const columns = columnArrays([...firsts.values()]);
      const fresh = new Set((await client.query<{ id: string }>(INSERT_BATCH, [...columns.press, ...columns.response, ...columns.heartbeat])).rows.map((r) => r.id));
      const held = await heldCopies(client, [...firsts.values()].filter((r) => !fresh.has(r.record.id)));
      const results: IngestResult[] = [];
      const stored: FeedbackRecord[] = [];
      const conflicts: StoredRecord[] = [];
      const judged = new Set<string>();
      for (const r of incoming) {
        const id = r.record.id;
        if (fresh.has(id) && !judged.has(id)) {
          judged.add(id);
          results.push({ id, status: 'stored' });
          stored.push({ ...r.record, receivedAt: toInstant(r.receivedAt) });
          continue;
        }
        const holding = fresh.has(id) ? firsts.get(id)!.record : held.get(id);
        const same = holding !== undefined && holding.kind === r.record.kind && canonicalBody(holding) === canonicalBody(r.record);
        results.push({ id, status: same ? 'duplicate' : 'conflict' });
        if (!same) conflicts.push(r);
      }
      if (conflicts.length > 0) {
        await client.query(INSERT_DEAD_LETTERS, [
          conflicts.map((c) => c.record.id),
          conflicts.map((c) => c.record.kind),
          conflicts.map(() => 'conflict'),
          conflicts.map((c) => JSON.stringify(c.record)),
          conflicts.map(() => `office:${from.officeId}`),
          conflicts.map(() => now),
        ]);
      }
      const oldest = incoming.length === 0 ? null : Math.min(...incoming.map((r) => r.receivedAt));
      const backlogOldestAt = request.backlog.oldestReceivedAt === null ? null : Date.parse(request.backlog.oldestReceivedAt);
      await client.query(UPSERT_OFFICE_SYNC, [from.officeId, now, oldest === null ? 0 : Math.max(0, now - oldest), stored.length, request.backlog.count, backlogOldestAt, from.keyId]);
      await client.query('COMMIT');
      return { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results }, stored };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

/** The copies already held of the ids a batch did not store, by id (absent: held with another birth or kind). */
async function heldCopies(client: pg.PoolClient, notStored: readonly StoredRecord[]): Promise<Map<string, FeedbackRecord>> {
  const held = new Map<string, FeedbackRecord>();
  const ofKind = (kind: FeedbackRecord['kind']) => notStored.filter((r) => r.record.kind === kind).map((r) => r.record);
  const presses = ofKind('press');
  const responses = ofKind('response');
  const heartbeats = ofKind('heartbeat');
  const births = (rs: FeedbackRecord[]) => [rs.map((r) => r.id), rs.map((r) => Date.parse(r.bornAt))];
  if (presses.length > 0) for (const row of (await client.query<PressRow>(HELD_PRESSES, births(presses))).rows) held.set(row.id, pressFromRow(row));
  if (responses.length > 0) for (const row of (await client.query<ResponseRow>(HELD_RESPONSES, births(responses))).rows) held.set(row.id, responseFromRow(row));
  if (heartbeats.length > 0) {
    const rows = (await client.query<HeartbeatRow & { id: string }>(HELD_HEARTBEATS, [heartbeats.map((r) => r.id)])).rows;
    for (const row of rows) held.set(row.id, heartbeatFromRow(row));
  }
  return held;
}
