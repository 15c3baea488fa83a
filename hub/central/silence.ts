import { isWorkingTime, workingMsBetween, type WorkingHours } from '../../shared/working-hours.ts';

/**
 * How long an office hub has been silent, counted in working time only (Moscow time, the
 * configured days and hours: shared/working-hours.ts), and whether that is worth an alert now. A
 * hub that went quiet on Friday evening has been silent for minutes, not days, at 08:05 on
 * Monday; and nobody is alerted at night.
 */
export interface SilenceVerdict {
  /** Working minutes since the office last delivered (or since its key was issued, if it never did). */
  silentWorkingMinutes: number;
  alert: boolean;
}

export function judgeSilence(since: number, now: number, hours: WorkingHours, thresholdMinutes: number): SilenceVerdict {
  const silentWorkingMinutes = Math.floor(workingMsBetween(since, now, hours) / 60_000);
  return { silentWorkingMinutes, alert: isWorkingTime(now, hours) && silentWorkingMinutes > thresholdMinutes };
}
