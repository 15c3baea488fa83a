import { lastCompleteWeek, moscowDate, moscowMidnight, periodContaining, previousPeriod, type Period } from '../../shared/periods.ts';
import type { ReportKind } from './report-files.ts';

/**
 * When the reports are due, as pure functions of "now" (the scheduler injects its clock):
 * the weekly panel table of the last complete week every Monday at 06:00 Moscow, the monthly
 * CSAT / NPS / CES report of the last month (and, on the central, the register's report per
 * channel) on the 1st at 06:00 Moscow.
 *
 * Only the latest run of each kind is ever due: a hub that was off over a Monday catches up on
 * the week it missed when it starts, and older weeks stay available on demand.
 */
export const RUN_HOUR_MOSCOW = 6;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface ScheduledRun {
  kind: ReportKind;
  /** The scheduled instant of the run (Monday or the 1st, 06:00 Moscow). */
  runAt: number;
  /** The period the run reports on. */
  period: Period;
}

/** The latest weekly run at or before `now`. */
export function latestWeeklyRun(now: number): ScheduledRun {
  let runAt = periodContaining('week', now).start + RUN_HOUR_MOSCOW * HOUR_MS;
  if (runAt > now) runAt -= 7 * DAY_MS;
  return { kind: 'weekly-panel', runAt, period: lastCompleteWeek(runAt) };
}

/** The reports made on the 1st of the month: the figures' everywhere, the register's on the central. */
export type MonthlyKind = Exclude<ReportKind, 'weekly-panel'>;

/** The latest monthly run at or before `now`. */
export function latestMonthlyRun(now: number, kind: MonthlyKind = 'monthly'): ScheduledRun {
  let month = periodContaining('month', now);
  if (month.start + RUN_HOUR_MOSCOW * HOUR_MS > now) month = previousPeriod(month);
  const runAt = month.start + RUN_HOUR_MOSCOW * HOUR_MS;
  return { kind, runAt, period: previousPeriod(month) };
}

/** The latest run of each kind whose period is not archived yet. */
export function dueRuns(now: number, isArchived: (kind: ReportKind, periodKey: string) => boolean, monthlyKinds: readonly MonthlyKind[] = ['monthly']): ScheduledRun[] {
  return [latestWeeklyRun(now), ...monthlyKinds.map((kind) => latestMonthlyRun(now, kind))].filter((run) => !isArchived(run.kind, run.period.key));
}

/** The first scheduled instant strictly after `now`, of either kind. */
export function nextRunAt(now: number): number {
  const weekly = latestWeeklyRun(now).runAt + 7 * DAY_MS;
  const d = moscowDate(now);
  let monthly = moscowMidnight(d.year, d.month, 1) + RUN_HOUR_MOSCOW * HOUR_MS;
  if (monthly <= now) monthly = moscowMidnight(d.year, d.month + 1, 1) + RUN_HOUR_MOSCOW * HOUR_MS;
  return Math.min(weekly, monthly);
}
