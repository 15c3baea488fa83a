import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteRecordSource } from './record-source.ts';
import { parsePeriodKey, type Period } from '../../shared/periods.ts';
import { sumCounts } from './counts.ts';
import { officeFigures, type FiguresTable } from './figures.ts';
import { countHistograms } from './histograms.ts';
import { FIXTURE_NEXT_WEEK, FIXTURE_WEEK, moscowNov } from '../../test/support/known-answer-fixture.ts';
import { REGION } from './scope.ts';
import { fixtureDatabase } from '../../test/support/fixture-db.ts';
import { readOffices } from '../db/offices.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';

const { db } = fixtureDatabase();
afterAll(() => db.close());
// The directory as a hub holds it in memory (ctx.offices), read once from the fixture's database.
const directory = await readOffices(sqlOverSqlite(db));

function period(key: string): Period {
  const parsed = parsePeriodKey(key);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}
const row = (table: FiguresTable, id: string) => {
  const found = table.offices.find((r) => r.office.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};

describe('the known-answer fixture sits on the Moscow week boundary', () => {
  it('W48 is [Mon 23.11 00:00, Mon 30.11 00:00) Moscow = [22.11 21:00, 29.11 21:00) UTC', async () => {
    const w48 = period(FIXTURE_WEEK);
    expect(new Date(w48.start).toISOString()).toBe('2026-11-22T21:00:00.000Z');
    expect(new Date(w48.end).toISOString()).toBe('2026-11-29T21:00:00.000Z');
    expect(new Date(moscowNov(29, 23, 59, 59)).toISOString()).toBe('2026-11-29T20:59:59.000Z');
  });
});

describe('offices × week table, by hand', () => {
  let table: FiguresTable;
  beforeAll(async () => {
    table = await officeFigures(sqlOverSqlite(db), sqliteRecordSource(db), directory, period(FIXTURE_WEEK), REGION);
  });

  it('lists every office of the directory, in directory order, with or without data', () => {
    expect(table.offices).toHaveLength(25);
    expect(table.offices[0]?.office.id).toBe('kostroma');
    expect(table.regionWide).toBe(true);
    expect(table.total.label).toBe('Итого по области');
  });

  it('sharya: Sunday 23:59:59 counts, Monday 00:00 of the next week does not, the suppressed press is beside', () => {
    const sharya = row(table, 'sharya');
    // counted presses 4 (Mon 00:00:00), 5, 5, 4, 3, 1, 2 (Sun 23:59:59): n 7, sum 24
    expect(sharya.figures.panel.n).toBe(7);
    expect(sharya.figures.panel.value).toBeCloseTo(24 / 7, 10);
    expect(sharya.figures.panel.distribution).toEqual([1, 1, 1, 2, 2]);
    expect(sharya.figures.panel.suppressed).toBe(1);
    expect(sharya.figures.panel.small).toBe(true);
    expect(sharya.panelStatus).toBe('ok');
    // CSAT pools the answered questions: 5,4,4 + 2 (partial) + 4,4,5 + 1,1,1 = 10 answers, six 4–5
    expect(sharya.figures.csat).toMatchObject({ n: 10, value: 60, small: true });
    // NPS 9, 6, 0: one promoter, two detractors
    expect(sharya.figures.nps.n).toBe(3);
    expect(sharya.figures.nps.value).toBeCloseTo(100 / 3 - 200 / 3, 10);
    expect(sharya.figures.nps.promoters).toBeCloseTo(100 / 3, 10);
    expect(sharya.figures.nps.passives).toBe(0);
    expect(sharya.figures.nps.detractors).toBeCloseTo(200 / 3, 10);
    // CES 4, 5, 1
    expect(sharya.figures.ces.n).toBe(3);
    expect(sharya.figures.ces.value).toBeCloseTo(10 / 3, 10);
    expect(sharya.figures.responses).toBe(4);
  });

  it('buy: 40 presses are not a small sample; no survey is "no responses"', () => {
    const buy = row(table, 'buy');
    // 20 × 5 + 10 × 4 + 10 × 3 = 170 over 40
    expect(buy.figures.panel).toMatchObject({ n: 40, value: 4.25, small: false, distribution: [0, 0, 10, 10, 20], suppressed: 2 });
    expect(buy.surveyStatus).toBe('no-responses');
    expect(buy.figures.csat).toEqual({ n: 0, value: null, small: true, interval: null });
  });

  it('buy: the panel average carries its 95 % t interval, 4.25 ± t₃₉ · s / √40', () => {
    // s² = (10 × 1.25² + 10 × 0.25² + 20 × 0.75²) / 39 = 27.5 / 39; t₀.₉₇₅(39) ≈ 2.0227
    const interval = row(table, 'buy').figures.panel.interval!;
    expect(interval.low).toBeCloseTo(3.981, 2);
    expect(interval.high).toBeCloseTo(4.519, 2);
  });

  it('galich: a panel silent this week is "no presses"; a partial response counts only the questions answered', () => {
    const galich = row(table, 'galich');
    expect(galich.panelStatus).toBe('no-presses');
    expect(galich.figures.panel.n).toBe(0);
    expect(galich.figures.csat).toMatchObject({ n: 1, value: 0 });
    expect(galich.figures.nps).toMatchObject({ n: 1, value: 0, promoters: 0, passives: 100, detractors: 0 });
    expect(galich.figures.ces).toMatchObject({ n: 0, value: null });
  });

  it('kostroma has no panel; an office with nothing is shown, not hidden', () => {
    const kostroma = row(table, 'kostroma');
    expect(kostroma.panelStatus).toBe('no-panel');
    // CSAT 5,5,5,4,3,2: four of six; NPS 10, 7; CES 5, 2
    expect(kostroma.figures.csat.n).toBe(6);
    expect(kostroma.figures.csat.value).toBeCloseTo(400 / 6, 10);
    expect(kostroma.figures.nps).toMatchObject({ n: 2, value: 50, promoters: 50, passives: 50, detractors: 0 });
    expect(kostroma.figures.ces).toMatchObject({ n: 2, value: 3.5 });
    const neya = row(table, 'neya');
    expect([neya.panelStatus, neya.surveyStatus, neya.figures.panel.n, neya.figures.csat.n]).toEqual(['no-panel', 'no-responses', 0, 0]);
  });

  it('the region row pools the histograms, it does not average the averages', () => {
    const total = table.total.figures;
    // presses: sharya 7 (sum 24) + buy 40 (sum 170) = 47, sum 194
    expect(total.panel.n).toBe(47);
    expect(total.panel.value).toBeCloseTo(194 / 47, 10);
    expect(total.panel.distribution).toEqual([1, 1, 11, 12, 22]);
    expect(total.panel.suppressed).toBe(3);
    expect(total.panel.small).toBe(false);
    // CSAT: sharya 6/10 + galich 0/1 + kostroma 4/6 = 10/17
    expect(total.csat.n).toBe(17);
    expect(total.csat.value).toBeCloseTo(1000 / 17, 10);
    // NPS 9, 6, 0, 8, 10, 7: two promoters, two passives, two detractors
    expect(total.nps).toMatchObject({ n: 6, value: 0 });
    expect(total.nps.promoters).toBeCloseTo(100 / 3, 10);
    // CES 4, 5, 1, 5, 2
    expect(total.ces).toMatchObject({ n: 5, value: 3.4 });
    expect(total.responses).toBe(7);
  });

  it('the next week holds only what was born from Monday 00:00 Moscow', async () => {
    const next = (await officeFigures(sqlOverSqlite(db), sqliteRecordSource(db), directory, period(FIXTURE_NEXT_WEEK), REGION));
    const sharya = row(next, 'sharya');
    expect(sharya.figures.panel).toMatchObject({ n: 1, value: 1 });
    expect(sharya.figures.csat).toMatchObject({ n: 3, value: 100 });
    expect(next.total.figures.panel.n).toBe(1);
  });

  it('a scope of one office shows that office and an "Итого" of it', async () => {
    const one = (await officeFigures(sqlOverSqlite(db), sqliteRecordSource(db), directory, period(FIXTURE_WEEK), { officeIds: ['sharya'] }));
    expect(one.offices.map((r) => r.office.id)).toEqual(['sharya']);
    expect(one.regionWide).toBe(false);
    expect(one.total.label).toBe('Итого');
    expect(one.total.figures.panel.n).toBe(7);
  });

  it('a month and a custom range cut in Moscow time too', async () => {
    const november = (await officeFigures(sqlOverSqlite(db), sqliteRecordSource(db), directory, period('2026-11'), REGION));
    // everything but the W49 Monday records (30.11 is still November): sharya 8 counted + W47 press
    expect(row(november, 'sharya').figures.panel.n).toBe(9);
    const sunday = (await officeFigures(sqlOverSqlite(db), sqliteRecordSource(db), directory, period('2026-11-29_2026-11-29'), REGION));
    expect(row(sunday, 'sharya').figures.panel).toMatchObject({ n: 1, value: 2 });
  });
});

describe('the rollups and the raw records agree', () => {
  it('per office, the rollup (whole days) equals the sum of the raw per-desk histograms', () => {
    for (const key of [FIXTURE_WEEK, FIXTURE_NEXT_WEEK, '2026-11']) {
      const p = period(key);
      const offices = ['sharya', 'buy', 'galich', 'kostroma'];
      const rollup = countHistograms(db, { officeIds: offices, start: p.start, end: p.end, dimension: 'all' });
      const raw = countHistograms(db, { officeIds: offices, start: p.start, end: p.end, dimension: 'desk' });
      for (const office of offices) {
        const summed = sumCounts(raw.get(office)?.values() ?? []);
        const whole = rollup.get(office)?.get('');
        expect([whole?.panel ?? [0, 0, 0, 0, 0, 0], whole?.suppressed ?? 0], `${office} ${key}`).toEqual([summed.panel, summed.suppressed]);
      }
    }
  });

  it('per office, the response_day rollup (whole days) equals the sum of the raw per-channel histograms', () => {
    for (const key of [FIXTURE_WEEK, FIXTURE_NEXT_WEEK, '2026-11', '2026-11-29_2026-11-30']) {
      const p = period(key);
      const offices = ['sharya', 'buy', 'galich', 'kostroma'];
      const rollup = countHistograms(db, { officeIds: offices, start: p.start, end: p.end, dimension: 'all' });
      const raw = countHistograms(db, { officeIds: offices, start: p.start, end: p.end, dimension: 'channel' });
      for (const office of offices) {
        const summed = sumCounts(raw.get(office)?.values() ?? []);
        const whole = rollup.get(office)?.get('');
        const survey = (c: typeof summed | undefined) => ({ responses: c?.responses ?? 0, csat: c?.csat ?? summed.csat.map(() => 0), ces: c?.ces ?? summed.ces.map(() => 0), nps: c?.nps ?? summed.nps.map(() => 0) });
        expect(survey(whole), `${office} ${key}`).toEqual(survey(summed));
      }
    }
  });
});
