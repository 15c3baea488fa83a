import { describe, expect, it } from 'vitest';
import { moscowMidnight } from '../../shared/periods.ts';
import { dueRuns, latestMonthlyRun, latestWeeklyRun, nextRunAt } from './schedule.ts';

const moscow = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => moscowMidnight(y, m, d) + ((h * 60 + min) * 60 + s) * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('what is due at time t (Moscow)', () => {
  it('Monday 06:00 Moscow (03:00 UTC) runs the last complete week; a second earlier, the week before', () => {
    const monday = moscow(2026, 11, 30, 6);
    expect(iso(monday)).toBe('2026-11-30T03:00:00.000Z');
    expect(latestWeeklyRun(monday)).toMatchObject({ runAt: monday, period: { key: '2026-W48' } });
    expect(latestWeeklyRun(monday - 1)).toMatchObject({ runAt: moscow(2026, 11, 23, 6), period: { key: '2026-W47' } });
    expect(latestWeeklyRun(moscow(2026, 12, 6, 23, 59, 59)).period.key).toBe('2026-W48');
  });

  it('the 1st at 06:00 runs the previous month; across a year end too', () => {
    expect(latestMonthlyRun(moscow(2026, 12, 1, 6))).toMatchObject({ runAt: moscow(2026, 12, 1, 6), period: { key: '2026-11' } });
    expect(latestMonthlyRun(moscow(2026, 12, 1, 5, 59)).period.key).toBe('2026-10');
    expect(latestMonthlyRun(moscow(2027, 1, 15)).period.key).toBe('2026-12');
    expect(latestMonthlyRun(moscow(2027, 1, 1, 5)).period.key).toBe('2026-11');
  });

  it('due: the latest run of each kind not yet archived; a hub off over Monday catches up on start', () => {
    const wednesday = moscow(2026, 12, 2, 14);
    const archived = new Set<string>();
    const isArchived = (kind: string, key: string) => archived.has(`${kind}:${key}`);
    expect(dueRuns(wednesday, isArchived).map((r) => `${r.kind}:${r.period.key}`)).toEqual(['weekly-panel:2026-W48', 'monthly:2026-11']);
    archived.add('weekly-panel:2026-W48');
    archived.add('monthly:2026-11');
    expect(dueRuns(wednesday, isArchived)).toEqual([]);
    expect(dueRuns(moscow(2026, 12, 7, 6), isArchived).map((r) => r.period.key)).toEqual(['2026-W49']);
  });

  it('next run: whichever of Monday 06:00 and the 1st 06:00 comes first', () => {
    expect(nextRunAt(moscow(2026, 11, 30, 6))).toBe(moscow(2026, 12, 1, 6));
    expect(nextRunAt(moscow(2026, 12, 1, 6))).toBe(moscow(2026, 12, 7, 6));
    expect(nextRunAt(moscow(2026, 12, 31, 23))).toBe(moscow(2027, 1, 1, 6));
    expect(nextRunAt(moscow(2026, 12, 7, 5, 59, 59))).toBe(moscow(2026, 12, 7, 6));
  });
});
