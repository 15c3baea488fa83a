import { describe, expect, it } from 'vitest';
import { moscowMidnight } from '../../shared/periods.ts';
import { toInstant } from '../../shared/time.ts';
import { registerDevice, revokeDevice } from '../devices/credentials.ts';
import { buildDeviceBoard, type BoardDeps } from './device-board.ts';
import type { ForwardReport } from '../../shared/protocol/board.ts';
import { createHealthQueries } from '../devices/health-queries.ts';
import { createHealthTracker } from '../devices/health-tracker.ts';
import { createLinkStore } from '../devices/link-store.ts';
import { sqliteRecordSource } from '../reports/record-source.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { heartbeat, ingestAt, panelStatus, press, response, silentLogger, testDb } from '../../test/support/test-records.ts';

/** Moscow wall time on 27 Nov 2026 (a Friday) or the day before. */
const msk = (day: number, hh: number, mm: number, ss = 0) => moscowMidnight(2026, 11, day) + ((hh * 60 + mm) * 60 + ss) * 1000;
const NOW = msk(27, 10, 0);

function setup() {
  const db = testDb();
  const sql = sqlOverSqlite(db);
  const queries = createHealthQueries(sql);
  const store = createLinkStore(sql);
  // What the forwarding status reads at each snapshot: none until a test sets one.
  const forwardStatus: { report: ForwardReport | null } = { report: null };
  const deps: BoardDeps = {
    queries,
    records: sqliteRecordSource(db),
    store,
    forwardReport: () => forwardStatus.report,
    officeName: (id) => (id === 'sharya' ? 'Шарьинское отделение' : null),
    hubStorage: () => null,
    settings: {
      role: 'office',
      officeId: 'sharya',
      workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
      deviceSilenceMinutes: 30,
      deviceHeartbeatSeconds: { 'panel-driver': 30, kiosk: 60 },
    },
  };
  const tracker = createHealthTracker({ sql, queries, store, heartbeatDefaultsMs: { 'panel-driver': 30_000, kiosk: 60_000 }, logger: silentLogger });
  const store_ = (at: number, records: Parameters<typeof ingestAt>[2]) => tracker.onStored(ingestAt(db, at, records));
  return { db, sql, deps, tracker, forwardStatus, store: store_ };
}

async function fixture() {
  const s = setup();
  await registerDevice(s.sql, { id: 'drv-1', officeId: 'sharya', kind: 'panel-driver', name: 'Зал приёма' }, msk(20, 9, 0));
  await registerDevice(s.sql, { id: 'kiosk-1', officeId: 'sharya', kind: 'kiosk', name: 'Киоск у входа' }, msk(20, 9, 0));
  await registerDevice(s.sql, { id: 'old-drv', officeId: 'sharya', kind: 'panel-driver', name: 'Списан' }, msk(20, 9, 0));
  await revokeDevice(s.sql, 'old-drv', msk(21, 9, 0));

  const panels = (at: number) => [
    panelStatus('p1', { desk: 'окно 1', errors: { 'bad-checksum': 2, timeout: 0 }, lastHeartbeatAt: toInstant(at) }),
    panelStatus('p2', { desk: 'окно 2', online: false, disconnects: 3, errors: { garbage: 3, 'x-new-kind': 1 } }),
  ];
  for (const t of [NOW - 90_000, NOW - 60_000, NOW - 30_000]) {
    await s.store(t + 40, [heartbeat('drv-1', t, { panels: panels(t), backlog: 4, version: '1.2.0', errors: { 'hub-unreachable': 1 }, lastSyncAt: toInstant(t - 1000) })]);
  }
  await s.store(NOW - 20_000, [
    press('drv-1', 'p1', msk(26, 23, 59, 59)), // Thursday: not today
    press('drv-1', 'p1', msk(27, 0, 0, 0)), // Moscow midnight exactly: today
    press('drv-1', 'p1', msk(27, 9, 0)),
    press('drv-1', 'p1', msk(27, 9, 30)),
    press('drv-1', 'p1', msk(27, 9, 31), { suppressed: 'too-soon' }),
    press('drv-1', 'p3', msk(27, 9, 45)), // a panel not in any heartbeat
  ]);
  // Kiosk clock 3 minutes ahead; one heartbeat five minutes ago.
  await s.store(NOW - 300_000, [heartbeat('kiosk-1', NOW - 300_000 + 180_000, { deviceKind: 'kiosk', backlog: 2 })]);
  await s.store(NOW - 290_000, [response('kiosk-1', msk(26, 17, 0)), response('kiosk-1', msk(27, 8, 15)), response('kiosk-1', msk(27, 9, 50))]);
  return s;
}

