import { afterAll, describe, expect, it } from 'vitest';
import { sqliteRecordSource } from './record-source.ts';
import { parsePeriodKey, type Period } from '../../shared/periods.ts';
import { officeDrill, type DrillResult, type DrillRow } from './drill.ts';
import { FIXTURE_WEEK } from '../../test/support/known-answer-fixture.ts';
import { REGION } from './scope.ts';
import { fixtureDatabase } from '../../test/support/fixture-db.ts';
import { DEFAULT_SERVICES } from '../db/services.ts';
import { readOffices } from '../db/offices.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';

const { db } = fixtureDatabase();
afterAll(() => db.close());
// The directory as a hub holds it in memory (ctx.offices), read once from the fixture's database.
const directory = await readOffices(sqlOverSqlite(db));
const w48 = ((): Period => {
  const p = parsePeriodKey(FIXTURE_WEEK);
  if (!p.ok) throw new Error(p.reason);
  return p.value;
})();
const byKey = (rows: DrillRow[], key: string) => rows.find((r) => r.key === key)?.figures;

const result: DrillResult = await officeDrill(sqlOverSqlite(db), DEFAULT_SERVICES, sqliteRecordSource(db), directory, w48, 'sharya', REGION);

describe('drill into sharya, W48, by hand', () => {
  if (!result.ok) throw new Error(result.reason);
  const drill = result.value;

  it('by desk: presses and responses of each window; no desk is its own row, last', () => {
    expect(drill.byDesk.map((r) => r.label)).toEqual(['окно 1', 'окно 2', 'окно не указано']);
    // окно 1: presses 5, 5, 2 (+1 suppressed); response 5,4,4 / CES 4 / NPS 9
    expect(byKey(drill.byDesk, 'окно 1')).toMatchObject({ panel: { n: 3, value: 4, suppressed: 1 }, csat: { n: 3, value: 100 }, ces: { n: 1, value: 4 }, nps: { n: 1, value: 100 } });
    // окно 2: presses 4, 4, 3; responses 2 (partial) and 4,4,5: three of four; NPS 6
    const w2 = byKey(drill.byDesk, 'окно 2');
    expect(w2?.panel.n).toBe(3);
    expect(w2?.panel.value).toBeCloseTo(11 / 3, 10);
    expect(w2).toMatchObject({ csat: { n: 4, value: 75 }, nps: { n: 1, value: -100 }, ces: { n: 1, value: 5 } });
    expect(byKey(drill.byDesk, '')).toMatchObject({ panel: { n: 1, value: 1 }, csat: { n: 3, value: 0 }, ces: { n: 1, value: 1 } });
  });

  it('by channel: every channel listed, the empty ones too', () => {
    expect(drill.byChannel.map((r) => r.key)).toEqual(['panel', 'kiosk', 'qr-poster', 'visit-qr', 'email-link', 'phone-call']);
    expect(byKey(drill.byChannel, 'panel')?.panel.n).toBe(7);
    // kiosk: 5,4,4 and 4,4,5, all 4–5; NPS 9 and 6; CES 4 and 5
    expect(byKey(drill.byChannel, 'kiosk')).toMatchObject({ csat: { n: 6, value: 100 }, nps: { n: 2, value: 0 }, ces: { n: 2, value: 4.5 }, panel: { n: 0 } });
    expect(byKey(drill.byChannel, 'qr-poster')).toMatchObject({ responses: 0, csat: { n: 0, value: null } });
    expect(byKey(drill.byChannel, 'visit-qr')).toMatchObject({ responses: 1, csat: { n: 1, value: 0 } });
  });

  it('by service: survey only', () => {
    expect(drill.byService.map((r) => r.label)).toEqual(['Подбор вакансий', 'Пособие по безработице', 'услуга не указана']);
    expect(byKey(drill.byService, 'unemployment-benefit')).toMatchObject({ csat: { n: 4, value: 75 }, panel: { n: 0 } });
  });

  it('the parts add up to the office row', () => {
    expect(drill.figures.panel).toMatchObject({ n: 7, suppressed: 1 });
    expect(drill.figures.csat).toMatchObject({ n: 10, value: 60 });
    expect(drill.panelStatus).toBe('ok');
  });

  it('an office outside the scope is unknown', async () => {
    expect((await officeDrill(sqlOverSqlite(db), DEFAULT_SERVICES, sqliteRecordSource(db), directory, w48, 'sharya', { officeIds: ['buy'] }))).toEqual({ ok: false, reason: 'unknown-office' });
    expect((await officeDrill(sqlOverSqlite(db), DEFAULT_SERVICES, sqliteRecordSource(db), directory, w48, 'nowhere', REGION))).toEqual({ ok: false, reason: 'unknown-office' });
  });
});
