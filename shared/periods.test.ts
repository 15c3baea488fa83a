import { describe, expect, it } from 'vitest';
import { customRange, lastCompleteWeek, moscowDate, nextPeriod, parsePeriodKey, periodContaining, periodRefusalText, previousPeriod } from './periods.ts';

const utc = (iso: string): number => Date.parse(iso);

describe('week (Monday–Sunday, Moscow)', () => {
  it('Sunday 23:59:59 Moscow (20:59:59 UTC) belongs to the week ending that Sunday', () => {
    const week = periodContaining('week', utc('2026-11-29T20:59:59.999Z'));
    expect(week.key).toBe('2026-W48');
    expect(week.start).toBe(utc('2026-11-22T21:00:00.000Z'));
    expect(week.end).toBe(utc('2026-11-29T21:00:00.000Z'));
    expect(week.label).toBe('неделя 23.11.2026–29.11.2026');
  });
  it('Monday 00:00:00 Moscow (Sunday 21:00 UTC) starts the next week', () => {
    expect(periodContaining('week', utc('2026-11-29T21:00:00.000Z')).key).toBe('2026-W49');
  });
  it('a UTC Monday 01:00 that is Monday 04:00 Moscow is the same week as Moscow Monday', () => {
    expect(periodContaining('week', utc('2026-11-23T01:00:00Z')).key).toBe('2026-W48');
  });
  it('ISO week-year across the new year', () => {
    // 2026-12-31 is a Thursday → week 53 of 2026; 2027-01-03 (Sunday) still in it.
    expect(periodContaining('week', utc('2026-12-31T12:00:00Z')).key).toBe('2026-W53');
    expect(periodContaining('week', utc('2027-01-03T20:59:59Z')).key).toBe('2026-W53');
    expect(periodContaining('week', utc('2027-01-03T21:00:00Z')).key).toBe('2027-W01');
    // 2024-12-30 (Monday) belongs to 2025-W01.
    expect(periodContaining('week', utc('2024-12-30T06:00:00Z')).key).toBe('2025-W01');
  });
  it('last complete week on a Monday morning is the week before', () => {
    const monday6am = utc('2026-11-30T03:00:00Z'); // 06:00 Moscow
    expect(lastCompleteWeek(monday6am).key).toBe('2026-W48');
  });
  it('next and previous are adjacent', () => {
    const w = periodContaining('week', utc('2026-11-25T12:00:00Z'));
    expect(nextPeriod(w).start).toBe(w.end);
    expect(previousPeriod(w).end).toBe(w.start);
  });
});

describe('month and quarter', () => {
  it('a month starts at Moscow midnight, i.e. 21:00 UTC the day before', () => {
    const m = periodContaining('month', utc('2026-11-30T20:59:59.999Z'));
    expect(m).toMatchObject({ key: '2026-11', label: 'ноябрь 2026', start: utc('2026-10-31T21:00:00Z'), end: utc('2026-11-30T21:00:00Z') });
    expect(periodContaining('month', utc('2026-11-30T21:00:00Z')).key).toBe('2026-12');
  });
  it('New Year in Moscow comes three hours before UTC', () => {
    expect(periodContaining('month', utc('2026-12-31T21:00:00Z')).key).toBe('2027-01');
    expect(periodContaining('quarter', utc('2026-12-31T21:00:00Z')).key).toBe('2027-Q1');
    expect(periodContaining('quarter', utc('2026-12-31T20:59:59Z'))).toMatchObject({ key: '2026-Q4', label: 'IV квартал 2026' });
  });
  it('moscowDate', () => {
    expect(moscowDate(utc('2026-11-29T21:00:00Z'))).toEqual({ year: 2026, month: 11, day: 30, weekday: 1 });
  });
});

describe('keys and custom ranges', () => {
  it('round-trips every kind of key', () => {
    for (const key of ['2026-W48', '2026-W53', '2025-W01', '2026-11', '2026-Q4', '2026-11-01_2026-11-15']) {
      const parsed = parsePeriodKey(key);
      expect(parsed.ok && parsed.value.key).toBe(key);
    }
  });
  it('refuses what does not exist', () => {
    for (const key of ['2025-W53', '2026-W00', '2026-13', '2026-Q5', '2026-02-30_2026-03-01', 'вчера']) {
      expect(parsePeriodKey(key).ok).toBe(false);
    }
    const week = parsePeriodKey('2026-W99');
    expect(week).toEqual({ ok: false, reason: 'no-such-week', key: '2026-W99' });
    expect(!week.ok && periodRefusalText(week)).toBe('нет такой недели: 2026-W99');
  });
  it('custom range covers whole Moscow days, both ends inclusive', () => {
    const r = customRange('2026-11-01', '2026-11-01');
    expect(r.ok && [r.value.start, r.value.end]).toEqual([utc('2026-10-31T21:00:00Z'), utc('2026-11-01T21:00:00Z')]);
    expect(customRange('2026-11-02', '2026-11-01')).toMatchObject({ ok: false });
  });
});
