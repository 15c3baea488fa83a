import { formatMoscowDate, formatMoscowDateTime, formatMoscowLongDate, formatMoscowTime } from '../../shared/moscow-time.ts';

/** Numbers, dates and words as a Russian reader expects them: decimal comma, Moscow time, plurals. */
const numberFormats = new Map<number, Intl.NumberFormat>();

export function number(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  let f = numberFormats.get(decimals);
  if (!f) numberFormats.set(decimals, (f = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  const text = f.format(value);
  return text === f.format(-0) ? f.format(0) : text;
}

export const signed = (value: number | null | undefined, decimals: number): string =>
  value === null || value === undefined ? '—' : value > 0 ? `+${number(value, decimals)}` : number(value, decimals);

/** Russian plural: plural(3, 'запись', 'записи', 'записей') → 'записи'. */
export function plural(n: number, one: string, few: string, many: string): string {
  const d10 = n % 10;
  const d100 = n % 100;
  if (d10 === 1 && d100 !== 11) return one;
  if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14)) return few;
  return many;
}

// Moscow time through shared/moscow-time.ts, the hub's own formatters; here a moment may also come as an instant string.
const toMs = (at: string | number | Date): number => (typeof at === 'number' ? at : at instanceof Date ? at.getTime() : Date.parse(at));
/** 05.12.2026 10:32 */
export const moscowDateTime = (at: string | number | Date): string => formatMoscowDateTime(toMs(at), { seconds: false });
/** 10:32 */
export const moscowTime = (at: string | number | Date): string => formatMoscowTime(toMs(at), { seconds: false });
/** 10:32:07 */
export const moscowTimeSeconds = (at: string | number | Date): string => formatMoscowTime(toMs(at));
/** 05.12 */
export const moscowDayMonth = (at: string | number | Date): string => formatMoscowDate(toMs(at), { year: false });
/** 5 декабря */
export const moscowLongDate = (at: string | number | Date): string => formatMoscowLongDate(toMs(at), { year: false });

/** «5 мин», «2 ч 10 мин», «3 дн». */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  if (minutes < 1) return 'меньше минуты';
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} ч ${minutes % 60} мин` : `${hours} ч`;
  return `${Math.floor(hours / 24)} дн`;
}

/** «10:32 (5 мин назад)», with the date when not today; relative to `now` (the hub's clock). */
export function whenAgo(instant: string | null, now: number): string {
  if (!instant) return 'никогда';
  const t = Date.parse(instant);
  const sameDay = moscowDayMonth(t) === moscowDayMonth(now);
  const at = sameDay ? moscowTime(t) : `${moscowDayMonth(t)} ${moscowTime(t)}`;
  const ago = now - t;
  return ago >= 0 ? `${at} (${duration(ago)} назад)` : at;
}

/** A calendar day written YYYY-MM-DD, as a Russian reader writes it: 31.12.2026. */
export const isoDayText = (day: string): string => day.split('-').reverse().join('.');
