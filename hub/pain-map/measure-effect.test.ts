import { describe, expect, it } from 'vitest';
import { moscowMidnight } from '../../shared/periods.ts';
import type { Press, SurveyResponse } from '../../shared/records.ts';
import { ingestAt, press, response, testDb } from '../../test/support/test-records.ts';
import type { Db } from '../db/open.ts';
import { sqliteRecordSource } from '../reports/record-source.ts';
import { measureEffect } from './measure-effect.ts';
import { readOffices } from '../db/offices.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';

/**
 * «Did it work» on synthetic data whose answer is known: presses and answers put on given days
 * before the measure started and after it was done, in the measure's office and in another.
 */
const at = (y: number, m: number, d: number, hour = 12) => moscowMidnight(y, m, d) + hour * 3_600_000;
const NOW = at(2026, 12, 1);

/** `count` presses of `score` on the day, in the office. */
const presses = (office: string, day: number, score: number, count: number): Press[] =>
  Array.from({ length: count }, (_, i) => press('drv-1', 'p1', day + i * 1000, { officeId: office, score, button: String(score) }));
const answers = (office: string, day: number, csat3: number, count: number): SurveyResponse[] =>
  Array.from({ length: count }, (_, i) => ({ ...response('kiosk-1', day + i * 1000), officeId: office, answers: { csat1: csat3, csat2: csat3, csat3 } }));

function store(db: Db, records: (Press | SurveyResponse)[]): void {
  const byOffice = new Map<string, (Press | SurveyResponse)[]>();
  for (const r of records) byOffice.set(r.officeId, [...(byOffice.get(r.officeId) ?? []), r]);
  for (const batch of byOffice.values()) ingestAt(db, NOW, batch);
}

const MEASURE = { officeId: 'sharya', startedOn: '2026-07-01', doneOn: '2026-08-01' } as const;

