import { formatDate, moscowDate, MOSCOW_OFFSET_MS } from './periods.ts';

/**
 * Moments as people here read them: Moscow wall time, Russian day-first dates. The one set of
 * formatters for reports, e-mails, the staff app's screens and the kiosk's staff screen, on the
 * same fixed UTC+3 arithmetic as periods.ts (Moscow has had no DST since 2014). A day as a key
 * (YYYY-MM-DD) is periods.ts's `moscowDay`.
 */
const pad = (n: number): string => String(n).padStart(2, '0');
const MONTHS_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/** DD.MM.YYYY, or DD.MM with `year: false`. */
export function formatMoscowDate(ms: number, options: { year?: boolean } = {}): string {
  const d = moscowDate(ms);
  return options.year === false ? `${pad(d.day)}.${pad(d.month)}` : formatDate(d);
}

/** «5 декабря 2026 г.», or «5 декабря» with `year: false`. */
export function formatMoscowLongDate(ms: number, options: { year?: boolean } = {}): string {
  const d = moscowDate(ms);
  const dayMonth = `${d.day} ${MONTHS_GENITIVE[d.month - 1]}`;
  return options.year === false ? dayMonth : `${dayMonth} ${d.year} г.`;
}

/** HH:MM:SS, or HH:MM with `seconds: false`. */
export function formatMoscowTime(ms: number, options: { seconds?: boolean } = {}): string {
  const t = new Date(ms + MOSCOW_OFFSET_MS);
  const clock = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  return options.seconds === false ? clock : `${clock}:${pad(t.getUTCSeconds())}`;
}

/** DD.MM.YYYY HH:MM:SS, or DD.MM.YYYY HH:MM with `seconds: false`. */
export function formatMoscowDateTime(ms: number, options: { seconds?: boolean } = {}): string {
  return `${formatMoscowDate(ms)} ${formatMoscowTime(ms, options)}`;
}

/** Do two moments fall on the same Moscow calendar day? */
export function isSameMoscowDay(a: number, b: number): boolean {
  const x = moscowDate(a);
  const y = moscowDate(b);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}
