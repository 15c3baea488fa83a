import { MOSCOW_OFFSET_MS } from '../../shared/periods.ts';

/**
 * The press_day rollup: counted and suppressed presses per office, Moscow calendar day and score,
 * which every weekly, monthly and quarterly panel figure reads instead of the press rows.
 *
 * Nothing in TypeScript writes it. The trigger `press_day_count` of hub/migrations/
 * 0005_report_indexes.sql adds one to a row in the same transaction as each new press (a resend
 * inserts no press, so it counts nothing), and that migration backfilled it from the presses
 * stored before. press-day.test.ts holds the rollup to the presses.
 *
 * Its `day` is the trigger's (born_at + 10800000) / 86400000: the fixed UTC+3 arithmetic of
 * shared/periods.ts (Moscow has had no DST since 2014).
 */
const DAY_MS = 24 * 60 * 60 * 1000;

/** The rollup's day number of a Moscow midnight; null for an instant inside a day (then the press rows answer). */
export const pressDayAt = (ms: number): number | null => ((ms + MOSCOW_OFFSET_MS) % DAY_MS === 0 ? (ms + MOSCOW_OFFSET_MS) / DAY_MS : null);

const RANGE_DAYS = 'office_id IN (SELECT value FROM json_each(@offices)) AND day >= @startDay AND day < @endDay';

/**
 * Press counts by office over whole Moscow days [@startDay, @endDay) of @offices, from the rollup,
 * in the rows histograms.ts reads: `key` is the given SQL expression (a constant: the rollup keeps
 * no desk or channel of its own).
 */
export const pressDayCountsSql = (key: string): string =>
  `SELECT office_id AS office, ${key} AS key, score, suppressed AS sup, sum(presses) AS n
       FROM press_day WHERE ${RANGE_DAYS} GROUP BY office_id, key, sup, score`;
