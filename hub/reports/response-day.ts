import type { MetricCounts } from './counts.ts';

/**
 * The response_day rollup (hub/migrations/0018_response_day.sql): one row per office and Moscow
 * day with a counter per question and score, kept by a trigger in the same transaction as each new
 * response. The survey side of every report period that is whole Moscow days (all of them but a
 * range cut inside a day) reads it instead of the response rows; response-day.test.ts holds it to
 * the responses.
 */
const QUESTIONS = [
  ['csat1', 1, 5],
  ['csat2', 1, 5],
  ['csat3', 1, 5],
  ['ces', 1, 5],
  ['nps', 0, 10],
] as const;
type Question = (typeof QUESTIONS)[number][0];

const COLUMNS: { question: Question; score: number; column: string }[] = QUESTIONS.flatMap(([question, low, high]) =>
  Array.from({ length: high - low + 1 }, (_, i) => ({ question, score: low + i, column: `${question}_${low + i}` })),
);

/** Sums per office over whole Moscow days [@startDay, @endDay) of @offices (a JSON array). */
export const responseDayCountsSql = `SELECT office_id AS office, sum(responses) AS responses, ${COLUMNS.map((c) => `sum(${c.column}) AS ${c.column}`).join(', ')}
  FROM response_day WHERE office_id IN (SELECT value FROM json_each(@offices)) AND day >= @startDay AND day < @endDay GROUP BY office_id`;

// PostgreSQL hands sums of bigint back as strings: read with Number().
export type ResponseDayRow = { office: string; responses: number | string } & Record<string, number | string>;

/** The counter columns, in order (csat1_1 … nps_10), for the PostgreSQL reader's statement. */
export const RESPONSE_DAY_COLUMNS: readonly string[] = COLUMNS.map((c) => c.column);

/** Adds one summed row into an office's counts: the three CSAT questions pool, as everywhere in the reports. */
export function addResponseDayRow(counts: MetricCounts, row: ResponseDayRow): void {
  counts.responses += Number(row.responses);
  for (const { question, score, column } of COLUMNS) {
    const n = Number(row[column] ?? 0);
    if (n === 0) continue;
    const histogram = question === 'ces' ? counts.ces : question === 'nps' ? counts.nps : counts.csat;
    histogram[score] = (histogram[score] ?? 0) + n;
  }
}
