import { describe, expect, it } from 'vitest';
import { moscowDateTime, moscowDayMonth, moscowLongDate, moscowTime, moscowTimeSeconds, whenAgo } from './format.ts';

describe('the staff app says moments as the hub does (shared/moscow-time.ts)', () => {
  const instant = '2026-12-05T07:32:07.000Z'; // 10:32:07 in Moscow

  it('takes an instant string, epoch milliseconds or a Date alike', () => {
    for (const at of [instant, Date.parse(instant), new Date(instant)]) {
      expect(moscowDateTime(at)).toBe('05.12.2026 10:32');
      expect(moscowTime(at)).toBe('10:32');
      expect(moscowTimeSeconds(at)).toBe('10:32:07');
      expect(moscowDayMonth(at)).toBe('05.12');
      expect(moscowLongDate(at)).toBe('5 декабря');
    }
  });

  it('says when, with the date only when it is not today in Moscow', () => {
    expect(whenAgo(instant, Date.parse('2026-12-05T07:37:07.000Z'))).toBe('10:32 (5 мин назад)');
    expect(whenAgo(instant, Date.parse('2026-12-05T21:00:00.000Z'))).toBe('05.12 10:32 (13 ч 27 мин назад)');
    expect(whenAgo(null, 0)).toBe('никогда');
  });
});
