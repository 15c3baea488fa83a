import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../server.ts';
import type { OfficeDrill } from './drill.ts';
import type { FiguresTable } from './figures.ts';
import type { CommentPage } from './comments.ts';
import { FIXTURE_WEEK, moscowNov } from '../../test/support/known-answer-fixture.ts';
import { BOTH_DATABASES, getJson, staffFetch, startFixtureHub } from '../../test/support/fixture-hub.ts';
import type { Trend } from './trend.ts';

// The central's figures on both of its databases: its own SQLite, and PostgreSQL (DATABASE_URL).
describe.each(BOTH_DATABASES)('reports JSON API, central on %s', (database) => {
  let hub: RunningHub;
  beforeAll(async () => {
    ({ hub } = await startFixtureHub({ clock: () => moscowNov(30, 12), database }));
  }, 60_000);
  afterAll(async () => hub?.close());

  it('GET /api/figures?period=2026-W48 answers the fixture figures', async () => {
    const { status, body } = await getJson<FiguresTable & { ok: boolean }>(`${hub.url}/api/figures?period=${FIXTURE_WEEK}`);
    expect(status).toBe(200);
    expect(body.period.key).toBe('2026-W48');
    expect(body.offices).toHaveLength(25);
    const sharya = body.offices.find((r) => r.office.id === 'sharya');
    expect(sharya?.figures.panel).toMatchObject({ n: 7, distribution: [1, 1, 1, 2, 2], suppressed: 1 });
    expect(body.total.figures.csat.n).toBe(17);
  });

  it('defaults to the week of the hub clock, and takes from/to', async () => {
    const current = await getJson<FiguresTable>(`${hub.url}/api/figures`);
    expect(current.body.period.key).toBe('2026-W49');
    const custom = await getJson<FiguresTable>(`${hub.url}/api/figures?from=2026-11-29&to=2026-11-29`);
    expect(custom.body.total.figures.panel).toMatchObject({ n: 1, value: 2 });
  });

  it('a bad period is 400 with a Russian reason', async () => {
    const { status, body } = await getJson<{ reason: string }>(`${hub.url}/api/figures?period=2026-W99`);
    expect(status).toBe(400);
    expect(body.reason).toMatch(/недели/);
  });

  it('drill and trend', async () => {
    const drill = await getJson<OfficeDrill>(`${hub.url}/api/figures/office/sharya?period=${FIXTURE_WEEK}`);
    expect(drill.body.byChannel.find((r) => r.key === 'kiosk')?.figures.csat).toMatchObject({ n: 6, value: 100 });
    expect((await staffFetch(`${hub.url}/api/figures/office/atlantis?period=${FIXTURE_WEEK}`)).status).toBe(404);
    const trend = await getJson<Trend>(`${hub.url}/api/trend?bucket=week&end=${FIXTURE_WEEK}&count=2`);
    expect(trend.body.total.points.map((p) => p.panel.n)).toEqual([2, 47]);
  });

  it('comments and alerts', async () => {
    const comments = await getJson<CommentPage>(`${hub.url}/api/comments?period=${FIXTURE_WEEK}&tone=negative&q=${encodeURIComponent('кабинет')}`);
    expect(comments.body.entries.map((e) => e.officeId)).toEqual(['kostroma']);
    expect((await staffFetch(`${hub.url}/api/comments?tone=angry`)).status).toBe(400);
    const alerts = await getJson<{ rules: unknown[]; alerts: unknown[] }>(`${hub.url}/api/alerts?period=${FIXTURE_WEEK}`);
    expect(alerts.body).toMatchObject({ rules: [{ windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 }], alerts: [] });
  });

  it('every report route is declared as a staff route with truthful roles', () => {
    const specs = hub.ctx.routes.specs.filter((s) => /^\/api\/(figures|trend|comments|alerts|reports)/.test(s.path) || s.path === '/dashboard');
    expect(specs.length).toBeGreaterThanOrEqual(10);
    for (const spec of specs) expect(spec.access).toMatchObject({ kind: 'staff', officeScoped: true });
  });
});

describe('an office hub sees its own office only', () => {
  it('the table has one row, the total is "Итого"', async () => {
    const { hub: office } = await startFixtureHub({ env: { ROLE: 'office', OFFICE_ID: 'sharya' } });
    try {
      const { body } = await getJson<FiguresTable>(`${office.url}/api/figures?period=${FIXTURE_WEEK}`);
      expect(body.offices.map((r) => r.office.id)).toEqual(['sharya']);
      expect(body.total).toMatchObject({ label: 'Итого', figures: { panel: { n: 7 } } });
    } finally {
      await office.close();
    }
  });
});
