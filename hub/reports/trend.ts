import { periodContaining, previousPeriod, type Period } from '../../shared/periods.ts';
import type { Queryable } from '../sql/queryable.ts';
import type { OfficeRow } from '../db/offices.ts';
import { emptyCounts, figuresFromCounts, sumCounts, type MetricCounts, type MetricFigures } from './counts.ts';
import type { RecordSource } from '../records/record-source.ts';
import { reportOffices } from './report-offices.ts';
import { narrowScope, type ReportScope } from './scope.ts';

/**
 * Figures per week or month over the last `count` periods up to `end`, per office and for the
 * whole scope. The periods are cut by shared/periods.ts, the one place that cuts periods.
 */
export type TrendBucket = 'week' | 'month';
export const MAX_TREND_POINTS = 60;

export interface TrendSeries {
  officeId: string | null;
  label: string;
  points: MetricFigures[];
}

export interface Trend {
  bucket: TrendBucket;
  periods: Pick<Period, 'key' | 'label' | 'start' | 'end'>[];
  offices: TrendSeries[];
  total: TrendSeries;
}

export interface TrendQuery {
  bucket: TrendBucket;
  /** Any instant inside the last period shown. */
  endsAt: number;
  count: number;
  /** Only this office (within scope); null: every office in scope. */
  officeId: string | null;
}

export async function officeTrend(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], query: TrendQuery, scope: ReportScope): Promise<Trend> {
  const count = Math.max(1, Math.min(MAX_TREND_POINTS, Math.floor(query.count)));
  const periods: Period[] = [periodContaining(query.bucket, query.endsAt)];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0]!));

  const effective = query.officeId === null ? scope : narrowScope(scope, { officeIds: [query.officeId] });
  const offices = await reportOffices(sql, records, directory, effective, periods[0]!);
  const officeIds = offices.map((o) => o.id);
  // One offices × period query per point: each is whole Moscow days, so presses come from the
  // press_day rollup (press-day.ts), and the survey side scans one period's responses, not a year grouped by day.
  // Asked together: PostgreSQL answers them on several pooled connections at once.
  const perPeriod = await Promise.all(periods.map((p) => records.countHistograms({ officeIds, start: p.start, end: p.end, dimension: 'all' })));
  const countsOf = (officeId: string, i: number): MetricCounts => perPeriod[i]?.get(officeId)?.get('') ?? emptyCounts();

  return {
    bucket: query.bucket,
    periods: periods.map(({ key, label, start, end }) => ({ key, label, start, end })),
    offices: offices.map((office) => ({ officeId: office.id, label: office.name, points: periods.map((_, i) => figuresFromCounts(countsOf(office.id, i))) })),
    total: {
      officeId: null,
      label: scope.officeIds === 'all' && query.officeId === null ? 'Вся область' : 'Итого',
      points: periods.map((_, i) => figuresFromCounts(sumCounts(officeIds.map((id) => countsOf(id, i))))),
    },
  };
}
