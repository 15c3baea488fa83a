import type { Db } from '../db/open.ts';
import { cachedStatement } from '../db/statement-cache.ts';
import { countHistograms } from './histograms.ts';
import { HEATMAP_SQL } from './heatmap.ts';
import { ANSWERED_INVITATIONS_SQL } from './invitation-rates.ts';
import { sqliteDeviceFigures } from '../devices/health-queries.ts';
import { countCommentsSqlite, findResponseSqlite, listCommentsSqlite, responseTalliesSqlite } from './response-reads.ts';

import { MAX_PRESSES_SINCE, type AlertPressReader, type HeatmapCountRow, type RecordSource } from '../records/record-source.ts';

/** The RecordSource of a hub's own SQLite (the interface and its types: hub/records/record-source.ts). */
export function sqliteRecordSource(db: Db): RecordSource {
  const withPresses = db.prepare('SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM press WHERE office_id = value)').pluck();
  return {
    kind: 'sqlite',
    countHistograms: async (query) => countHistograms(db, query),
    officesWithPresses: async (officeIds) => new Set(withPresses.all(JSON.stringify(officeIds)) as string[]),
    heatmapCounts: async (officeIds, start, end) => cachedStatement(db, HEATMAP_SQL).all({ offices: JSON.stringify(officeIds), start, end }) as HeatmapCountRow[],
    answeredInvitations: async (officeIds, start, end) =>
      new Map((cachedStatement(db, ANSWERED_INVITATIONS_SQL).all({ ids: JSON.stringify(officeIds), start, end }) as { office: string; n: number }[]).map((r) => [r.office, r.n])),
    deviceFigures: async (query) => sqliteDeviceFigures(db, query),
    alertPresses: sqliteAlertPresses(db),
    countComments: async (filter) => countCommentsSqlite(db, filter),
    listComments: async (query) => listCommentsSqlite(db, query),
    findResponse: async (id) => findResponseSqlite(db, id),
    responseTallies: async (query) => responseTalliesSqlite(db, query),
  };
}

// Rowids only grow (presses are never deleted) and SQLite has one writer, so the rowid is the order
// presses were committed in: the mark.
function sqliteAlertPresses(db: Db): AlertPressReader {
  return {
    rows: async (officeId, from, to) =>
      cachedStatement(db, 'SELECT born_at, score FROM press WHERE office_id = ? AND born_at > ? AND born_at <= ? AND suppressed IS NULL ORDER BY born_at').raw().all(officeId, from, to) as [number, number][],
    scores: async (officeId, from, to) =>
      cachedStatement(db, 'SELECT score, count(*) FROM press WHERE office_id = ? AND born_at > ? AND born_at <= ? AND suppressed IS NULL GROUP BY score').raw().all(officeId, from, to) as [number, number][],
    mark: async () => (cachedStatement(db, 'SELECT max(rowid) FROM press').pluck().get() as number | null) ?? 0,
    earliestStoredSince: async (officeId, since, current) => {
      if (current - since > MAX_PRESSES_SINCE) return 'unknown';
      // `+office_id` keeps SQLite on the rowid range (the rows since), not on the office's whole index range.
      return (cachedStatement(db, 'SELECT min(born_at) FROM press WHERE rowid > ? AND +office_id = ? AND suppressed IS NULL').pluck().get(since, officeId) as number | null) ?? null;
    },
  };
}
