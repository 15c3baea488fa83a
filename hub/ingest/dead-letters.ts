import type { RecordKind } from '../../shared/records.ts';
import type { REGISTER_RECORD_KIND } from '../../shared/register.ts';
import { toInstant, type Instant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';

/**
 * What this hub refused to store: a record whose id it already held with a different body (a
 * conflict, from a device on an office hub or from an office hub on the central). The rest of the
 * sender's batch went on; the refused body is kept here, never deleted by the program, for the
 * admin to read and settle with the device's or office's owner.
 */
export interface ReceivedDeadLetter {
  seq: number;
  kind: RecordKind | typeof REGISTER_RECORD_KIND;
  recordId: string;
  reason: string;
  /** Who sent it: `device:<id>`, `office:<officeId>` (an office hub, on the central) or `public:<officeId>` (a phone). */
  source: string;
  /** The refused record as it arrived (JSON). */
  body: string;
  receivedAt: Instant;
}

interface Row {
  seq: number;
  record_id: string;
  kind: RecordKind | typeof REGISTER_RECORD_KIND;
  reason: string;
  body: string;
  source: string;
  received_at: number;
}

export function listReceivedDeadLetters(db: Db, options: { limit: number; beforeSeq?: number }): ReceivedDeadLetter[] {
  const rows = db
    .prepare('SELECT seq, record_id, kind, reason, body, source, received_at FROM dead_letter WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(options.beforeSeq ?? Number.MAX_SAFE_INTEGER, options.limit) as Row[];
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, recordId: r.record_id, reason: r.reason, source: r.source, body: r.body, receivedAt: toInstant(r.received_at) }));
}

export function countReceivedDeadLetters(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM dead_letter').get() as { n: number }).n;
}
