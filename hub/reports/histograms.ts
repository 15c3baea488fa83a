import type { Db } from '../db/open.ts';
import { cachedStatement } from '../db/statement-cache.ts';
import { emptyCounts, type MetricCounts } from './counts.ts';
import type { CountsByOffice, Dimension, HistogramQuery } from '../records/record-source.ts';
export type { CountsByOffice, Dimension, HistogramQuery };
import { pressDayAt, pressDayCountsSql } from './press-day.ts';
import { addResponseDayRow, responseDayCountsSql, type ResponseDayRow } from './response-day.ts';

/**
 * The only SQL behind the figures: `GROUP BY office, <dimension>, score` over presses and responses
 * born in [start, end). Rows come back as counts and are folded into MetricCounts; no metric is
 * computed in SQL.
 *
 * Offices are named explicitly (`office_id IN json_each(?)`), even for the whole region: with the
 * indexes led by office_id SQLite then does one range seek per office instead of a scan, and
 * records of an office missing from the directory cannot leak into a total.
 *
 * Presses by office over whole Moscow days (every report period) are read from the press_day
 * rollup (press-day.ts: filled by a trigger of migration 0005), and their survey answers from the
 * response_day rollup (response-day.ts, migration 0018); anything else (a desk, a channel's
 * responses, a range cut inside a day) from the record rows themselves.
 */



// Whitelisted key expressions: the dimension never comes into SQL as text from a request.
// A press has no service: the service drill is survey-only.
const PRESS_KEY: Record<Dimension, string | null> = {
  all: "''",
  desk: "coalesce(desk, '')",
  service: null,
  channel: "'panel'",
};
const RESPONSE_KEY: Record<Dimension, string> = {
  all: "''",
  desk: "coalesce(desk, '')",
  service: "coalesce(service_id, '')",
  channel: 'channel',
};

const RANGE = 'office_id IN (SELECT value FROM json_each(@offices)) AND born_at >= @start AND born_at < @end';

export interface PressCountRow {
  office: string;
  key: string | number;
  score: number;
  sup: 0 | 1 | boolean;
  n: number | string;
}
export interface ResponseCountRow {
  office: string;
  key: string | number;
  csat1: number | null;
  csat2: number | null;
  csat3: number | null;
  ces: number | null;
  nps: number | null;
  n: number | string;
}

// Every press comes by the panel channel, so the channel drill's press side is the rollup too.
const ROLLUP_KEY: Partial<Record<Dimension, string>> = { all: "''", channel: "'panel'" };

export const pressRollupSql = (dimension: Dimension): string | null => {
  const key = ROLLUP_KEY[dimension];
  return key === undefined ? null : pressDayCountsSql(key);
};

export const pressHistogramSql = (dimension: Dimension): string | null => {
  const key = PRESS_KEY[dimension];
  return key === null
    ? null
    : `SELECT office_id AS office, ${key} AS key, score, suppressed IS NOT NULL AS sup, count(*) AS n
       FROM press WHERE ${RANGE} GROUP BY office_id, key, sup, score`;
};

// One pass over the responses: grouping by the answer combination yields every question's
// histogram at once, and a partial response simply has nulls in the questions it skipped.
export const responseHistogramSql = (dimension: Dimension): string =>
  `SELECT office_id AS office, ${RESPONSE_KEY[dimension]} AS key, csat1, csat2, csat3, ces, nps, count(*) AS n
   FROM response WHERE ${RANGE} GROUP BY office_id, key, csat1, csat2, csat3, ces, nps`;

export function countHistograms(db: Db, query: HistogramQuery): CountsByOffice {
  const counts = new HistogramFold();
  const params = { offices: JSON.stringify(query.officeIds), start: query.start, end: query.end };

  const startDay = pressDayAt(query.start);
  const endDay = pressDayAt(query.end);
  const rollupSql = pressRollupSql(query.dimension);
  const [pressSql, pressParams] =
    rollupSql && startDay !== null && endDay !== null ? [rollupSql, { offices: params.offices, startDay, endDay }] : [pressHistogramSql(query.dimension), params];
  if (pressSql) for (const row of cachedStatement(db, pressSql).iterate(pressParams) as IterableIterator<PressCountRow>) counts.addPresses(row);
  if (query.dimension === 'all' && startDay !== null && endDay !== null) {
    for (const row of cachedStatement(db, responseDayCountsSql).iterate({ offices: params.offices, startDay, endDay }) as IterableIterator<ResponseDayRow>) counts.addResponseDay(row);
    return counts.result;
  }
  for (const row of cachedStatement(db, responseHistogramSql(query.dimension)).iterate(params) as IterableIterator<ResponseCountRow>) counts.addResponses(row);
  return counts.result;
}

/**
 * Folds the grouped rows into MetricCounts per office and key: the one place a count row becomes a
 * histogram, for SQLite (above) and PostgreSQL (hub/central-pg/histograms.ts), whose drivers hand
 * back counts as numbers or as strings (bigint): both are read with Number().
 */
export class HistogramFold {
  readonly result: CountsByOffice = new Map();

  cell(office: string, key: string | number): MetricCounts {
    let byKey = this.result.get(office);
    if (!byKey) this.result.set(office, (byKey = new Map()));
    const k = String(key);
    let counts = byKey.get(k);
    if (!counts) byKey.set(k, (counts = emptyCounts()));
    return counts;
  }

  addPresses(row: PressCountRow): void {
    const counts = this.cell(row.office, row.key);
    const n = Number(row.n);
    if (row.sup) counts.suppressed += n;
    else counts.panel[row.score] = (counts.panel[row.score] ?? 0) + n;
  }

  addResponses(row: ResponseCountRow): void {
    const counts = this.cell(row.office, row.key);
    const n = Number(row.n);
    counts.responses += n;
    for (const answer of [row.csat1, row.csat2, row.csat3]) if (answer !== null) counts.csat[answer] = (counts.csat[answer] ?? 0) + n;
    if (row.ces !== null) counts.ces[row.ces] = (counts.ces[row.ces] ?? 0) + n;
    if (row.nps !== null) counts.nps[row.nps] = (counts.nps[row.nps] ?? 0) + n;
  }

  addResponseDay(row: ResponseDayRow): void {
    addResponseDayRow(this.cell(row.office, ''), row);
  }
}
