import type { RecordKind } from '../../shared/records.ts';
import { toInstant, type Instant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import type { DeadLetterReason } from './outbox.ts';

/**
 * The office hub's forward dead-letter list: records the central would not take. They are kept
 * (never deleted by the program) and shown to the admin, who may send one again once the cause
 * is fixed (for example a central updated to accept a newer record format).
 */
export interface ForwardDeadLetter {
  seq: number;
  kind: RecordKind;
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
  kind: RecordKind;
  record_id: string;
  reason: DeadLetterReason;
  detail: string;
  body: string;
  moved_at: number;
  requeued_at: number | null;
}