describe('the board of an office', async () => {
  it('devices, panels, presses today across Moscow midnight, suppressed apart, errors labelled', async () => {
    const { deps } = await fixture();
    const board = await buildDeviceBoard(deps, 'sharya', NOW);
    expect(board.scope).toEqual({ officeId: 'sharya', officeName: 'Шарьинское отделение' });
    expect(board.devices.map((d) => d.deviceId)).toEqual(['drv-1', 'kiosk-1']);

    const [drv, kiosk] = board.devices;
    expect(drv).toMatchObject({
      kind: 'panel-driver',
      name: 'Зал приёма',
      registered: true,
      status: 'online',
      heartbeatIntervalMs: 30_000,
      offlineAfterMs: 75_000,
      version: '1.2.0',
      backlog: 4,
      lastHeartbeatAt: toInstant(NOW - 30_000 + 40),
      clockSkew: { ms: -40, flagged: false },
      errors: [{ kind: 'hub-unreachable', label: 'хаб недоступен', count: 1 }],
      today: { counted: 4, suppressed: 1 },
      lastRecordAt: toInstant(msk(27, 9, 45)),
    });
    expect(drv?.panels.map((p) => [p.panelId, p.status, p.offlineCause, p.pressesToday.counted, p.pressesToday.suppressed])).toEqual([
      ['p1', 'online', null, 3, 1],
      ['p2', 'offline', 'panel', 0, 0],
      ['p3', 'unknown', null, 1, 0],
    ]);
    expect(drv?.panels[0]).toMatchObject({ desk: 'окно 1', lastPressAt: toInstant(msk(27, 9, 31)), errors: [{ kind: 'bad-checksum', label: 'ошибка контрольной суммы', count: 2 }] });
    expect(drv?.panels[1]).toMatchObject({ disconnects: 3, statusSince: toInstant(NOW - 90_000 + 40), errors: [{ kind: 'garbage', label: 'мусор в линии пульта', count: 3 }, { kind: 'x-new-kind', label: 'x-new-kind', count: 1 }] });
    // The driver's figure is the sum of its panels, p3 included (known from its presses only).
    expect(drv?.today.counted).toBe(drv?.panels.reduce((n, p) => n + p.pressesToday.counted, 0));

    expect(kiosk).toMatchObject({ kind: 'kiosk', status: 'offline', backlog: 2, panels: [], today: { counted: 2, suppressed: 0 }, lastRecordAt: toInstant(msk(27, 9, 50)) });
    expect(kiosk?.clockSkew).toEqual({ ms: 180_000, flagged: true });
  });

  it('the history records first contact of the device and of each panel', async () => {
    const { deps } = await fixture();
    const drv = (await buildDeviceBoard(deps, 'sharya', NOW)).devices[0];
    expect(drv?.history.map((e) => e.label).sort()).toEqual(['пульт p1: впервые на связи', 'пульт p2: нет связи с первого отчёта', 'устройство: впервые на связи']);
  });

  it('alerts: clock skew at once; silence and offline only after the limit', async () => {
    const { deps } = await fixture();
    expect((await buildDeviceBoard(deps, 'sharya', NOW)).alerts.map((a) => `${a.kind}:${a.deviceId}:${a.panelId}`)).toEqual(['clock-skew:kiosk-1:null']);
    const later = await buildDeviceBoard(deps, 'sharya', msk(27, 10, 45));
    expect(later.devices.map((d) => d.status)).toEqual(['offline', 'offline']);
    expect(later.devices[0]?.panels.map((p) => [p.status, p.offlineCause])).toEqual([
      ['offline', 'driver'],
      ['offline', 'driver'],
      ['unknown', null],
    ]);
    expect(later.alerts.map((a) => `${a.kind}:${a.deviceId}`)).toEqual(['device-offline:kiosk-1', 'device-offline:drv-1', 'clock-skew:kiosk-1']);
    expect((await buildDeviceBoard(deps, 'sharya', msk(27, 18, 30))).alerts.map((a) => a.kind)).toEqual(['clock-skew']);
  });

  it('the office hub → central row comes from the forwarder’s report', async () => {
    const { deps, forwardStatus } = await fixture();
    expect((await buildDeviceBoard(deps, 'sharya', NOW)).forwarding).toBeNull();
    forwardStatus.report = {
      configured: true,
      centralUrl: 'https://central.example',
      backlog: { count: 7, oldestReceivedAt: toInstant(NOW - 45 * 60_000) },
      lastSyncAt: toInstant(NOW - 50 * 60_000),
      lastError: { code: 'unreachable', message: 'центр не отвечает', at: toInstant(NOW - 60_000) },
      failing: true,
    };
    const board = await buildDeviceBoard(deps, 'sharya', NOW);
    expect(board.forwarding).toMatchObject({ backlog: 7, oldestAgeMs: 45 * 60_000, state: 'failing' });
    expect(board.alerts.map((a) => a.kind)).toContain('forward-stalled');
  });

  it('on the central: every office, and devices known only from their heartbeats', async () => {
    const { deps, store } = await fixture();
    await store(NOW - 10_000, [heartbeat('buy-drv', NOW - 10_000, { officeId: 'buy', panels: [panelStatus('b1')] })]);
    const board = await buildDeviceBoard({ ...deps, settings: { ...deps.settings, role: 'central' } }, null, NOW);
    expect(board.scope.officeId).toBeNull();
    expect(board.devices.map((d) => `${d.officeId}/${d.deviceId}:${d.registered}`)).toEqual(['buy/buy-drv:false', 'sharya/drv-1:true', 'sharya/kiosk-1:true']);
    expect(board.forwarding).toBeNull();
  });
});

