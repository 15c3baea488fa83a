import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { moscowMidnight, parsePeriodKey } from '../../shared/periods.ts';
import type { FeedbackRecord, Press, SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { checkOffice, WindowCounts, type LowScoreAlert, type LowScoreRule } from '../alerts/low-score-alerts.ts';
import { createAlertWatch } from '../alerts/alert-watch.ts';
import { buildDeviceBoard, type BoardDeps } from '../board/device-board.ts';
import type { Db } from '../db/open.ts';
import { readOffices } from '../db/offices.ts';
import { registerDevice } from '../devices/credentials.ts';
import { createHealthQueries } from '../devices/health-queries.ts';
import { createHealthTracker } from '../devices/health-tracker.ts';
import { createLinkStore } from '../devices/link-store.ts';
import { createIngest } from '../ingest/ingest-batch.ts';
import { NO_SURVEY_VERSIONS } from '../db/survey-versions.ts';
import { panelHeatmap } from '../reports/heatmap.ts';
import { invitationRates } from '../reports/invitation-rates.ts';
import { sqliteRecordSource } from '../reports/record-source.ts';
import type { RecordSource } from '../records/record-source.ts';
import { REGION } from '../reports/scope.ts';
import { heartbeat, panelStatus, press, response, silentLogger, testDb } from '../../test/support/test-records.ts';
import { startPostgres, type PostgresCluster } from '../../test/support/postgres.ts';
import { openPostgresStore, type PostgresStore } from './postgres-store.ts';
import { createPressJournal } from './readers.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';

/**
 * The readers of presses and responses other than the figures' histograms, on the same records in
 * a SQLite central (createIngest) and in PostgreSQL (the central's writer): the heatmap, the
 * invitation answers, the АХО board and the low-score alert watch must give the same answers.
 */
let cluster: PostgresCluster;
const stores: PostgresStore[] = [];
const dbs: Db[] = [];
const NOW = moscowMidnight(2026, 12, 1) + 10 * 3_600_000; // Tuesday 1 Dec 2026, 10:00 Moscow

beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const s of stores) await s.close();
  for (const db of dbs) db.close();
  await cluster?.stop();
});

/** A SQLite central and a PostgreSQL one (its own database), fed the same batches. */
async function twoCentrals(name: string) {
  const store = openPostgresStore(await cluster.createDatabase(name), silentLogger);
  stores.push(store);
  await store.ready();
  const local = testDb();
  dbs.push(local);
  const ingest = createIngest(local, { surveys: NO_SURVEY_VERSIONS, clock: () => NOW, forward: false });
  return {
    local,
    sqlite: sqliteRecordSource(local),
    pg: store.records,
    store,
    /** Stores a batch in both (in SQLite as each office's hub sends it); heartbeats only in SQLite, as the central keeps them. */
    async put(records: FeedbackRecord[]): Promise<FeedbackRecord[]> {
      const stored: FeedbackRecord[] = [];
      for (const officeId of new Set(records.map((r) => r.officeId))) {
        const outcome = ingest({ records: records.filter((r) => r.officeId === officeId) }, { kind: 'office-hub', officeId });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection));
        stored.push(...outcome.stored);
      }
      const written = await store.writer.write(records.filter((r) => r.kind === 'press' || r.kind === 'response'), NOW);
      expect(written.results.every((r) => r.status === 'stored')).toBe(true);
      return stored;
    },
  };
}

const at = (month: number, day: number, hh: number, mm = 0) => moscowMidnight(2026, month, day) + (hh * 60 + mm) * 60_000;
const ofOffice = <R extends FeedbackRecord>(officeId: string, r: R): R => ({ ...r, officeId });
const answered = (officeId: string, deviceId: string, bornAt: number, channel: SurveyResponse['channel'], csat1: number): SurveyResponse => ({
  ...response(deviceId, bornAt),
  officeId,
  channel,
  answers: { csat1, nps: csat1 * 2 },
});

