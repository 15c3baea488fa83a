import type { IngestStatus } from '../../shared/protocol/ingest.ts';
import type { FeedbackRecord, RecordKind } from '../../shared/records.ts';
import { toInstant, type Instant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { createRegisterWire } from '../db/register-wire.ts';
import { REGISTER_RECORD_KIND, type RegisterWireRecord } from '../../shared/register.ts';

/** What the outbox queues: the feedback records, and the register's events (issue 18). */
export type OutboxKind = RecordKind | typeof REGISTER_RECORD_KIND;
/** A queued record as it is sent. */
export type OutboxRecord = FeedbackRecord | RegisterWireRecord;

/**
 * The office hub's queue to the central, and the one owner of the three tables that keep it
 * (migrations/0003_forwarding.sql): `outbox` (what waits, in order), `forward_dead_letter` (what
 * the central would not take) and `forward_state` (the last sync and the last error).
 *
 * The ingest queues what it stores (`enqueue`, inside its own transaction); the sender cuts the
 * next batch from the head and settles it by the central's answer. Only the head is ever read, a
 * bounded slice at a time, so a backlog of millions costs disk, not memory.
 */
export interface OutboxEntry {
  seq: number;
  kind: OutboxKind;
  id: string;
  /** The record exactly as stored here, serialised once: what is sent and what is kept if refused. */
  json: string;
  receivedAt: number;
}

export interface OutboxBatch {
  entries: OutboxEntry[];
  /** Outbox rows whose record is not in the database (should not happen; kept aside, not sent). */
  missing: { seq: number; kind: OutboxKind; id: string }[];
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
  kind: OutboxKind;
  id: string;
  reason: DeadLetterReason;
  detail: string;
  body: string;
}

export function createOutbox(db: Db) {
  const records = createRecordStore(db);
  const registerRows = createRegisterWire(db);
  // One statement per batch, not per record: about a third of the cost per row (bench/, panel).
  const queue = db.prepare('INSERT INTO outbox (kind, record_id) SELECT value ->> 0, value ->> 1 FROM json_each(?) ORDER BY key');
  const head = db.prepare('SELECT seq, kind, record_id AS id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?');
  const firstAfter = db.prepare('SELECT kind, record_id AS id FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1');
  const lastSeq = db.prepare('SELECT seq FROM outbox ORDER BY seq DESC LIMIT 1').pluck();
  const remove = db.prepare('DELETE FROM outbox WHERE seq = ?');
  const deadLetter = db.prepare('INSERT INTO forward_dead_letter (kind, record_id, reason, detail, body, moved_at) VALUES (?, ?, ?, ?, ?, ?)');
  const synced = db.prepare('UPDATE forward_state SET last_sync_at = ? WHERE id = 1');

  /** Queues stored records for the central, in the order given. Run inside the storing transaction. */
  function enqueue(stored: readonly (readonly [OutboxKind, string])[]): void {
    if (stored.length > 0) queue.run(JSON.stringify(stored));
  }

  /**
   * The next batch after `afterSeq` (0: from the head), within both limits. A single record larger
   * than the byte limit still goes alone (records are bounded far below it by their schemas, so
   * this is only a guard).
   */
  function next(limits: BatchLimits, afterSeq = 0): OutboxBatch {
    const rows = head.all(afterSeq, limits.records) as { seq: number; kind: OutboxKind; id: string }[];
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
  function readAll(rows: readonly { kind: OutboxKind; id: string }[]): Map<string, OutboxRecord> {
    const idsByKind = new Map<OutboxKind, string[]>();
    for (const row of rows) {
      const ids = idsByKind.get(row.kind);
      if (ids) ids.push(row.id);
      else idsByKind.set(row.kind, [row.id]);
    }
    const found = new Map<string, OutboxRecord>();
    for (const [kind, ids] of idsByKind) {
      const read = kind === REGISTER_RECORD_KIND ? registerRows.readMany(ids) : records.readMany(kind, ids);
      for (const [id, record] of read) found.set(id, record);
    }
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
    const row = firstAfter.get(afterSeq) as { kind: OutboxKind; id: string } | undefined;
    const record = row ? readOne(db, row.kind, row.id) : null;
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

  return { enqueue, next, remainingAfter, settle, setAside };
}

export type Outbox = ReturnType<typeof createOutbox>;

const receivedAtOf = (record: OutboxRecord): number => (record.receivedAt ? Date.parse(record.receivedAt) : 0);

/** How much waits and which record is at the head: for the status people see (exact, unlike remainingAfter). */
export function outboxBacklog(db: Db): { count: number; oldest: OutboxRecord | null } {
  const count = db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  const head = db.prepare('SELECT kind, record_id AS id FROM outbox ORDER BY seq LIMIT 1').get() as { kind: OutboxKind; id: string } | undefined;
  return { count, oldest: head ? readOne(db, head.kind, head.id) : null };
}

function readOne(db: Db, kind: OutboxKind, id: string): OutboxRecord | null {
  return kind === REGISTER_RECORD_KIND ? createRegisterWire(db).read(id) : createRecordStore(db).read(kind, id);
}

/**
 * receivedAt of the oldest heartbeat still queued, or null: housekeeping deletes no heartbeat from
 * there on. Prepared once by the caller and run per chunk: the outbox is empty or short except
 * during an outage, and a join per candidate would rescan it.
 */
export function oldestQueuedHeartbeat(db: Db): () => number | null {
  const select = db.prepare(`SELECT min(h.received_at) FROM outbox o JOIN heartbeat h ON h.id = o.record_id WHERE o.kind = 'heartbeat'`).pluck();
  return () => select.get() as number | null;
}

export interface ForwardState {
  lastSyncAt: number | null;
  lastError: { code: string; message: string; at: number } | null;
  /** Dead letters not yet sent again. */
  deadLetters: number;
}

export function readForwardState(db: Db): ForwardState {
  const state = db.prepare('SELECT last_sync_at, last_error_code, last_error, last_error_at FROM forward_state WHERE id = 1').get() as StateRow;
  const deadLetters = db.prepare('SELECT count(*) FROM forward_dead_letter WHERE requeued_at IS NULL').pluck().get() as number;
  return {
    lastSyncAt: state.last_sync_at,
    lastError: state.last_error_at !== null ? { code: state.last_error_code ?? 'unknown', message: state.last_error ?? '', at: state.last_error_at } : null,
    deadLetters,
  };
}

/** Remembers a failed attempt. Best effort: when the database itself is failing, the log has it. */
export function recordForwardError(db: Db, code: string, message: string, now: number): void {
  try {
    db.prepare('UPDATE forward_state SET last_error_code = ?, last_error = ?, last_error_at = ? WHERE id = 1').run(code, message.slice(0, 500), now);
  } catch {
    // The caller has logged the failure; a status that cannot be written is not a second one.
  }
}

interface StateRow {
  last_sync_at: number | null;
  last_error_code: string | null;
  last_error: string | null;
  last_error_at: number | null;
}

/**
 * The office hub's forward dead-letter list: records the central would not take. They are kept
 * (never deleted by the program) and shown to the admin, who may send one again once the cause
 * is fixed (for example a central updated to accept a newer record format).
 */
export interface ForwardDeadLetter {
  seq: number;
  kind: OutboxKind;
  recordId: string;
  reason: DeadLetterReason;
  detail: string;
  /** The record as it was sent (JSON), empty for a `missing` one. */
  body: string;
  movedAt: Instant;
  requeuedAt: Instant | null;
}

export function listForwardDeadLetters(db: Db, options: { limit: number; beforeSeq?: number }): ForwardDeadLetter[] {
  const rows = db
    .prepare('SELECT * FROM forward_dead_letter WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(options.beforeSeq ?? Number.MAX_SAFE_INTEGER, options.limit) as DeadLetterRow[];
  return rows.map((r) => ({
    seq: r.seq,
    kind: r.kind,
    recordId: r.record_id,
    reason: r.reason,
    detail: r.detail,
    body: r.body,
    movedAt: toInstant(r.moved_at),
    requeuedAt: r.requeued_at === null ? null : toInstant(r.requeued_at),
  }));
}

export type RequeueResult = { ok: true } | { ok: false; reason: 'not-found' | 'already-requeued' | 'missing-record' };

/** Puts the record back at the end of the outbox; the dead letter stays, marked, as a trace. */
export function requeueForwardDeadLetter(db: Db, seq: number, now: number): RequeueResult {
  return db.transaction((): RequeueResult => {
    const row = db.prepare('SELECT kind, record_id, reason, requeued_at FROM forward_dead_letter WHERE seq = ?').get(seq) as
      | Pick<DeadLetterRow, 'kind' | 'record_id' | 'reason' | 'requeued_at'>
      | undefined;
    if (!row) return { ok: false, reason: 'not-found' };
    if (row.requeued_at !== null) return { ok: false, reason: 'already-requeued' };
    if (row.reason === 'missing') return { ok: false, reason: 'missing-record' };
    db.prepare('INSERT INTO outbox (kind, record_id) VALUES (?, ?)').run(row.kind, row.record_id);
    db.prepare('UPDATE forward_dead_letter SET requeued_at = ? WHERE seq = ?').run(now, seq);
    return { ok: true };
  })();
}

interface DeadLetterRow {
  seq: number;
  kind: OutboxKind;
  record_id: string;
  reason: DeadLetterReason;
  detail: string;
  body: string;
  moved_at: number;
  requeued_at: number | null;
}
