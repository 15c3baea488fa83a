import { panelAverageFromCounts } from '../../shared/metrics.ts';
import { MOSCOW_OFFSET_MS, type Period } from '../../shared/periods.ts';
import type { HeatmapCell } from '../../shared/api/figures.ts';
import type { Queryable } from '../sql/queryable.ts';
import type { OfficeRow } from '../db/offices.ts';
import type { RecordSource } from '../records/record-source.ts';
import { reportOffices } from './report-offices.ts';
import type { ReportScope } from './scope.ts';

/**
 * The panel average by Moscow weekday × hour over a period: when in the week clients press low.
 * SQL counts counted presses (the offset is the integer constant, so both databases divide as
 * integers) by weekday, hour and score over the covering index (press_by_office_time); the averages
 * are the shared formula's, like every other figure. The counts come through the RecordSource
 * (SQLite here, hub/central-pg/readers.ts on PostgreSQL), so everything below them is one path.
 * 1 January 1970 was a Thursday, so the ISO weekday of Moscow day d is (d + 3) mod 7 + 1.
 */
export interface Heatmap {
  cells: HeatmapCell[];
  n: number;
}

import type { HeatmapCountRow } from '../records/record-source.ts';
export type { HeatmapCountRow };

export const HEATMAP_SQL = `SELECT ((born_at + ${MOSCOW_OFFSET_MS}) / 86400000 + 3) % 7 + 1 AS weekday, ((born_at + ${MOSCOW_OFFSET_MS}) % 86400000) / 3600000 AS hour, score, count(*) AS n
       FROM press
       WHERE office_id IN (SELECT value FROM json_each(@offices)) AND born_at >= @start AND born_at < @end AND suppressed IS NULL
       GROUP BY weekday, hour, score`;

export async function panelHeatmap(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], period: Pick<Period, 'start' | 'end'>, scope: ReportScope): Promise<Heatmap> {
  const officeIds = (await reportOffices(sql, records, directory, scope, period)).map((o) => o.id);
  const rows = await records.heatmapCounts(officeIds, period.start, period.end);
  const histograms = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.weekday}:${r.hour}`;
    let counts = histograms.get(key);
    if (!counts) histograms.set(key, (counts = new Array<number>(6).fill(0)));
    counts[r.score] = (counts[r.score] ?? 0) + r.n;
  }
  const cells: HeatmapCell[] = [];
  let n = 0;
  for (const [key, counts] of histograms) {
    const [weekday, hour] = key.split(':').map(Number) as [number, number];
    const figure = panelAverageFromCounts(counts);
    n += figure.n;
    cells.push({ weekday, hour, n: figure.n, value: figure.value });
  }
  cells.sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  return { cells, n };
}