describe('heatmap, invitation answers and the АХО board on PostgreSQL answer as on SQLite', () => {
  let c: Awaited<ReturnType<typeof twoCentrals>>;
  let tracker: ReturnType<typeof createHealthTracker>;

  beforeAll(async () => {
    c = await twoCentrals('figures');
    const local = sqlOverSqlite(c.local);
    tracker = createHealthTracker({ sql: local, queries: createHealthQueries(local), store: createLinkStore(local), heartbeatDefaultsMs: { 'panel-driver': 30_000, kiosk: 60_000 }, logger: silentLogger });
    await registerDevice(local, { id: 'kiosk-1', officeId: 'sharya', kind: 'kiosk', name: 'Киоск' }, at(11, 1, 9));
    await registerDevice(local, { id: 'drv-1', officeId: 'sharya', kind: 'panel-driver', name: 'Зал' }, at(11, 1, 9));
    // Presses on both sides of Moscow midnights (Sunday → Monday 30 Nov is also a week's end;
    // Monday 30 Nov → Tuesday 1 Dec also a month's), desks, several panels, suppressed ones.
    const births = [at(11, 29, 23, 59), at(11, 30, 0, 0), at(11, 30, 0, 1), at(11, 23, 9, 10), at(11, 30, 23, 59), at(12, 1, 0, 0), at(12, 1, 9, 30), at(12, 1, 9, 59)];
    for (const officeId of ['sharya', 'buy', 'neya']) {
      const records: FeedbackRecord[] = [];
      births.forEach((bornAt, i) => {
        for (const [j, panelId] of ['p1', 'p2'].entries()) {
          const score = ((i + j + officeId.length) % 5) + 1;
          records.push(
            ofOffice(officeId, press(`${officeId}-drv`, panelId, bornAt + j * 1000, { score, button: String(score), desk: j ? 'Окно 2' : null, suppressed: (i + j) % 4 === 3 ? 'too-soon' : null })),
          );
        }
        const channel = (['kiosk', 'visit-qr', 'email-link', 'qr-poster'] as const)[i % 4]!;
        records.push(answered(officeId, `${officeId === 'sharya' ? 'kiosk' : officeId}-1`, bornAt + 5000, channel, (i % 5) + 1));
      });
      if (officeId === 'sharya') records.push(heartbeat('drv-1', NOW - 20_000, { panels: [panelStatus('p1'), panelStatus('p9')] }), heartbeat('kiosk-1', NOW - 30_000, { deviceKind: 'kiosk' }));
      await tracker.onStored(await c.put(records));
    }
    // The driver of sharya sends under its registered id too, so the board shows its panels' presses.
    await tracker.onStored(await c.put([press('drv-1', 'p1', at(12, 1, 9, 45), { suppressed: 'too-soon' }), press('drv-1', 'p1', at(12, 1, 9, 50)), press('drv-1', 'p3', at(11, 30, 17))]));
  }, 60_000);

  const periods = ['2026-W48', '2026-W49', '2026-11', '2026-11-30_2026-12-01', '2026-12-01_2026-12-01'].map((key) => {
    const parsed = parsePeriodKey(key);
    if (!parsed.ok) throw new Error(key);
    return parsed.value;
  });

  it('the heatmap: every period, the region and one office', async () => {
    const directory = await readOffices(sqlOverSqlite(c.local));
    let cells = 0;
    for (const period of periods) {
      for (const scope of [REGION, { officeIds: ['buy'] }]) {
        const want = await panelHeatmap(sqlOverSqlite(c.local), c.sqlite, directory, period, scope);
        expect(await panelHeatmap(sqlOverSqlite(c.local), c.pg, directory, period, scope)).toEqual(want);
        cells += want.cells.length;
      }
    }
    expect(cells).toBeGreaterThan(10);
  });

  it('invitation answers per office on the central', async () => {
    const directory = await readOffices(sqlOverSqlite(c.local));
    for (const period of periods) {
      const want = await invitationRates(sqlOverSqlite(c.local), c.sqlite, directory, { role: 'central', centralUrl: null }, period, REGION);
      expect(await invitationRates(sqlOverSqlite(c.local), c.pg, directory, { role: 'central', centralUrl: null }, period, REGION)).toEqual(want);
    }
    const november = await invitationRates(sqlOverSqlite(c.local), c.pg, directory, { role: 'central', centralUrl: null }, periods[2]!, REGION);
    expect(november.offices.find((o) => o.officeId === 'buy')?.answered).toBeGreaterThan(0);
  });

  it('per panel and per kiosk: last record and counts since a Moscow midnight (the rollups) or since any instant (the rows)', async () => {
    const panels = ['sharya', 'buy', 'neya'].flatMap((officeId) => ['p1', 'p2', 'p3', 'never'].map((panelId) => ({ officeId, panelId })));
    panels.push({ officeId: 'sharya', panelId: 'p1' }); // asked twice: one answer
    const kiosks = [
      { officeId: 'sharya', deviceId: 'kiosk-1' },
      { officeId: 'buy', deviceId: 'buy-1' },
      { officeId: 'neya', deviceId: 'nobody' },
    ];
    for (const since of [at(11, 30, 0), at(12, 1, 0), at(12, 1, 9, 30), at(12, 2, 0)]) {
      const want = await c.sqlite.deviceFigures({ panels, kiosks, since });
      expect(await c.pg.deviceFigures({ panels, kiosks, since })).toEqual(want);
    }
    const today = await c.pg.deviceFigures({ panels, kiosks, since: at(12, 1, 0) });
    // sharya-drv's three presses on p1 today (one suppressed) and drv-1's two (one suppressed).
    expect(today.panels.get('sharya/p1')).toEqual({ lastPressAt: at(12, 1, 9, 59), counted: 3, suppressed: 2 });
    expect(await c.pg.deviceFigures({ panels: [], kiosks: [], since: at(12, 1, 0) })).toEqual({ panels: new Map(), kiosks: new Map() });
  });

  it('the board of an office and of the whole region', async () => {
    const deps = (records: RecordSource): BoardDeps => ({
      queries: createHealthQueries(sqlOverSqlite(c.local)),
      records,
      store: createLinkStore(sqlOverSqlite(c.local)),
      forwardReport: () => null,
      officeName: () => 'Отдел',
      hubStorage: () => null,
      settings: { role: 'central', officeId: 'kostroma', workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }, deviceSilenceMinutes: 30, deviceHeartbeatSeconds: { 'panel-driver': 30, kiosk: 60 } },
    });
    for (const office of ['sharya', null]) {
      const want = await buildDeviceBoard(deps(c.sqlite), office, NOW);
      expect(await buildDeviceBoard(deps(c.pg), office, NOW)).toEqual(want);
    }
    const board = await buildDeviceBoard(deps(c.pg), 'sharya', NOW);
    const drv = board.devices.find((d) => d.deviceId === 'drv-1');
    expect(drv?.panels.map((p) => [p.panelId, p.pressesToday.counted, p.pressesToday.suppressed])).toEqual([
      ['p1', 3, 2],
      ['p9', 0, 0],
      ['p3', 0, 0],
    ]);
    expect(board.devices.find((d) => d.deviceId === 'kiosk-1')?.today.counted).toBe(3);
  });
});

