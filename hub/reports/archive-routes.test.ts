import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { parsePeriodKey } from '../../shared/periods.ts';
import type { HubConfig } from '../config.ts';
import type { RunningHub } from '../server.ts';
import { archiveReport, reportsDirOf } from './archive-run.ts';
import { FIXTURE_WEEK, moscowNov } from '../../test/support/known-answer-fixture.ts';
import { REGION } from './scope.ts';
import { getJson, staffFetch, startFixtureHub } from '../../test/support/fixture-hub.ts';
import { staffSession } from '../../test/support/staff-session.ts';

let hub: RunningHub;
let config: HubConfig;
beforeAll(async () => {
  ({ hub, config } = await startFixtureHub({ clock: () => moscowNov(30, 6) }));
  const week = parsePeriodKey(FIXTURE_WEEK);
  if (!week.ok) throw new Error(week.reason);
  const deps = { sql: hub.ctx.sql, records: hub.ctx.records, offices: hub.ctx.offices, reportsDir: reportsDirOf(config.dataDir), scope: REGION, logger: createLogger('t', { level: 'silent', pretty: false }), mailer: null, recipients: [] };
  await archiveReport(deps, 'weekly-panel', week.value, 'schedule', moscowNov(30, 6));
  const month = parsePeriodKey('2026-11');
  if (!month.ok) throw new Error(month.reason);
  await archiveReport(deps, 'monthly', month.value, 'on-demand', moscowNov(30, 6));
});
afterAll(async () => hub.close());

interface ArchiveList {
  reports: { id: number; kindLabel: string; periodKey: string; mailStatus: string; xlsxUrl: string; csvUrl: string }[];
}

describe('the report archive over HTTP', () => {
  it('lists the archived reports and serves their files', async () => {
    const { body } = await getJson<ArchiveList>(`${hub.url}/api/reports`);
    expect(body.reports).toHaveLength(2);
    const entry = body.reports.find((r) => r.periodKey === FIXTURE_WEEK);
    expect(entry).toMatchObject({ kindLabel: 'Средний балл пультов за неделю', periodKey: '2026-W48', mailStatus: 'not-configured' });
    const xlsx = await staffFetch(`${hub.url}${entry!.xlsxUrl}`);
    expect([xlsx.status, xlsx.headers.get('content-type')]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(xlsx.headers.get('content-disposition')).toContain('weekly-panel-2026-W48.xlsx');
    const csv = Buffer.from(await (await staffFetch(`${hub.url}${entry!.csvUrl}`)).arrayBuffer()).toString('utf8');
    expect(csv.split('\r\n').find((l) => l.startsWith('Итого по области'))).toMatch(/^Итого по области;4,13;47;/);
  });

  it('АХО sees and downloads the weekly panel tables only', async () => {
    const aho = await staffSession(hub, 'aho-archive', [{ role: 'aho' }]);
    const list = (await (await aho.fetch('/api/reports')).json()) as ArchiveList;
    expect(list.reports.map((r) => r.periodKey)).toEqual([FIXTURE_WEEK]);
    const all = (await getJson<ArchiveList>(`${hub.url}/api/reports`)).body.reports;
    const monthly = all.find((r) => r.periodKey === '2026-11')!;
    expect((await aho.fetch(monthly.xlsxUrl)).status).toBe(404);
    expect((await aho.fetch(list.reports[0]!.xlsxUrl)).status).toBe(200);
  });

  it('an unknown id or format is 404', async () => {
    expect((await staffFetch(`${hub.url}/api/reports/archive/999/xlsx`)).status).toBe(404);
    expect((await staffFetch(`${hub.url}/api/reports/archive/1/pdf`)).status).toBe(404);
  });
});
