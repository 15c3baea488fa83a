import { MOSCOW_OFFSET_MS, periodContaining, previousPeriod, type Period } from '../../shared/periods.ts';
import type { Db } from '../db/open.ts';
import { addCounts, emptyCounts, figuresFromCounts, sumCounts, type MetricCounts, type MetricFigures } from './counts.ts';
import { countHistograms } from './histograms.ts';
import { reportOffices } from './report-offices.ts';
import { narrowScope, type ReportScope } from './scope.ts';

/**
 * Figures per week or month over the last `count` periods up to `end`, per office and for the
 * whole scope. SQL groups by Moscow day; the days are cut into weeks and months by
 * shared/periods.ts, the one place that cuts periods.
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

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TrendQuery {
  bucket: TrendBucket;
  /** Any instant inside the last period shown. */
  endsAt: number;
  count: number;
  /** Only this office (within scope); null: every office in scope. */
  officeId: string | null;
}

export function officeTrend(db: Db, query: TrendQuery, scope: ReportScope): Trend {
  const count = Math.max(1, Math.min(MAX_TREND_POINTS, Math.floor(query.count)));
  const periods: Period[] = [periodContaining(query.bucket, query.endsAt)];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0]!));
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;

  const effective = query.officeId === null ? scope : narrowScope(scope, { officeIds: [query.officeId] });
  const offices = reportOffices(db, effective, first);
  const byDay = countHistograms(db, { officeIds: offices.map((o) => o.id), start: first.start, end: last.end, dimension: 'moscow-day' });

  const indexOfDay = new Map<string, number>();
  const bucketOf = (day: string): number => {
    let index = indexOfDay.get(day);
    if (index === undefined) {
      const instant = Number(day) * DAY_MS - MOSCOW_OFFSET_MS;
      index = periods.findIndex((p) => instant >= p.start && instant < p.end);
      indexOfDay.set(day, index);
    }
    return index;
  };

  const perOffice = offices.map((office) => {
    const buckets: MetricCounts[] = periods.map(() => emptyCounts());
    for (const [day, counts] of byDay.get(office.id) ?? []) {
      const bucket = buckets[bucketOf(day)];
      if (bucket) addCounts(bucket, counts);
    }
    return { office, buckets };
  });

  return {
    bucket: query.bucket,
    periods: periods.map(({ key, label, start, end }) => ({ key, label, start, end })),
    offices: perOffice.map(({ office, buckets }) => ({ officeId: office.id, label: office.name, points: buckets.map(figuresFromCounts) })),
    total: {
      officeId: null,
      label: scope.officeIds === 'all' && query.officeId === null ? 'Вся область' : 'Итого',
      points: periods.map((_, i) => figuresFromCounts(sumCounts(perOffice.map((o) => o.buckets[i]!)))),
    },
  };
}
