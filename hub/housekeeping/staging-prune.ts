import type { RecordKind } from '../../shared/records.ts';
import type { Db } from '../db/open.ts';

/**
 * On a central on PostgreSQL, the hub's SQLite holds a staging copy of every answer born at the
 * central on its own (a QR poster's, a built survey's from a phone: hub/central-pg/central-born-copy.ts)
 * and nothing reads it once PostgreSQL has taken it. Deleted here when it has left the outbox
 * (copied) and is older than `before`; kept a while so a phone's resend is still answered
 * `duplicate` by the ingest without being queued again (were it, PostgreSQL would answer duplicate).
 */
const STAGED: readonly { table: string; kind: RecordKind }[] = [
  { table: 'press', kind: 'press' },
  { table: 'response', kind: 'response' },
  { table: 'survey_answer', kind: 'survey-answer' },
  { table: 'survey_summary', kind: 'survey-summary' },
  { table: 'heartbeat', kind: 'heartbeat' },
];

/** Deletes up to `chunk` copied staging rows received before `before`, in one transaction; how many went. */
export function pruneCopiedStaging(db: Db, before: number, chunk: number): number {
  return db.transaction(() => {
    let deleted = 0;
    for (const { table, kind } of STAGED) {
      if (deleted >= chunk) break;
      deleted += db
        .prepare(
          `DELETE FROM ${table} WHERE rowid IN (
             SELECT rowid FROM ${table} AS staged WHERE staged.received_at < ?
               AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.kind = ? AND outbox.record_id = staged.id)
             LIMIT ?)`,
        )
        .run(before, kind, chunk - deleted).changes;
    }
    return deleted;
  })();
}