describe('measureEffect', () => {
  it('a real improvement of the panel average: the windows, both n, the difference and the verdict', async () => {
    const db = testDb();
    store(db, [
      // before: 40 × 2 and 60 × 4 → 3.2 (n 100); after: 10 × 2 and 90 × 5 → 4.7 (n 100)
      ...presses('sharya', at(2026, 5, 10), 2, 40),
      ...presses('sharya', at(2026, 6, 30), 4, 60),
      ...presses('sharya', at(2026, 8, 1, 0), 2, 10),
      ...presses('sharya', at(2026, 10, 29), 5, 90),
      // Not counted: while the measure ran, before the «before» window, after the «after» one, another office.
      ...presses('sharya', at(2026, 7, 15), 1, 50),
      ...presses('sharya', at(2026, 4, 1), 1, 50),
      ...presses('sharya', at(2026, 10, 30), 1, 50),
      ...presses('buy', at(2026, 6, 1), 1, 50),
    ]);
    const effect = await measureEffect(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { ...MEASURE, target: 'panel' }, NOW);
    expect(effect.before).toEqual({ from: '2026-04-02', to: '2026-06-30', value: 3.2, n: 100 });
    expect(effect.after).toEqual({ from: '2026-08-01', to: '2026-10-29', value: 4.7, n: 100 });
    expect(effect.difference).toBeCloseTo(1.5, 10);
    // Welch: sd before = sqrt(0.96·100/99), after sqrt(0.81·100/99); se = sqrt((0.9697 + 0.8182)/100) = 0.1337
    expect(effect.interval!.low).toBeCloseTo(1.5 - 1.972 * 0.13371, 2);
    expect(effect.interval!.high).toBeCloseTo(1.5 + 1.972 * 0.13371, 2);
    expect(effect.verdict).toBe('improved');
    expect(effect.words).toBe('улучшение');
    expect(effect.sentence).toMatch(/^Улучшение: \+1,5 балла \(95 % интервал от \+1,2 до \+1,8; до: 100 отв\., после: 100 отв\.\)\.$/);
  });

  it('the same figures before and after: без изменений, not a claim of no effect', async () => {
    const db = testDb();
    store(db, [...presses('sharya', at(2026, 6, 1), 3, 20), ...presses('sharya', at(2026, 6, 2), 5, 20), ...presses('sharya', at(2026, 9, 1), 3, 21), ...presses('sharya', at(2026, 9, 2), 5, 19)]);
    const effect = await measureEffect(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { ...MEASURE, target: 'panel' }, NOW);
    expect([effect.before.n, effect.after.n]).toEqual([40, 40]);
    expect(effect.verdict).toBe('no-change');
    expect(effect.interval!.low).toBeLessThan(0);
    expect(effect.interval!.high).toBeGreaterThan(0);
    expect(effect.sentence).toContain('в пределах случайных колебаний');
  });

  it('fewer than 30 answers in a period: мало данных, whatever the difference', async () => {
    const db = testDb();
    store(db, [...presses('sharya', at(2026, 6, 1), 1, 100), ...presses('sharya', at(2026, 9, 1), 5, 29)]);
    const effect = await measureEffect(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { ...MEASURE, target: 'panel' }, NOW);
    expect(effect).toMatchObject({ verdict: 'too-few', words: 'мало данных', before: { n: 100 }, after: { n: 29 } });
    expect(effect.sentence).toContain('не меньше 30 ответов');
  });

  it('the share of negative feedback going down is an improvement; a region-wide measure counts every office', async () => {
    const db = testDb();
    store(db, [
      // before: 40 of 100 presses are 1–2; after: 10 of 100
      ...presses('sharya', at(2026, 6, 1), 1, 40),
      ...presses('sharya', at(2026, 6, 2), 5, 60),
      ...presses('sharya', at(2026, 9, 1), 2, 10),
      ...presses('sharya', at(2026, 9, 2), 4, 90),
      ...presses('buy', at(2026, 6, 1), 5, 100),
    ]);
    const office = await measureEffect(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { ...MEASURE, target: 'negative' }, NOW);
    expect(office.before).toMatchObject({ value: 40, n: 100 });
    expect(office.after).toMatchObject({ value: 10, n: 100 });
    expect(office.difference).toBeCloseTo(-30, 10);
    expect(office.interval!.high).toBeLessThan(0);
    expect(office.verdict).toBe('improved');

    const region = await measureEffect(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { ...MEASURE, officeId: null, target: 'negative' }, NOW);
    expect(region.before).toMatchObject({ value: 20, n: 200 });
    expect(region.after).toMatchObject({ n: 100 });
  });

  it('CSAT from survey answers, and a worse one said as ухудшение', async () => {
    const db = testDb();
    // CSAT counts each of the three questions' answers: before 105 of 120 are 4–5 (87.5 %); after 30 of 120 (25 %)
    store(db, [...answers('sharya', at(2026, 6, 1), 5, 35), ...answers('sharya', at(2026, 6, 2), 2, 5), ...answers('sharya', at(2026, 9, 1), 4, 10), ...answers('sharya', at(2026, 9, 2), 1, 30)]);
    const effect = await measureEffect(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { ...MEASURE, target: 'csat' }, NOW);
    expect(effect.before).toMatchObject({ n: 120, value: 87.5 });
    expect(effect.after).toMatchObject({ n: 120, value: 25 });
    expect(effect.verdict).toBe('worse');
    expect(effect.sentence).toMatch(/^Ухудшение: −\d/);
  });

  it('a measure done days ago: the «after» window ends with today, never in days not yet lived', async () => {
    const db = testDb();
    const effect = await measureEffect(sqlOverSqlite(db), sqliteRecordSource(db), await readOffices(sqlOverSqlite(db)), { ...MEASURE, doneOn: '2026-11-20', target: 'panel' }, NOW);
    expect(effect.after).toMatchObject({ from: '2026-11-20', to: '2026-12-01', n: 0, value: null });
    expect(effect.verdict).toBe('too-few');
  });
});
