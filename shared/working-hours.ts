import { moscowDate, moscowMidnight } from './periods.ts';

/**
 * An office's working hours in Moscow time (the hub's WORK_* settings): ISO weekdays, start
 * inclusive, end exclusive, HH:MM. Alerts about silence count only working time, so nobody is
 * paged at night and a quiet weekend is not an outage. Two measures are built on the one model:
 * - workingMsBetween: working time across days, for an office hub's silence towards the central
 *   (a hub quiet since Friday 17:50 has been silent 10 working minutes at 08:00 on Monday);
 * - workingSilenceToday: silence within today's working period only, for a device or panel on the
 *   АХО board (quiet since Friday evening is a few minutes at 08:05 on Monday: the board judges the
 *   device by what it should have said today).
 */
export interface WorkingHours {
  days: readonly number[];
  start: string;
  end: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Beyond this much calendar time the exact figure no longer matters: the office is long silent. */
const MAX_SPAN_DAYS = 400;

function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The working period [start, end) of the Moscow day containing `ms`, or null on a day off. */
export function workingPeriodOfDay(ms: number, hours: WorkingHours): { start: number; end: number } | null {
  const d = moscowDate(ms);
  if (!hours.days.includes(d.weekday)) return null;
  const midnight = moscowMidnight(d.year, d.month, d.day);
  return { start: midnight + minutesOfDay(hours.start) * MINUTE_MS, end: midnight + minutesOfDay(hours.end) * MINUTE_MS };
}

/** Today's working period around `now`, or null when `now` is outside working hours. */
export function currentWorkingPeriod(now: number, hours: WorkingHours): { start: number; end: number } | null {
  const period = workingPeriodOfDay(now, hours);
  return period !== null && now >= period.start && now < period.end ? period : null;
}

export const isWorkingTime = (now: number, hours: WorkingHours): boolean => currentWorkingPeriod(now, hours) !== null;

/** Working milliseconds within [from, to), across as many days as it takes. */
export function workingMsBetween(from: number, to: number, hours: WorkingHours): number {
  if (to <= from) return 0;
  const start = Math.max(from, to - MAX_SPAN_DAYS * DAY_MS);
  let total = 0;
  for (let day = start; day < to + DAY_MS; day += DAY_MS) {
    const period = workingPeriodOfDay(day, hours);
    if (!period) continue;
    total += Math.max(0, Math.min(period.end, to) - Math.max(period.start, start));
  }
  return total;
}

/**
 * How long something has been silent, counting only today's working period: a panel quiet since
 * Friday evening has been "silent" for a few minutes at 08:05 on Monday, not for 62 hours.
 * Zero outside working hours, so nothing raises an alert then.
 */
export function workingSilenceToday(now: number, lastSign: number | null, hours: WorkingHours): number {
  const period = currentWorkingPeriod(now, hours);
  if (!period) return 0;
  return Math.max(0, now - Math.max(lastSign ?? period.start, period.start));
}
