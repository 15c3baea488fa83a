import { formatMoscowDate, formatMoscowTime, isSameMoscowDay } from '../../../../shared/moscow-time.ts';

/** A moment as the staff read it: Moscow time, the date only when it is not today. */
export function formatTime(ms: number, now = Date.now()): string {
  const time = formatMoscowTime(ms);
  return isSameMoscowDay(ms, now) ? `сегодня в ${time}` : `${formatMoscowDate(ms)} в ${time}`;
}
