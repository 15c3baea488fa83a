import type { RegisterStatus } from '../../shared/register-fold.ts';
import type { Db } from '../db/open.ts';

/**
 * Which client comments and low-score alerts were taken into work (comment-in-work.ts), and how far
 * their entries got: read by the comments feed and the alerts list beside each. The link lives in the entry's folded view.
 */
export interface InWork {
  entryId: string;
  status: RegisterStatus;
}

/** The entries made from these answers, by answer id (register_entry keeps the link in its folded view). */
export function inWorkByResponse(db: Db, responseIds: readonly string[]): Map<string, InWork> {
  return inWorkBy(db, 'responseId', responseIds);
}

/** The entries made from these low-score alerts of this hub, by alert id. */
export function inWorkByAlert(db: Db, alertIds: readonly number[]): Map<number, InWork> {
  return inWorkBy(db, 'alertId', alertIds);
}

function inWorkBy<K extends string | number>(db: Db, link: 'responseId' | 'alertId', ids: readonly K[]): Map<K, InWork> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT id, status, json_extract(view, '$.details.${link}') AS link FROM register_entry
        WHERE channel = 'comment-in-work' AND json_extract(view, '$.details.${link}') IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as { id: string; status: RegisterStatus; link: K }[];
  return new Map(rows.map((r) => [r.link, { entryId: r.id, status: r.status }]));
}

