import type pg from 'pg';
import { periodContaining } from '../../shared/periods.ts';

/**
 * Makes sure the Moscow-month partitions of press and response exist for the births of a batch,
 * before the batch's transaction: a row whose month has no partition would fail the whole batch.
 * Months are cut by shared/periods.ts, the one place that cuts periods; the SQL function
 * create_month_partitions (hub/migrations-pg/0001) is idempotent. A month seen once is remembered,
 * so a batch costs a round trip here only when it brings a month this process has not met.
 *
 * Created in its own short transaction: CREATE TABLE … PARTITION OF locks the parent table, which
 * should not be held for the length of a batch.
 */
export type EnsureMonths = (bornAts: Iterable<number>) => Promise<void>;

export function createMonthPartitions(pool: pg.Pool): EnsureMonths {
  const known = new Set<string>();
  // The last month met: a batch's births mostly fall in one month, so most need no calendar work.
  let last = { start: 0, end: 0 };
  return async function ensureMonths(bornAts: Iterable<number>): Promise<void> {
    const missing = new Map<string, { start: number; end: number }>();
    for (const at of bornAts) {
      if (at >= last.start && at < last.end) continue;
      const month = periodContaining('month', at);
      if (known.has(month.key)) last = month;
      else missing.set(month.key, month);
    }
    for (const [key, { start, end }] of missing) {
      await pool.query('SELECT create_month_partitions($1, $2, $3)', [key, start, end]);
      known.add(key);
    }
  };
}
