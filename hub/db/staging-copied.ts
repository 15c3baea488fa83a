import type { RecordKind } from '../../shared/records.ts';
import type { Db } from './open.ts';

/**
 * On a central on PostgreSQL, the hub's SQLite holds a staging copy of every answer born at the
 * central on its own (a QR poster's, a built survey's from a phone: hub/central-pg/central-born-copy.ts)
 * and nothing reads it once PostgreSQL has taken it. Deleted here when the copy has named it in
 * `staging_copied` (migration 0033) before `before`; kept that long so a phone's resend is still
 * answered `duplicate` by the ingest without being queued again (were it, PostgreSQL would answer
 * duplicate). Only what the copy named: the other rows of these tables are the central's history
 * from before its move to PostgreSQL, and stay.
 */
const TABLE_OF: Readonly<Record<RecordKind, string>> = {
  press: 'press',
  response: 'response',
  'survey-answer': 'survey_answer',
  'survey-summary': 'survey_summary',
  heartbeat: 'heartbeat',
};

/** Names the records the copy has taken into PostgreSQL; run in the transaction that settles them. */
export function noteCopiedStaging(db: Db, copied: readonly { kind: RecordKind; id: string }[], now: number): void {
  const note = db.prepare('INSERT OR IGNORE INTO staging_copied (kind, record_id, copied_at) VALUES (?, ?, ?)');
  for (const { kind, id } of copied) note.run(kind, id, now);
}

/** Deletes up to `chunk` staging rows copied before `before`, with their notes, in one transaction; how many went. */
export function pruneCopiedStaging(db: Db, before: number, chunk: number): number {
  return db.transaction(() => {
    const due = db.prepare('SELECT kind, record_id AS id FROM staging_copied WHERE copied_at < ? ORDER BY copied_at LIMIT ?').all(before, chunk) as { kind: RecordKind; id: string }[];
    const forget = db.prepare('DELETE FROM staging_copied WHERE kind = ? AND record_id = ?');
    const deleteFrom = new Map<string, ReturnType<Db['prepare']>>();
    for (const { kind, id } of due) {
      const table = TABLE_OF[kind];
      if (table) {
        if (!deleteFrom.has(table)) deleteFrom.set(table, db.prepare(`DELETE FROM ${table} WHERE id = ?`));
        deleteFrom.get(table)!.run(id);
      }
      forget.run(kind, id);
    }
    return due.length;
  })();
}
