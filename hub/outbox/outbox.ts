import type { IngestStatus } from '../../shared/protocol/ingest.ts';
import type { FeedbackRecord, RecordKind } from '../../shared/records.ts';
import type { Db } from '../db/open.ts';
import { createRecordStore } from '../db/record-rows.ts';

/**
 * The office hub's side of the outbox: cut the next batch from its head, and settle a batch once
 * the central has answered. Only the head is ever read, a bounded slice at a time, so a backlog of
 * millions costs disk, not memory.
 */
export interface OutboxEntry {
  seq: number;
  kind: RecordKind;
  id: string;
  /** The record exactly as stored here, serialised once: what is sent and what is kept if refused. */
  json: string;
  receivedAt: number;
}

export interface OutboxBatch {
  entries: OutboxEntry[];
  /** Outbox rows whose record is not in the database (should not happen; kept aside, not sent). */
  missing: { seq: number; kind: RecordKind; id: string }[];
  /** Bytes of the serialised records, commas included. */
  bytes: number;
  /** Highest seq the batch looked at: what remains after it is everything above. */
  lastSeq: number;
}

export interface BatchLimits {
  records: number;
  bytes: number;
}

export type DeadLetterReason = 'conflict' | 'invalid' | 'missing';

export interface Refusal {
  seq: number;
  kind: RecordKind;
  id: string;
  reason: DeadLetterReason;
  detail: string;
  body: string;
}

export function createOutboxBatches(db: Db) {
  const records = createRecordStore(db);
  const head = db.prepare('SELECT seq, kind, record_id AS id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?');
  const firstAfter = db.prepare('SELECT kind, record_id AS id FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1');
  const lastSeq = db.prepare('SELECT seq FROM outbox ORDER BY seq DESC LIMIT 1').pluck();
  const remove = db.prepare('DELETE FROM outbox WHERE seq = ?');
  const deadLetter = db.prepare('INSERT INTO forward_dead_letter (kind, record_id, reason, detail, body, moved_at) VALUES (?, ?, ?, ?, ?, ?)');
  const synced = db.prepare('UPDATE forward_state SET last_sync_at = ? WHERE id = 1');

  /**
   * The next batch after `afterSeq` (0: from the head), within both limits. A single record larger
   * than the byte limit still goes alone (records are bounded far below it by their schemas, so
   * this is only a guard).
   */
  function next(limits: BatchLimits, afterSeq = 0): OutboxBatch {
    const rows = head.all(afterSeq, limits.records) as { seq: number; kind: RecordKind; id: string }[];
    const found = readAll(rows);
    const batch: OutboxBatch = { entries: [], missing: [], bytes: 0, lastSeq: afterSeq };
    for (const row of rows) {
      const record = found.get(row.id);
      if (!record) {
        batch.missing.push(row);
        batch.lastSeq = row.seq;
        continue;
      }
      const json = JSON.stringify(record);
      const size = Buffer.byteLength(json) + 1;
      if (batch.entries.length > 0 && batch.bytes + size > limits.bytes) break;
      batch.entries.push({ seq: row.seq, kind: row.kind, id: row.id, json, receivedAt: receivedAtOf(record) });
      batch.bytes += size;
      batch.lastSeq = row.seq;
    }
    return batch;
  }

  /** The records a slice of the outbox names, one query per kind rather than one per record. */
  function readAll(rows: readonly { kind: RecordKind; id: string }[]): Map<string, FeedbackRecord> {
    const idsByKind = new Map<RecordKind, string[]>();
    for (const row of rows) {
      const ids = idsByKind.get(row.kind);
      if (ids) ids.push(row.id);
      else idsByKind.set(row.kind, [row.id]);
    }
    const found = new Map<string, FeedbackRecord>();
    for (const [kind, ids] of idsByKind) for (const [id, record] of records.readMany(kind, ids)) found.set(id, record);
    return found;
  }

  /**
   * What stays queued once a batch ending at `afterSeq` is gone, as the office reports it to the
   * central. The outbox loses rows in whole batches from near its head, so above a batch the seqs
   * have (almost always) no gaps and the count is a subtraction rather than a scan of a million
   * rows on every batch. The one gap: a later batch settled while an earlier one failed, which
   * over-counts by one batch until the next report. /health counts exactly.
   */
  function remainingAfter(afterSeq: number): { count: number; oldestReceivedAt: number | null } {
    const last = (lastSeq.get() as number | undefined) ?? 0;
    if (last <= afterSeq) return { count: 0, oldestReceivedAt: null };
    const row = firstAfter.get(afterSeq) as { kind: RecordKind; id: string } | undefined;
    const record = row ? records.read(row.kind, row.id) : null;
    return { count: last - afterSeq, oldestReceivedAt: record ? receivedAtOf(record) : null };
  }

  /**
   * The central answered for every record of the batch: stored and duplicate leave the outbox,
   * conflict moves to the dead-letter list. One transaction, so a kill -9 in the middle leaves the
   * whole batch queued and the resend is answered `duplicate`.
   */
  const settle = db.transaction((batch: OutboxBatch, acked: ReadonlyMap<string, IngestStatus>, now: number): { conflicts: number } => {
    let conflicts = 0;
    for (const entry of batch.entries) {
      const status = acked.get(entry.id);
      // parseIngestAck already insists on every id; an unnamed record stays queued all the same.
      if (status === undefined) continue;
      if (status === 'conflict') {
        deadLetter.run(entry.kind, entry.id, 'conflict', 'у центрального сборщика запись с этим id и другим содержимым', entry.json, now);
        conflicts++;
      }
      remove.run(entry.seq);
    }
    synced.run(now);
    return { conflicts };
  });

  /** Records the central refused (or that cannot be read here) leave the outbox for the dead-letter list. */
  const setAside = db.transaction((refusals: readonly Refusal[], now: number) => {
    for (const r of refusals) {
      deadLetter.run(r.kind, r.id, r.reason, r.detail, r.body, now);
      remove.run(r.seq);
    }
  });

  return { next, remainingAfter, settle, setAside };
}

export type OutboxBatches = ReturnType<typeof createOutboxBatches>;

const receivedAtOf = (record: FeedbackRecord): number => (record.receivedAt ? Date.parse(record.receivedAt) : 0);
