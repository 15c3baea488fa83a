import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { readHubConfig } from '../../hub/config.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase, type Db } from '../../hub/db/open.ts';
import { registerDevice, registerDeviceNow } from '../../hub/devices/credentials.ts';
import { sqlOverSqlite } from '../../hub/sql/central-sql.ts';
import { buildDeviceBoard, type BoardDeps } from '../../hub/board/device-board.ts';
import { createHealthQueries } from '../../hub/devices/health-queries.ts';
import { createHealthTracker } from '../../hub/devices/health-tracker.ts';
import { createLinkStore } from '../../hub/devices/link-store.ts';
import { sqliteRecordSource } from '../../hub/reports/record-source.ts';
import { heartbeat, ingestAt, panelStatus, press } from '../../test/support/test-records.ts';
import { startHub } from '../../hub/server.ts';
import { staffSession } from '../../test/support/staff-session.ts';
import { createLogger } from '../../shared/logger.ts';
import { moscowMidnight } from '../../shared/periods.ts';
import { figure, percentile, type BenchFigure } from '../figure.ts';
import { benchDir } from '../floors.ts';

/**
 * The АХО board's costs:
 * 1. one snapshot of an office's board over a year of presses, and of every office's board on the
 *    central, beside the floor: the indexed reads a snapshot cannot avoid, timed bare;
 * 2. hub ingestion of one-press batches (the worst case for live views) with a board client
 *    watching, beside the same hub with nobody watching: what the live board costs the hub.
 */
const NOW = moscowMidnight(2026, 11, 27) + 10 * 3_600_000;
const DAY = 86_400_000;
const silent = createLogger('bench', { level: 'silent', pretty: false });

export async function run(): Promise<BenchFigure[]> {
  const office = await snapshotFigures('office', { offices: ['sharya'], panelsPerOffice: 12, pressesPerOffice: 500_000 });
  const central = await snapshotFigures('central', { offices: ['sharya', 'buy', 'galich', 'nerekhta', 'makaryev', 'manturovo', 'kostroma', 'volgorechensk', 'kologriv', 'neya'], panelsPerOffice: 8, pressesPerOffice: 40_000 });
  const live = await ingestWithBoard();
  return [
    ...office,
    ...central,
    figure('board.ingest.one-press-batches.watched', live.watched, 'events/s', { name: 'same hub, nobody watching the board', value: live.unwatched, unit: 'events/s' }, `best of 2 interleaved rounds of ${live.requests} POST /api/ingest of one press each, 4 concurrent senders; the watching client received ${live.boards} boards in its 2 rounds (at most 4/s)`),
  ];
}

interface Scale {
  offices: string[];
  panelsPerOffice: number;
  pressesPerOffice: number;
}

async function snapshotFigures(name: 'office' | 'central', scale: Scale): Promise<BenchFigure[]> {
  const { db, deps } = await boardFixture(scale);
  const scope = name === 'office' ? 'sharya' : null;
  const role = name === 'office' ? 'office' : 'central';
  const settings = { ...deps.settings, role } as const;
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = process.hrtime.bigint();
    await buildDeviceBoard({ ...deps, settings }, scope, NOW);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const floor = bareReads(db, scale);
  db.close();
  const floorRef = { name: `the ${floor.reads} indexed reads of one snapshot, bare`, value: floor.ms, unit: 'ms' };
  const what = `${scale.offices.length} office(s) × (1 driver with ${scale.panelsPerOffice} panels + 1 kiosk), ${scale.pressesPerOffice.toLocaleString('en')} presses per office over a year`;
  return [figure(`board.snapshot.${name}.p50`, percentile(times, 50), 'ms', floorRef, what), figure(`board.snapshot.${name}.p99`, percentile(times, 99), 'ms', floorRef)];
}

