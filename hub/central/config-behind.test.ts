import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { readHubConfig, type HubConfig } from '../config.ts';
import { setOfficeClosed } from '../db/offices.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { forwardHealth } from '../health/forward-health.ts';
import { bumpRevision, recordOfficeReport } from '../regional-config/revisions.ts';
import { CONFIG_BEHIND_ALERT_MS, officeLinks } from './office-overview.ts';

/**
 * The central's «more than a day behind» flag, with the clock injected: an office is flagged when
 * the first revision it is missing was saved more than CONFIG_BEHIND_ALERT_MS ago (not the newest,
 * which may be minutes old), and the flag goes once it reports the newest. /central shows it, and
 * the central's /health lists the office in central.configBehindADay.
 */
let db: Db;
let config: HubConfig;
const t0 = Date.parse('2026-11-23T07:00:00.000Z');
const HOUR = 3_600_000;

beforeEach(() => {
  const dir = makeTempDir('config-behind-');
  db = openDatabase(`${dir}/central.sqlite`).db;
  seedOfficesOnSqlite(db);
  const parsed = readHubConfig({ ROLE: 'central', DATA_DIR: dir });
  if (!parsed.ok) throw new Error(parsed.message);
  config = parsed.value;
});
afterEach(() => {
  db.close();
  removeTempDirs();
});

const sql = () => sqlOverSqlite(db);
const link = async (officeId: string, now: number) => (await officeLinks(sql(), config, now)).find((l) => l.officeId === officeId)!;
const behindADay = async (now: number) => {
  const health = await forwardHealth(db, sql(), config, now);
  return 'central' in health ? health.central.configBehindADay : null;
};

describe('an office more than a day behind the regional configuration', () => {
  it('is flagged 1 ms after a day has passed since the first revision it is missing, and no sooner', async () => {
    await bumpRevision(sql(), { actor: 'admin', what: 'список услуг', now: t0 });
    await recordOfficeReport(sql(), 'sharya', 1, t0 + HOUR);
    const missedAt = t0 + 2 * HOUR;
    await bumpRevision(sql(), { actor: 'admin', what: 'правила сигналов о низких оценках', now: missedAt });
    // A newer one later does not restart the wait: the office has been behind since the first it lacks.
    await bumpRevision(sql(), { actor: 'admin', what: 'новый сотрудник a.b', now: missedAt + 20 * HOUR });

    expect(await link('sharya', missedAt + CONFIG_BEHIND_ALERT_MS)).toMatchObject({ configRevision: 1, configBehindSince: new Date(missedAt).toISOString(), configAlert: false });
    expect(await behindADay(missedAt + CONFIG_BEHIND_ALERT_MS)).toEqual([]);
    expect(await link('sharya', missedAt + CONFIG_BEHIND_ALERT_MS + 1)).toMatchObject({ configAlert: true });
    expect(await behindADay(missedAt + CONFIG_BEHIND_ALERT_MS + 1)).toEqual(['sharya']);

    // Once it reports the newest, it is no longer behind.
    await recordOfficeReport(sql(), 'sharya', 3, missedAt + CONFIG_BEHIND_ALERT_MS + 2);
    expect(await link('sharya', missedAt + 2 * CONFIG_BEHIND_ALERT_MS)).toMatchObject({ configRevision: 3, configBehindSince: null, configAlert: false });
    expect(await behindADay(missedAt + 2 * CONFIG_BEHIND_ALERT_MS)).toEqual([]);
  });

  it('an office holding the newest, one that never pulled, and a closed one are not flagged', async () => {
    await bumpRevision(sql(), { actor: 'admin', what: 'список услуг', now: t0 });
    await recordOfficeReport(sql(), 'kostroma', 1, t0);
    await recordOfficeReport(sql(), 'neya', 0, t0);
    await setOfficeClosed(sql(), 'neya', t0);
    const later = t0 + 10 * CONFIG_BEHIND_ALERT_MS;
    expect(await link('kostroma', later)).toMatchObject({ configRevision: 1, configBehindSince: null, configAlert: false });
    expect(await link('buy', later)).toMatchObject({ configRevision: null, configAlert: false });
    expect(await link('neya', later)).toMatchObject({ configBehindSince: new Date(t0).toISOString(), configAlert: false });
    expect(await behindADay(later)).toEqual([]);
  });
});
