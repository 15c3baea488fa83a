import { describe, expect, it } from 'vitest';
import { isWorkingTime, workingMsBetween } from '../../shared/working-hours.ts';
import { judgeSilence } from './silence.ts';

const hours = { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] };
// Moscow is UTC+3: 08:00 MSK = 05:00Z. 2026-11-27 is a Friday, 2026-11-30 a Monday.
const msk = (iso: string) => Date.parse(`${iso}+03:00`);

describe('office silence in working time', () => {
  it('working time is the configured days and hours, Moscow time', () => {
    expect(isWorkingTime(msk('2026-11-27T08:00:00'), hours)).toBe(true);
    expect(isWorkingTime(msk('2026-11-27T17:59:59'), hours)).toBe(true);
    expect(isWorkingTime(msk('2026-11-27T18:00:00'), hours)).toBe(false);
    expect(isWorkingTime(msk('2026-11-28T10:00:00'), hours)).toBe(false);
  });
  it('a weekend does not count: silent since Friday 17:50, it is 10 working minutes at Monday 08:00', () => {
    expect(workingMsBetween(msk('2026-11-27T17:50:00'), msk('2026-11-30T08:00:00'), hours)).toBe(10 * 60_000);
    expect(judgeSilence(msk('2026-11-27T17:50:00'), msk('2026-11-30T08:30:00'), hours, 30)).toEqual({ silentWorkingMinutes: 40, alert: true });
    expect(judgeSilence(msk('2026-11-27T17:50:00'), msk('2026-11-30T08:15:00'), hours, 30)).toEqual({ silentWorkingMinutes: 25, alert: false });
  });
  it('no alert at night, however long the silence', () => {
    expect(judgeSilence(msk('2026-11-23T10:00:00'), msk('2026-11-26T23:00:00'), hours, 60)).toMatchObject({ alert: false, silentWorkingMinutes: 8 * 60 + 3 * 10 * 60 });
  });
  it('a very old silence is counted without walking every day since', () => {
    const verdict = judgeSilence(0, msk('2026-11-26T12:00:00'), hours, 60);
    expect(verdict.alert).toBe(true);
    expect(verdict.silentWorkingMinutes).toBeGreaterThan(100_000);
  });
});