async function boardFixture(scale: Scale): Promise<{ db: Db; deps: BoardDeps }> {
  const { db } = openDatabase(path.join(benchDir(), 'board.sqlite'));
  seedOfficesOnSqlite(db);
  const sql = sqlOverSqlite(db);
  const queries = createHealthQueries(sql);
  const store = createLinkStore(sql);
  const tracker = createHealthTracker({ sql, queries, store, heartbeatDefaultsMs: { 'panel-driver': 30_000, kiosk: 60_000 }, logger: silent });
  const insert = db.prepare(`INSERT INTO press (id, office_id, device_id, panel_id, desk, seq, button, score, suppressed, born_at, received_at)
    VALUES (?, ?, ?, ?, NULL, NULL, '5', 5, ?, ?, ?)`);
  for (const officeId of scale.offices) {
    await registerDevice(sql, { id: `${officeId}-drv`, officeId, kind: 'panel-driver', name: 'Зал' }, NOW - 400 * DAY);
    await registerDevice(sql, { id: `${officeId}-kiosk`, officeId, kind: 'kiosk', name: 'Киоск' }, NOW - 400 * DAY);
    db.transaction(() => {
      for (let i = 0; i < scale.pressesPerOffice; i++) {
        const bornAt = NOW - Math.floor((i / scale.pressesPerOffice) * 365 * DAY);
        insert.run(`${officeId}-${i}`, officeId, `${officeId}-drv`, `${officeId}-p${i % scale.panelsPerOffice}`, i % 17 === 0 ? 'too-soon' : null, bornAt, bornAt);
      }
    })();
    // A day of heartbeats with panels dropping now and then: a full history per device.
    for (let t = NOW - DAY; t < NOW; t += 10 * 60_000) {
      const panels = Array.from({ length: scale.panelsPerOffice }, (_, p) => panelStatus(`${officeId}-p${p}`, { online: (t / 600_000 + p) % 7 !== 0, errors: { garbage: p } }));
      await tracker.onStored(ingestAt(db, t, [heartbeat(`${officeId}-drv`, t, { officeId, panels }), heartbeat(`${officeId}-kiosk`, t, { officeId, deviceKind: 'kiosk' })]));
    }
  }
  const deps: BoardDeps = {
    queries,
    records: sqliteRecordSource(db),
    store,
    forwardReport: () => null,
    officeName: () => 'Отдел',
    hubStorage: () => null,
    settings: { role: 'office', officeId: 'sharya', workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }, deviceSilenceMinutes: 30, deviceHeartbeatSeconds: { 'panel-driver': 30, kiosk: 60 } },
  };
  return { db, deps };
}

/** The reads a snapshot needs (per panel: last press and today; per device: heartbeats, events), bare. */
function bareReads(db: Db, scale: Scale): { ms: number; reads: number } {
  const last = db.prepare('SELECT max(born_at) FROM press WHERE office_id = ? AND panel_id = ?').pluck();
  const today = db.prepare('SELECT count(*) FROM press WHERE office_id = ? AND panel_id = ? AND born_at >= ?').pluck();
  const beats = db.prepare('SELECT born_at, received_at, body FROM heartbeat WHERE device_id = ? AND office_id = ? ORDER BY received_at DESC LIMIT 6');
  const events = db.prepare('SELECT * FROM device_event WHERE office_id = ? AND device_id = ? ORDER BY seq DESC LIMIT 20');
  const times: number[] = [];
  let reads = 0;
  for (let i = 0; i < 60; i++) {
    reads = 0;
    const t0 = process.hrtime.bigint();
    for (const officeId of scale.offices) {
      for (let p = 0; p < scale.panelsPerOffice; p++) {
        last.get(officeId, `${officeId}-p${p}`);
        today.get(officeId, `${officeId}-p${p}`, NOW - 10 * 3_600_000);
        reads += 2;
      }
      for (const device of [`${officeId}-drv`, `${officeId}-kiosk`]) {
        beats.all(device, officeId);
        events.all(officeId, device);
        reads += 2;
      }
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: percentile(times, 50), reads };
}

async function ingestWithBoard(): Promise<{ watched: number; unwatched: number; requests: number; boards: number }> {
  const config = readHubConfig({ DATA_DIR: benchDir(), PORT: '0', OFFICE_ID: 'sharya' });
  if (!config.ok) throw new Error(config.message);
  const hub = await startHub(config.value, { logger: silent });
  const token = await registerDeviceNow(hub.ctx, { id: 'drv', officeId: 'sharya', kind: 'panel-driver', name: 'Зал' }, Date.now());
  // The board's socket admits only a logged-in АХО (or admin, CX) session.
  const { cookie } = await staffSession(hub, 'aho-bench', [{ role: 'aho' }]);
  await ingestRound(hub.url, token, 200); // warm-up
  const requests = 3000;
  // Interleaved rounds, best of each: the machine is shared, so order would otherwise decide.
  let unwatched = 0;
  let watched = 0;
  let boards = 0;
  for (let round = 0; round < 2; round++) {
    unwatched = Math.max(unwatched, await ingestRound(hub.url, token, requests));
    const socket = connect(`${hub.url}/devices`, { transports: ['websocket'], extraHeaders: { cookie } });
    socket.on('board', () => boards++);
    await socket.timeout(10_000).emitWithAck('join', {});
    watched = Math.max(watched, await ingestRound(hub.url, token, requests));
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.disconnect();
  }
  await hub.close();
  return { watched, unwatched, requests, boards };
}

async function ingestRound(url: string, token: string, requests: number): Promise<number> {
  let next = 0;
  const sender = async () => {
    while (next < requests) {
      next++;
      const res = await fetch(`${url}/api/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ records: [press('drv', 'p1', Date.now())] }),
      });
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
      await res.arrayBuffer();
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all([sender(), sender(), sender(), sender()]);
  return requests / (Number(process.hrtime.bigint() - t0) / 1e9);
}