describe('link states and disconnect history from heartbeat sequences', async () => {
  it('driver gap, panel drop and return, sweep: persisted, and the sweep does not repeat itself', async () => {
    const { deps, store, tracker, sql } = setup();
    await registerDevice(sql, { id: 'drv-1', officeId: 'sharya', kind: 'panel-driver', name: 'Зал' }, NOW - 3_600_000);
    const beat = (t: number, online: boolean, disconnects = 0) => store(t, [heartbeat('drv-1', t, { panels: [panelStatus('p1', { online, disconnects })] })]);
    await beat(NOW, true);
    await beat(NOW + 30_000, true);
    await beat(NOW + 60_000, false, 1);
    await beat(NOW + 90_000, true, 1);
    await beat(NOW + 120_000, true, 3); // two drops between heartbeats
    await beat(NOW + 600_000, true, 3); // the driver was away ~8 min
    expect((await tracker.sweep(NOW + 620_000)).size).toBe(0);
    expect([...(await tracker.sweep(NOW + 700_000))]).toEqual(['sharya']);
    expect((await tracker.sweep(NOW + 800_000)).size).toBe(0);

    const history = (await buildDeviceBoard(deps, 'sharya', NOW + 800_000)).devices[0]?.history ?? [];
    expect(history.map((e) => `${(Date.parse(e.at) - NOW) / 1000}s ${e.label}`).reverse()).toEqual([
      '0s устройство: впервые на связи',
      '0s пульт p1: впервые на связи',
      '60s пульт p1: связь потеряна',
      '90s пульт p1: связь восстановлена',
      '120s пульт p1: кратковременный обрыв (2 раза)',
      '120s устройство: пропал сигнал',
      '600s устройство: связь восстановлена',
      '600s устройство: пропал сигнал',
    ]);
    const board = await buildDeviceBoard(deps, 'sharya', NOW + 800_000);
    expect(board.devices[0]).toMatchObject({ status: 'offline', statusSince: toInstant(NOW + 600_000) });
  });

  it('state survives a restart of the tracker, and history stays bounded per device', async () => {
    const { deps, store, db, sql } = setup();
    const queries = createHealthQueries(sql);
    const linkStore = createLinkStore(sql);
    for (let i = 0; i < 130; i++) await store(NOW + i * 30_000, [heartbeat('drv-1', NOW + i * 30_000, { panels: [panelStatus('p1', { online: i % 2 === 0 })] })]);
    const count = (db.prepare("SELECT count(*) FROM device_event WHERE device_id = 'drv-1'").pluck().get() as number);
    expect(count).toBe(100);
    const restarted = createHealthTracker({ sql, queries, store: linkStore, heartbeatDefaultsMs: { 'panel-driver': 30_000, kiosk: 60_000 }, logger: silentLogger });
    expect([...(await restarted.sweep(NOW + 130 * 30_000 + 600_000))]).toEqual(['sharya']);
    expect((await buildDeviceBoard(deps, 'sharya', NOW + 130 * 30_000 + 600_000)).devices[0]?.history[0]?.label).toBe('устройство: пропал сигнал');
  });
});
