import type { RegisterStatus } from '../../shared/register-fold.ts';
import type { Db } from '../db/open.ts';

/**
 * Which client comments were taken into work (comment-in-work.ts), and how far their entries got:
 * read by the comments feed beside each comment. The link lives in the entry's folded view.
 */
export interface InWork {
  entryId: string;
  status: RegisterStatus;
}

/** The entries made from these answers, by answer id (register_entry keeps the link in its folded view). */
export function inWorkByResponse(db: Db, responseIds: readonly string[]): Map<string, InWork> {
  if (responseIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT id, status, json_extract(view, '$.details.responseId') AS response_id FROM register_entry
        WHERE channel = 'comment-in-work' AND json_extract(view, '$.details.responseId') IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(responseIds)) as { id: string; status: RegisterStatus; response_id: string }[];
  return new Map(rows.map((r) => [r.response_id, { entryId: r.id, status: r.status }]));
}

