import type pg from 'pg';
import { pressDayAt } from '../reports/press-day.ts';
import { HistogramFold, type CountsByOffice, type Dimension, type HistogramQuery, type PressCountRow, type ResponseCountRow } from '../reports/histograms.ts';
import { RESPONSE_DAY_COLUMNS, type ResponseDayRow } from '../reports/response-day.ts';

/**
 * The figures' grouped counts on PostgreSQL: the same rows as hub/reports/histograms.ts reads from
 * SQLite, folded by the same HistogramFold, so a figure cannot differ between the two databases
 * by anything but the SQL below. Whole Moscow days read the press_day and response_day rollups
 * (hub/migrations-pg/0002); a desk, a service or a range cut inside a day read the record rows,
 * pruned to the period's month partitions.
 */
const PRESS_KEY: Record<Dimension, string | null> = { all: "''", desk: "coalesce(desk, '')", service: null, channel: "'panel'" };
const RESPONSE_KEY: Record<Dimension, string> = { all: "''", desk: "coalesce(desk, '')", service: "coalesce(service_id, '')", channel: 'channel' };
const ROLLUP_KEY: Partial<Record<Dimension, string>> = { all: "''", channel: "'panel'" };

const pressRollupSql = (key: string) => `SELECT office_id AS office, ${key}::text AS key, score, suppressed AS sup, sum(presses) AS n
  FROM press_day WHERE office_id = ANY($1::text[]) AND day >= $2 AND day < $3 GROUP BY office_id, 2, sup, score`;
const pressRowsSql = (key: string) => `SELECT office_id AS office, ${key}::text AS key, score, suppressed IS NOT NULL AS sup, count(*) AS n
  FROM press WHERE office_id = ANY($1::text[]) AND born_at >= $2 AND born_at < $3 GROUP BY office_id, 2, 4, score`;
const RESPONSE_DAY_SQL = `SELECT office_id AS office, sum(responses) AS responses, ${RESPONSE_DAY_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
  FROM response_day WHERE office_id = ANY($1::text[]) AND day >= $2 AND day < $3 GROUP BY office_id`;
const responseRowsSql = (key: string) => `SELECT office_id AS office, ${key}::text AS key, csat1, csat2, csat3, ces, nps, count(*) AS n
  FROM response WHERE office_id = ANY($1::text[]) AND born_at >= $2 AND born_at < $3 GROUP BY office_id, 2, csat1, csat2, csat3, ces, nps`;

export async function countHistogramsPg(pool: pg.Pool, query: HistogramQuery): Promise<CountsByOffice> {
  const fold = new HistogramFold();
  const offices = [...query.officeIds];
  const startDay = pressDayAt(query.start);
  const endDay = pressDayAt(query.end);
  const wholeDays = startDay !== null && endDay !== null;
  const rollupKey = ROLLUP_KEY[query.dimension];
  const pressKey = PRESS_KEY[query.dimension];
  const presses =
    rollupKey !== undefined && wholeDays
      ? pool.query<PressCountRow>(pressRollupSql(rollupKey), [offices, startDay, endDay])
      : pressKey !== null
        ? pool.query<PressCountRow>(pressRowsSql(pressKey), [offices, query.start, query.end])
        : null;
  const responsesByDay = query.dimension === 'all' && wholeDays;
  const responses = responsesByDay
    ? pool.query<ResponseDayRow>(RESPONSE_DAY_SQL, [offices, startDay, endDay])
    : pool.query<ResponseCountRow>(responseRowsSql(RESPONSE_KEY[query.dimension]), [offices, query.start, query.end]);
  const [pressRows, responseRows] = await Promise.all([presses, responses]);
  for (const row of pressRows?.rows ?? []) fold.addPresses(row);
  if (responsesByDay) for (const row of responseRows.rows as ResponseDayRow[]) fold.addResponseDay(row);
  else for (const row of responseRows.rows as ResponseCountRow[]) fold.addResponses(row);
  return fold.result;
}
