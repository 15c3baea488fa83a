import { MOSCOW_OFFSET_MS } from '../../shared/periods.ts';
import type { HubConfig } from '../config.ts';

/**
 * How long an office hub has been silent, counted in working time only (Moscow time, the
 * configured days and hours), and whether that is worth an alert now. A hub that went quiet on
 * Friday evening has been silent for minutes, not days, at 08:05 on Monday; and nobody is alerted
 * at night.
 */
export type WorkingHours = HubConfig['workingHours'];

const DAY_MS = 24 * 60 * 60 * 1000;
/** Beyond this much calendar time the exact figure no longer matters: the office is long silent. */
const MAX_SPAN_DAYS = 400;

const minutesOfDay = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The working interval [start, end) of the Moscow day containing `ms`, or null on a day off. */
function workingSpanOf(ms: number, hours: WorkingHours): [number, number] | null {
  const local = new Date(ms + MOSCOW_OFFSET_MS);
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  if (!hours.days.includes(weekday)) return null;
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - MOSCOW_OFFSET_MS;
  return [midnight + minutesOfDay(hours.start) * 60_000, midnight + minutesOfDay(hours.end) * 60_000];
}

export function isWorkingTime(ms: number, hours: WorkingHours): boolean {
  const span = workingSpanOf(ms, hours);
  return span !== null && ms >= span[0] && ms < span[1];
}

/** Working milliseconds within [from, to). */
export function workingMsBetween(from: number, to: number, hours: WorkingHours): number {
  if (to <= from) return 0;
  const start = Math.max(from, to - MAX_SPAN_DAYS * DAY_MS);
  let total = 0;
  for (let day = start; day < to + DAY_MS; day += DAY_MS) {
    const span = workingSpanOf(day, hours);
    if (!span) continue;
    total += Math.max(0, Math.min(span[1], to) - Math.max(span[0], start));
  }
  return total;
}

export interface SilenceVerdict {
  /** Working minutes since the office last delivered (or since its key was issued, if it never did). */
  silentWorkingMinutes: number;
  alert: boolean;
}

export function judgeSilence(since: number, now: number, hours: WorkingHours, thresholdMinutes: number): SilenceVerdict {
  const silentWorkingMinutes = Math.floor(workingMsBetween(since, now, hours) / 60_000);
  return { silentWorkingMinutes, alert: isWorkingTime(now, hours) && silentWorkingMinutes > thresholdMinutes };
}
