import { moscowDate, moscowMidnight } from './periods.ts';

/** The office's working hours in Moscow time (hub config): ISO weekdays, start inclusive, end exclusive. */
export interface WorkingHours {
  days: readonly number[];
  start: string;
  end: string;
}

const MINUTE_MS = 60_000;

function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Today's working period around `now`, or null when `now` is outside working hours. */
export function currentWorkingPeriod(now: number, hours: WorkingHours): { start: number; end: number } | null {
  const d = moscowDate(now);
  if (!hours.days.includes(d.weekday)) return null;
  const midnight = moscowMidnight(d.year, d.month, d.day);
  const start = midnight + minutesOfDay(hours.start) * MINUTE_MS;
  const end = midnight + minutesOfDay(hours.end) * MINUTE_MS;
  return now >= start && now < end ? { start, end } : null;
}

export const isWorkingTime = (now: number, hours: WorkingHours): boolean => currentWorkingPeriod(now, hours) !== null;

/**
 * How long something has been silent, counting only today's working period: a panel quiet since
 * Friday evening has been "silent" for a few minutes at 08:05 on Monday, not for 62 hours.
 * Zero outside working hours, so nothing raises an alert then.
 */
export function workingSilence(now: number, lastSign: number | null, hours: WorkingHours): number {
  const period = currentWorkingPeriod(now, hours);
  if (!period) return 0;
  return Math.max(0, now - Math.max(lastSign ?? period.start, period.start));
}