describe('the low-score alert watch on PostgreSQL raises what it raises on SQLite', () => {
  const RULE: LowScoreRule = { windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 };
  const pressAt = (officeId: string, t: number, score: number, suppressed: Press['suppressed'] = null): Press => ({
    kind: 'press',
    id: newRecordId(),
    officeId,
    deviceId: `${officeId}-drv`,
    bornAt: toInstant(t),
    channel: 'panel',
    panelId: 'p1',
    desk: null,
    seq: null,
    button: String(score),
    score,
    suppressed,
  });

  /** Random presses of two offices in random batches, some longer than a window. */
  function randomBatches(seed: number, start: number): Press[][] {
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const presses: Press[] = [];
    for (let t = start, i = 0; i < 500; i++) {
      t += Math.floor(random() * 120_000);
      const score = random() < 0.35 ? 1 : random() < 0.5 ? 2 : 5;
      presses.push(pressAt(random() < 0.7 ? 'neya' : 'buy', t, score, random() < 0.1 ? 'too-soon' : null));
    }
    const batches: Press[][] = [];
    for (let i = 0; i < presses.length; ) {
      const size = 1 + Math.floor(random() * (random() < 0.2 ? 100 : 8));
      batches.push(presses.slice(i, i + size));
      i += size;
    }
    return batches;
  }

  const summary = (alerts: LowScoreAlert[]) => alerts.map((a) => `${a.officeId} ${a.ruleKey} ${a.windowStart}-${a.windowEnd} ${a.lowPresses}/${a.presses}`);

  it('random batches of two offices, checked with carried counts, across a Moscow midnight', async () => {
    const rules: LowScoreRule[] = [RULE, { windowMinutes: 10, minPresses: 3, share: 0.6, maxScore: 2 }];
    const c = await twoCentrals('alerts_random');
    const alertsPg = testDb();
    dbs.push(alertsPg);
    const windows = { sqlite: new WindowCounts(), pg: new WindowCounts() };
    const alerts = { sqlite: sqlOverSqlite(c.local), pg: sqlOverSqlite(alertsPg) };
    const got = { sqlite: [] as LowScoreAlert[], pg: [] as LowScoreAlert[] };
    for (const batch of randomBatches(11, at(11, 29, 22))) {
      await c.put(batch);
      for (const officeId of ['neya', 'buy']) {
        const moments = batch.filter((p) => p.officeId === officeId && p.suppressed === null).map((p) => Date.parse(p.bornAt));
        moments.sort((a, b) => a - b);
        got.sqlite.push(...(await checkOffice(alerts.sqlite, c.sqlite.alertPresses, rules, officeId, moments, NOW, windows.sqlite)));
        got.pg.push(...(await checkOffice(alerts.pg, c.pg.alertPresses, rules, officeId, moments, NOW, windows.pg)));
      }
    }
    expect(got.sqlite.length).toBeGreaterThan(5);
    expect(new Set(got.sqlite.map((a) => a.officeId))).toEqual(new Set(['neya', 'buy']));
    expect(summary(got.pg)).toEqual(summary(got.sqlite));
  }, 120_000);

  it('carried counts start over when a press born inside a counted window was stored by a batch the watch never saw', async () => {
    const c = await twoCentrals('alerts_missed');
    const alertsPg = testDb();
    dbs.push(alertsPg);
    const t = (minute: number) => at(11, 25, 9) + minute * 60_000;
    // Two good presses; then three 1s born before the last moment counted, stored without a check;
    // then a 5 at minute 2: the window holds three 1s of six presses and the rule fires.
    const batches = [
      { presses: [pressAt('neya', t(0), 5), pressAt('neya', t(1), 5)], moments: [t(0), t(1)] },
      { presses: [pressAt('neya', t(0.5), 1), pressAt('neya', t(0.7), 1), pressAt('neya', t(0.9), 1)], moments: [] },
      { presses: [pressAt('neya', t(2), 5)], moments: [t(2)] },
    ];
    const ends = { sqlite: [] as number[], pg: [] as number[] };
    const windows = { sqlite: new WindowCounts(), pg: new WindowCounts() };
    const alerts = { sqlite: sqlOverSqlite(c.local), pg: sqlOverSqlite(alertsPg) };
    for (const batch of batches) {
      await c.put(batch.presses);
      for (const a of await checkOffice(alerts.sqlite, c.sqlite.alertPresses, [RULE], 'neya', batch.moments, t(3), windows.sqlite)) ends.sqlite.push(a.windowEnd);
      for (const a of await checkOffice(alerts.pg, c.pg.alertPresses, [RULE], 'neya', batch.moments, t(3), windows.pg)) ends.pg.push(a.windowEnd);
    }
    expect(ends).toEqual({ sqlite: [t(2)], pg: [t(2)] });
  });

  it('the watch on the central checks the batches the writer stored, one at a time', async () => {
    const store = openPostgresStore(await cluster.createDatabase('alerts_watch'), silentLogger);
    stores.push(store);
    const db = testDb();
    dbs.push(db);
    const watch = createAlertWatch({ sql: sqlOverSqlite(db), presses: store.records.alertPresses, rules: () => [RULE], mailer: null, recipients: [], logger: silentLogger, clock: () => at(11, 26, 12), officeName: (id) => id });
    const first = [pressAt('neya', at(11, 26, 10, 0), 1), pressAt('neya', at(11, 26, 10, 5), 1), pressAt('neya', at(11, 26, 10, 6), 1, 'too-soon')];
    const second = [pressAt('neya', at(11, 26, 10, 10), 1), pressAt('neya', at(11, 26, 10, 20), 5)];
    const stored1 = (await store.writer.write(first, at(11, 26, 12))).stored;
    const stored2 = (await store.writer.write(second, at(11, 26, 12))).stored;
    // Both events before either check has read anything: checked in order all the same.
    const [raised1, raised2] = await Promise.all([watch.onStored(stored1), watch.onStored(stored2)]);
    expect(raised1).toEqual([]);
    expect(raised2).toMatchObject([{ officeId: 'neya', presses: 4, lowPresses: 3, windowEnd: at(11, 26, 10, 20) }]);
  });
});

