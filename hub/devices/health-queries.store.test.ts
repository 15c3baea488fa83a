import { describe, expect, it } from 'vitest';
import { toInstant } from '../../shared/time.ts';
import { seedDefaultOffices } from '../db/offices.ts';
import { BOTH_DATABASES, openForSuite, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { storeHeartbeats } from '../../test/support/heartbeat-rows.ts';
import { heartbeat, panelStatus, silentLogger } from '../../test/support/test-records.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { Heartbeat } from '../../shared/records.ts';
import { createHealthQueries } from './health-queries.ts';
import { createHealthTracker } from './health-tracker.ts';
import { createLinkStore } from './link-store.ts';

/**
 * The heartbeats' reads on both databases (the board's timing and last word, the tracker's link
 * states): rows written as each database's receive path writes them (SQLite's record store,
 * PostgreSQL's INSERT_BATCH), read back equal through CentralSql.
 */
const T0 = Date.UTC(2026, 10, 27, 6, 0, 0);

describe.each(BOTH_DATABASES)('heartbeat reads on $name', (database) => {
  let opened!: OpenedDatabase;
  openForSuite(database, (_sql, o) => (opened = o));
  const store = (beats: { record: Heartbeat; receivedAt: number }[]) => storeHeartbeats(opened, beats);

  it('the recent times newest first (ties by id), of one device of one office, at most the limit', async () => {
    await seedDefaultOffices(opened.sql);
    const beats = [0, 30, 60, 90, 120].map((s) => ({ record: heartbeat('drv-t', T0 + s * 1000 - 400), receivedAt: T0 + s * 1000 }));
    // Two received in the same millisecond: the greater id first.
    const [a, b] = [newRecordId(), newRecordId()].sort();
    beats.push({ record: { ...heartbeat('drv-t', T0 + 119_000), id: a! }, receivedAt: T0 + 120_000 }, { record: { ...heartbeat('drv-t', T0 + 118_000), id: b! }, receivedAt: T0 + 120_000 });
    // Another office's device of the same id, and another device: not read.
    beats.push({ record: heartbeat('drv-t', T0 + 200_000, { officeId: 'buy' }), receivedAt: T0 + 200_000 }, { record: heartbeat('drv-u', T0 + 200_000), receivedAt: T0 + 200_000 });
    await store(beats);
    const queries = createHealthQueries(opened.sql);
    const times = await queries.recentHeartbeatTimes('sharya', 'drv-t', 4);
    expect(times.map((t) => [t.receivedAt - T0, t.bornAt - T0])).toEqual([
      [120_000, 118_000],
      [120_000, 119_000],
      [120_000, 119_600],
      [90_000, 89_600],
    ]);
    expect(await queries.recentHeartbeatTimes('sharya', 'nobody', 4)).toEqual([]);
    expect(await queries.lastHeardBefore('sharya', 'drv-t', T0 + 120_000)).toBe(T0 + 90_000);
    expect(await queries.lastHeardBefore('sharya', 'drv-t', T0)).toBeNull();
    expect(await queries.lastHeardBefore('buy', 'drv-t', T0 + 300_000)).toBe(T0 + 200_000);
  });

  it('the latest heartbeat with its body as the device said it; a body that no longer parses reads as no details', async () => {
    const said = heartbeat('drv-b', T0 - 1000, { backlog: 7, version: '2.0.1', lastSyncAt: toInstant(T0 - 5000), errors: { 'bad-checksum': 3 }, panels: [panelStatus('p1', { desk: 'окно «1»' })] });
    await store([
      { record: heartbeat('drv-b', T0 - 61_000), receivedAt: T0 - 60_000 },
      { record: said, receivedAt: T0 },
    ]);
    const queries = createHealthQueries(opened.sql);
    const { receivedAt: _r, ...body } = said;
    expect(await queries.latestHeartbeat('sharya', 'drv-b')).toEqual({ bornAt: T0 - 1000, receivedAt: T0, body });
    expect(await queries.latestHeartbeat('buy', 'drv-b')).toBeNull();

    await opened.sql.db.insertInto('heartbeat').values({ id: newRecordId(), office_id: 'sharya', device_id: 'drv-b', born_at: T0 + 1, received_at: T0 + 10, body: '{"kind":"heartbeat","panels":"broken"' }).execute();
    expect(await queries.latestHeartbeat('sharya', 'drv-b')).toEqual({ bornAt: T0 + 1, receivedAt: T0 + 10, body: null });
  });

  it('the tracker reckons link states from the stored heartbeats: first contact, then a gap seen after a restart', async () => {
    const queries = createHealthQueries(opened.sql);
    const links = createLinkStore(opened.sql);
    const tracker = () => createHealthTracker({ sql: opened.sql, queries, store: links, heartbeatDefaultsMs: { 'panel-driver': 30_000, kiosk: 60_000 }, logger: silentLogger });
    const beat = (s: number, online = true) => ({ record: { ...heartbeat('drv-l', T0 + s * 1000, { panels: [panelStatus('p1', { online })] }), receivedAt: toInstant(T0 + s * 1000) }, receivedAt: T0 + s * 1000 });

    const first = [beat(0), beat(30), beat(60)];
    await store(first);
    expect([...(await tracker().onStored(first.map((b) => b.record)))]).toEqual(['sharya']);

    // A new tracker (the hub restarted) reads the device's timing back from the heartbeats (loaded by
    // its first step, a sweep within the limit: nothing to do): the next heartbeat, ten minutes
    // later, shows the gap, dated at the last one heard.
    const restarted = tracker();
    expect([...(await restarted.sweep(T0 + 61_000))]).toEqual([]);
    const later = [beat(660, false)];
    await store(later);
    await restarted.onStored(later.map((b) => b.record));

    const held = (await links.loadAll('sharya')).get('sharya/drv-l');
    expect(held?.device).toEqual({ online: true, since: T0 + 660_000, disconnects: null });
    expect(held?.panels.get('p1')).toEqual({ online: false, since: T0 + 660_000, disconnects: 0 });
    const events = (await links.recentEvents('sharya', 20)).get('sharya/drv-l') ?? [];
    expect(events.map((e) => `${(e.at - T0) / 1000}s ${e.panelId || 'device'} ${e.kind} ${e.cause}`)).toEqual([
      '660s p1 offline reported',
      '660s device online gap',
      '60s device offline gap',
      '0s p1 online first',
      '0s device online first',
    ]);
  });
});
