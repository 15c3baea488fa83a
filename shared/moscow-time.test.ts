import { describe, expect, it } from 'vitest';
import { formatMoscowDate, formatMoscowDateTime, formatMoscowLongDate, formatMoscowTime, isSameMoscowDay } from './moscow-time.ts';
import { moscowDay } from './periods.ts';

const utc = (iso: string): number => Date.parse(iso);

describe('Moscow time, the one set of formatters', () => {
  const evening = utc('2026-12-05T20:59:07.000Z'); // Saturday 23:59:07 in Moscow
  const midnight = utc('2026-12-05T21:00:00.000Z'); // Sunday 00:00 in Moscow

  it('dates, times and both together, day first', () => {
    expect(formatMoscowDate(evening)).toBe('05.12.2026');
    expect(formatMoscowDate(evening, { year: false })).toBe('05.12');
    expect(formatMoscowTime(evening)).toBe('23:59:07');
    expect(formatMoscowTime(evening, { seconds: false })).toBe('23:59');
    expect(formatMoscowDateTime(evening, { seconds: false })).toBe('05.12.2026 23:59');
    expect(formatMoscowDateTime(midnight)).toBe('06.12.2026 00:00:00');
    expect(isSameMoscowDay(evening, midnight)).toBe(false);
  });

  it('a long date, as the browser says it in Russian, for every month', () => {
    expect(formatMoscowLongDate(evening)).toBe('5 декабря 2026 г.');
    expect(formatMoscowLongDate(midnight, { year: false })).toBe('6 декабря');
    const intl = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: 'numeric', month: 'long', year: 'numeric' });
    for (let month = 0; month < 12; month++) {
      const at = Date.UTC(2027, month, 1, 21, 30); // 00:30 on the 2nd in Moscow
      expect(formatMoscowLongDate(at)).toBe(intl.format(at));
    }
  });

  it('the Moscow day as YYYY-MM-DD turns at Moscow midnight, not at UTC midnight', () => {
    expect(moscowDay(evening)).toBe('2026-12-05');
    expect(moscowDay(midnight)).toBe('2026-12-06');
    expect(moscowDay(utc('2026-12-31T23:30:00.000Z'))).toBe('2027-01-01');
  });
});
