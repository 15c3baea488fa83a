import type { Effect, Target } from '../../shared/api/pain-map.ts';
import { judgeChange, type BetterWhen } from '../../shared/change-verdict.ts';
import {
  cesChangeFromCounts,
  cesFromCounts,
  csatChangeFromCounts,
  csatFromCounts,
  npsChangeFromCounts,
  npsFromCounts,
  panelAverageFromCounts,
  panelChangeFromCounts,
  shareChange,
  type Change,
} from '../../shared/metrics.ts';
import { moscowDay, moscowMidnight, type Period } from '../../shared/periods.ts';
import type { Queryable } from '../sql/queryable.ts';
import type { OfficeRow } from '../db/offices.ts';
import { negativeFeedback } from '../analysis/negative-feedback.ts';
import { sumCounts, type MetricCounts } from '../reports/counts.ts';
import type { RecordSource } from '../records/record-source.ts';
import { REGION } from '../reports/scope.ts';

/**
 * «Did it work» for a measure that is done: the figure it targets, in the office concerned (or the
 * region), over EFFECT_WINDOW_DAYS before the measure started and as long after it was done (less
 * while that time has not passed yet), each with its n, the change with its 95 % interval, and the
 * verdict of shared/change-verdict.ts, which says «мало данных» rather than guess.
 */
export const EFFECT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

const UNIT: Record<Target, string> = { panel: 'балла', ces: 'балла', csat: 'п. п.', nps: 'пункта', negative: 'п. п.' };
const BETTER: Record<Target, BetterWhen> = { panel: 'higher', ces: 'higher', csat: 'higher', nps: 'higher', negative: 'lower' };

export async function measureEffect(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], measure: { officeId: string | null; target: Target; startedOn: string; doneOn: string }, now: number): Promise<Effect> {
  const before = { start: midnight(measure.startedOn) - EFFECT_WINDOW_DAYS * DAY_MS, end: midnight(measure.startedOn) };
  const afterStart = midnight(measure.doneOn);
  const after = { start: afterStart, end: Math.max(afterStart, Math.min(afterStart + EFFECT_WINDOW_DAYS * DAY_MS, todayEnd(now))) };
  const officeIds = measure.officeId ? [measure.officeId] : directory.map((o) => o.id);
  const { change, valueBefore, valueAfter } = measure.target === 'negative' ? await negativeChange(sql, records, directory, officeIds, before, after) : await metricChange(records, measure.target, officeIds, before, after);
  const verdict = judgeChange(change, BETTER[measure.target], UNIT[measure.target]);
  return {
    target: measure.target,
    before: { from: moscowDay(before.start), to: moscowDay(before.end - DAY_MS), value: valueBefore, n: change.nBefore },
    after: { from: moscowDay(after.start), to: moscowDay(after.end - DAY_MS), value: valueAfter, n: change.nAfter },
    difference: change.difference,
    interval: change.interval,
    ...verdict,
  };
}

type Range = { start: number; end: number };
type Compared = { change: Change; valueBefore: number | null; valueAfter: number | null };

async function metricChange(records: RecordSource, target: Exclude<Target, 'negative'>, officeIds: string[], before: Range, after: Range): Promise<Compared> {
  const counts = async (r: Range): Promise<MetricCounts> => sumCounts([...(await records.countHistograms({ officeIds, start: r.start, end: r.end, dimension: 'all' })).values()].flatMap((byKey) => [...byKey.values()]));
  const [b, a] = await Promise.all([counts(before), counts(after)]);
  switch (target) {
    case 'panel':
      return { change: panelChangeFromCounts(b.panel, a.panel), valueBefore: panelAverageFromCounts(b.panel).value, valueAfter: panelAverageFromCounts(a.panel).value };
    case 'ces':
      return { change: cesChangeFromCounts(b.ces, a.ces), valueBefore: cesFromCounts(b.ces).value, valueAfter: cesFromCounts(a.ces).value };
    case 'csat':
      return { change: csatChangeFromCounts(b.csat, a.csat), valueBefore: csatFromCounts(b.csat).value, valueAfter: csatFromCounts(a.csat).value };
    case 'nps':
      return { change: npsChangeFromCounts(b.nps, a.nps), valueBefore: npsFromCounts(b.nps).value, valueAfter: npsFromCounts(a.nps).value };
  }
}

async function negativeChange(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], officeIds: string[], before: Range, after: Range): Promise<Compared> {
  const share = async (r: Range) => {
    const period: Period = { kind: 'custom', key: `${moscowDay(r.start)}_${moscowDay(r.end)}`, label: '', start: r.start, end: r.end };
    return (await negativeFeedback(sql, records, directory, { period, scope: officeIds.length > 0 ? { officeIds } : REGION, examples: 0 }, r.end)).total.negative;
  };
  const [b, a] = await Promise.all([share(before), share(after)]);
  return { change: shareChange({ successes: b.count, n: b.n }, { successes: a.count, n: a.n }), valueBefore: b.value, valueAfter: a.value };
}

const midnight = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return moscowMidnight(y, m, d);
};
/** The end of today in Moscow: the «after» period never reaches into days not yet lived. */
const todayEnd = (now: number): number => midnight(moscowDay(now)) + DAY_MS;
