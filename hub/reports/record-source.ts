import type { Db } from '../db/open.ts';
import { countHistograms, type CountsByOffice, type HistogramQuery } from './histograms.ts';

/**
 * Where the figures read presses and responses from: the hub's own SQLite (every office hub, and
 * the central by default) or the central's PostgreSQL (DATABASE_URL, hub/central-pg/). Both answer
 * the same grouped counts, so every figure, the trend, the drill-down and the weekly table are one
 * code path above this interface; it is async because PostgreSQL is across a socket.
 */
export interface RecordSource {
  readonly kind: 'sqlite' | 'postgres';
  /** counts[office][key] of presses and responses born in [start, end) (histograms.ts). */
  countHistograms(query: HistogramQuery): Promise<CountsByOffice>;
  /** Which of these offices ever had a press stored (a panel exists there, silent or not). */
  officesWithPresses(officeIds: readonly string[]): Promise<Set<string>>;
}

export function sqliteRecordSource(db: Db): RecordSource {
  const withPresses = db.prepare('SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM press WHERE office_id = value)').pluck();
  return {
    kind: 'sqlite',
    countHistograms: async (query) => countHistograms(db, query),
    officesWithPresses: async (officeIds) => new Set(withPresses.all(JSON.stringify(officeIds)) as string[]),
  };
}