describe('the press journal (the alert watch mark on PostgreSQL)', () => {
  const p = (officeId: string, bornAt: number, suppressed: Press['suppressed'] = null): Press => ({ ...press('d', 'p1', bornAt, { suppressed }), officeId });
  const writer = (outcome: 'ok' | 'fail') => ({
    write: async (records: readonly (Press | SurveyResponse)[]) => {
      if (outcome === 'fail') throw new Error('connection lost after COMMIT was sent');
      return { results: records.map((r) => ({ id: r.id, status: 'stored' as const })), stored: [...records], conflicts: [] };
    },
  });

  it('names the earliest counted press of an office stored after a mark; a failed write or a mark let go is unknown', async () => {
    const journal = createPressJournal(5);
    const ok = journal.watch(writer('ok'));
    const mark0 = journal.mark();
    expect(journal.earliestStoredSince('neya', mark0)).toBeNull();
    await ok.write([p('neya', 5_000), p('neya', 3_000), p('buy', 1_000), p('neya', 1_000, 'too-soon')], 0);
    const mark1 = journal.mark();
    expect(mark1).toBeGreaterThan(mark0);
    expect(journal.earliestStoredSince('neya', mark0)).toBe(3_000);
    expect(journal.earliestStoredSince('buy', mark0)).toBe(1_000);
    expect(journal.earliestStoredSince('neya', mark1)).toBeNull();
    await ok.write([p('neya', 2_000)], 0);
    expect(journal.earliestStoredSince('neya', mark0)).toBe(2_000);
    expect(journal.earliestStoredSince('neya', mark1)).toBe(2_000);
    // Only suppressed presses (and responses): nothing the counts hold.
    await ok.write([p('neya', 500, 'too-soon'), { ...response('k', 400), officeId: 'neya' }], 0);
    expect(journal.earliestStoredSince('neya', mark1)).toBe(2_000);
    await expect(journal.watch(writer('fail')).write([p('neya', 9_000)], 0)).rejects.toThrow();
    expect(journal.earliestStoredSince('buy', mark1)).toBe('unknown');
    const mark2 = journal.mark();
    expect(journal.earliestStoredSince('buy', mark2)).toBeNull();
    // Six more counted presses than the journal keeps: the oldest marks are let go.
    await ok.write([1, 2, 3, 4, 5, 6].map((i) => p('buy', i)), 0);
    expect(journal.earliestStoredSince('buy', mark0)).toBe('unknown');
    expect(journal.earliestStoredSince('buy', mark2)).toBe(1);
  });
});
