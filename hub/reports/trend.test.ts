import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteRecordSource } from './record-source.ts';
import { moscowNov } from '../../test/support/known-answer-fixture.ts';
import { REGION } from './scope.ts';
import { fixtureDatabase } from '../../test/support/fixture-db.ts';
import { officeTrend, type Trend } from './trend.ts';
import { readOffices } from '../db/offices.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';

const { db } = fixtureDatabase();
afterAll(() => db.close());
// The directory as a hub holds it in memory (ctx.offices), read once from the fixture's database.
const directory = await readOffices(sqlOverSqlite(db));

describe('trend by week, cut in Moscow time', () => {
  let trend: Trend;
  beforeAll(async () => {
    trend = await officeTrend(sqlOverSqlite(db), sqliteRecordSource(db), directory, { bucket: 'week', endsAt: moscowNov(30, 12), count: 3, officeId: null }, REGION);
  });

  it('names the weeks ending with the one containing the instant', () => {
    expect(trend.periods.map((p) => p.key)).toEqual(['2026-W47', '2026-W48', '2026-W49']);
  });

  it('puts Sunday 23:59:59 in its week and Monday 00:00 in the next', () => {
    const sharya = trend.offices.find((s) => s.officeId === 'sharya');
    expect(sharya?.points.map((p) => p.panel.n)).toEqual([1, 7, 1]);
    expect(sharya?.points.map((p) => p.csat.n)).toEqual([0, 10, 3]);
    expect(trend.total.points.map((p) => p.panel.n)).toEqual([2, 47, 1]);
    expect(trend.total.points[1]?.panel.value).toBeCloseTo(194 / 47, 10);
    expect(trend.offices).toHaveLength(25);
  });

  it('one office only, by month', async () => {
    const one = (await officeTrend(sqlOverSqlite(db), sqliteRecordSource(db), directory, { bucket: 'month', endsAt: moscowNov(30, 12), count: 2, officeId: 'buy' }, REGION));
    expect(one.periods.map((p) => p.key)).toEqual(['2026-10', '2026-11']);
    expect(one.offices.map((s) => s.officeId)).toEqual(['buy']);
    expect(one.total.points.map((p) => p.panel.n)).toEqual([0, 40]);
  });
});
