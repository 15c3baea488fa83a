import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { parsePeriodKey } from '../../shared/periods.ts';
import type { HubConfig } from '../config.ts';
import type { RunningHub } from '../server.ts';
import { archiveReport, reportsDirOf } from './archive-run.ts';
import { FIXTURE_WEEK, moscowNov } from './known-answer-fixture.ts';
import { REGION } from './scope.ts';
import { getJson, staffFetch, startFixtureHub } from './test-hub.ts';

let hub: RunningHub;
let config: HubConfig;
beforeAll(async () => {
  ({ hub, config } = await startFixtureHub({ clock: () => moscowNov(30, 6) }));
  const week = parsePeriodKey(FIXTURE_WEEK);
  if (!week.ok) throw new Error(week.reason);
  const deps = { db: hub.ctx.db, reportsDir: reportsDirOf(config.dataDir), scope: REGION, logger: createLogger('t', { level: 'silent', pretty: false }), mailer: null, recipients: [] };
  await archiveReport(deps, 'weekly-panel', week.value, 'schedule', moscowNov(30, 6));
});
afterAll(async () => hub.close());

interface ArchiveList {
  reports: { id: number; kindLabel: string; periodKey: string; mailStatus: string; xlsxUrl: string; csvUrl: string }[];
}

describe('the report archive over HTTP', () => {
  it('lists the archived reports and serves their files', async () => {
    const { body } = await getJson<ArchiveList>(`${hub.url}/api/reports`);
    expect(body.reports).toHaveLength(1);
    const [entry] = body.reports;
    expect(entry).toMatchObject({ kindLabel: 'Средний балл пультов за неделю', periodKey: '2026-W48', mailStatus: 'not-configured' });
    const xlsx = await staffFetch(`${hub.url}${entry!.xlsxUrl}`);
    expect([xlsx.status, xlsx.headers.get('content-type')]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(xlsx.headers.get('content-disposition')).toContain('weekly-panel-2026-W48.xlsx');
    const csv = Buffer.from(await (await staffFetch(`${hub.url}${entry!.csvUrl}`)).arrayBuffer()).toString('utf8');
    expect(csv.split('\r\n').find((l) => l.startsWith('Итого по области'))).toMatch(/^Итого по области;4,13;47;/);
  });

  it('an unknown id or format is 404', async () => {
    expect((await staffFetch(`${hub.url}/api/reports/archive/999/xlsx`)).status).toBe(404);
    expect((await staffFetch(`${hub.url}/api/reports/archive/1/pdf`)).status).toBe(404);
  });
});
