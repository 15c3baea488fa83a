import { describe, expect, it } from 'vitest';
import { HISTORY_KEPT } from '../../shared/protocol/board.ts';
import { BOTH_DATABASES } from '../../test/support/both-databases.ts';
import { openDevicesForSuite } from '../../test/support/device-holder.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { DeviceExistsError, listDevices, registerDevice, registerDeviceNow, revokeDevice, revokeDeviceNow, type DeviceHolder } from './credentials.ts';
import { createHealthQueries } from './health-queries.ts';
import { createLinkStore } from './link-store.ts';
import type { DeviceLinks } from './link-state.ts';
import { testDb } from '../../test/support/test-records.ts';

/**
 * The devices' tables (device, device_link, device_event, device_panel): the same statements on the
 * hub's SQLite and on the central's PostgreSQL, each migrated by its own migrations.
 */
const NOW = Date.UTC(2026, 10, 20, 9, 0);

describe.each(BOTH_DATABASES)('devices on $name', (database) => {
  let sql!: CentralSql;
  let hub!: DeviceHolder;
  openDevicesForSuite(database, (opened) => ({ sql, hub } = opened));

  const driver = (id: string, officeId = 'sharya') => ({ id, officeId, kind: 'panel-driver' as const, name: `Пульты ${id}` });

  it('a registered device is known by its token at once; a revoked one on the very next check', async () => {
    const token = await registerDeviceNow(hub, driver('d-auth'), NOW);
    expect(token).toMatch(/^czn_dev_[\w-]{43}$/);
    expect(hub.devices.authenticate(token)).toEqual({ id: 'd-auth', officeId: 'sharya', kind: 'panel-driver', name: 'Пульты d-auth', createdAt: NOW, revokedAt: null });
    expect(hub.devices.authenticate(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(hub.devices.authenticate('Bearer ' + token)).toBeNull();
    expect(hub.devices.authenticate(token + 'x'.repeat(200))).toBeNull();
    expect(await revokeDeviceNow(hub, 'd-auth', NOW + 1)).toBe(true);
    expect(hub.devices.authenticate(token)).toBeNull();
    expect(await revokeDeviceNow(hub, 'd-auth', NOW + 2)).toBe(false);
    expect(await revokeDevice(sql, 'no-such', NOW)).toBe(false);
  });

  it('an active device cannot be registered twice; after revocation it is, keeping its id with a new token', async () => {
    const first = await registerDeviceNow(hub, driver('d-again'), NOW);
    await expect(registerDevice(sql, driver('d-again'), NOW + 1)).rejects.toThrow(DeviceExistsError);
    await expect(registerDevice(sql, driver('d-again'), NOW + 1)).rejects.toThrow('устройство d-again уже зарегистрировано; сначала отзовите его');
    await revokeDeviceNow(hub, 'd-again', NOW + 2);
    const second = await registerDeviceNow(hub, { id: 'd-again', officeId: 'buy', kind: 'kiosk', name: 'Киоск' }, NOW + 3);
    expect(second).not.toBe(first);
    expect(hub.devices.authenticate(first)).toBeNull();
    expect(hub.devices.authenticate(second)).toEqual({ id: 'd-again', officeId: 'buy', kind: 'kiosk', name: 'Киоск', createdAt: NOW + 3, revokedAt: null });
    expect((await listDevices(sql)).filter((d) => d.id === 'd-again')).toEqual([{ id: 'd-again', officeId: 'buy', kind: 'kiosk', name: 'Киоск', createdAt: NOW + 3, revokedAt: null }]);
  });

  it('one new device registered twice at once: one token, the other refused; the token given works', async () => {
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.allSettled([registerDevice(sql, driver(`d-race-${round}`), NOW), registerDevice(sql, driver(`d-race-${round}`), NOW)]);
      const tokens = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(tokens).toHaveLength(1);
      expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(DeviceExistsError) });
      await hub.devices.load(sql);
      expect(hub.devices.authenticate(tokens[0]!)).toMatchObject({ id: `d-race-${round}` });
    }
  });

  it('lists every device, revoked ones too, by office then id (byte order)', async () => {
    for (const id of ['Z-upper', 'a-lower', 'b-2']) await registerDevice(sql, driver(id, 'neya'), NOW);
    await revokeDevice(sql, 'b-2', NOW + 5);
    const neya = (await listDevices(sql)).filter((d) => d.officeId === 'neya');
    expect(neya.map((d) => [d.id, d.revokedAt])).toEqual([
      ['Z-upper', null],
      ['a-lower', null],
      ['b-2', NOW + 5],
    ]);
  });

  it('refuses an unknown kind, an unknown office and a second device with the same token hash', async () => {
    const row = { id: 'd-bad', office_id: 'sharya', kind: 'panel-driver' as const, name: 'n', token_hash: Buffer.alloc(32, 7), created_at: NOW, revoked_at: null };
    await expect(sql.db.insertInto('device').values({ ...row, kind: 'printer' as 'kiosk' }).execute()).rejects.toThrow();
    await expect(sql.db.insertInto('device').values({ ...row, office_id: 'nowhere' }).execute()).rejects.toThrow();
    await sql.db.insertInto('device').values(row).execute();
    await expect(sql.db.insertInto('device').values({ ...row, id: 'd-bad-2' }).execute()).rejects.toThrow();
  });

  it('link states: saved on change, read back per device and per scope', async () => {
    const store = createLinkStore(sql);
    const links: DeviceLinks = { device: { online: true, since: NOW, disconnects: null }, panels: new Map([['p1', { online: true, since: NOW, disconnects: 0 }]]) };
    await sql.transaction((trx) => store.save(trx, 'sharya', 'l-1', links, ['', 'p1'], []));
    const later: DeviceLinks = { device: links.device, panels: new Map([['p1', { online: false, since: NOW + 60_000, disconnects: 2 }]]) };
    await sql.transaction((trx) => store.save(trx, 'sharya', 'l-1', later, ['p1', 'p1'], []));
    // A device whose own row is missing has no links yet.
    await sql.transaction((trx) => store.save(trx, 'buy', 'l-2', { device: links.device, panels: new Map([['q', { online: true, since: NOW, disconnects: 1 }]]) }, ['q'], []));
    expect(await store.load('sharya', 'l-1')).toEqual(later);
    expect(await store.load('buy', 'l-2')).toBeNull();
    expect(await store.load('sharya', 'nobody')).toBeNull();
    expect([...(await store.loadAll('sharya')).keys()]).toEqual(['sharya/l-1']);
    expect((await store.loadAll(null)).get('sharya/l-1')).toEqual(later);
    await expect(sql.db.insertInto('device_link').values({ office_id: 'sharya', device_id: 'x', panel_id: '', online: 2 as 1, since: NOW, disconnects: null }).execute()).rejects.toThrow();
  });

  it('events: newest first, kept to the last HISTORY_KEPT per device, read for a whole board at once', async () => {
    const store = createLinkStore(sql);
    const links: DeviceLinks = { device: { online: true, since: NOW, disconnects: null }, panels: new Map() };
    const step = (deviceId: string, from: number, count: number) =>
      sql.transaction((trx) =>
        store.save(
          trx,
          'sharya',
          deviceId,
          links,
          [],
          Array.from({ length: count }, (_, i) => ({ panelId: i % 2 ? 'p1' : '', kind: i % 3 === 0 ? ('offline' as const) : ('online' as const), at: from + i, cause: `c${from + i}` })),
        ),
      );
    await step('e-1', 0, 70);
    await step('e-1', 70, 60);
    await step('e-2', 1000, 3);
    const newest = await store.events('sharya', 'e-1', 5);
    expect(newest.map((e) => e.cause)).toEqual(['c129', 'c128', 'c127', 'c126', 'c125']);
    expect(newest[0]).toEqual({ panelId: 'p1', kind: 'online', at: 129, cause: 'c129' });
    const all = await store.events('sharya', 'e-1', 1000);
    expect(all).toHaveLength(HISTORY_KEPT);
    expect(all.at(-1)?.cause).toBe(`c${130 - HISTORY_KEPT}`);
    const board = await store.recentEvents('sharya', 4);
    expect(board.get('sharya/e-1')?.map((e) => e.cause)).toEqual(['c129', 'c128', 'c127', 'c126']);
    expect(board.get('sharya/e-2')?.map((e) => e.cause)).toEqual(['c1002', 'c1001', 'c1000']);
    expect((await store.recentEvents('buy', 4)).size).toBe(0);
    await expect(sql.db.insertInto('device_event').values({ office_id: 'sharya', device_id: 'x', panel_id: '', kind: 'lost' as 'online', at: NOW, cause: 'c' }).execute()).rejects.toThrow();
  });

  it('panels: first seen kept, the driver updated, ordered by office then panel', async () => {
    const store = createLinkStore(sql);
    await sql.transaction(async (trx) => {
      await store.notePanel(trx, { officeId: 'kologriv', panelId: 'p2', deviceId: 'drv-a', firstSeenAt: NOW });
      await store.notePanel(trx, { officeId: 'kologriv', panelId: 'P1', deviceId: 'drv-a', firstSeenAt: NOW + 1 });
      await store.notePanel(trx, { officeId: 'galich', panelId: 'p9', deviceId: 'drv-g', firstSeenAt: NOW + 2 });
    });
    await sql.transaction((trx) => store.notePanel(trx, { officeId: 'kologriv', panelId: 'p2', deviceId: 'drv-b', firstSeenAt: NOW + 99 }));
    expect(await store.panels('kologriv')).toEqual([
      { officeId: 'kologriv', panelId: 'P1', deviceId: 'drv-a', firstSeenAt: NOW + 1 },
      { officeId: 'kologriv', panelId: 'p2', deviceId: 'drv-b', firstSeenAt: NOW },
    ]);
    expect((await store.panels(null)).map((p) => `${p.officeId}/${p.panelId}`)).toEqual(['galich/p9', 'kologriv/P1', 'kologriv/p2']);
  });

  it('the board lists registered devices and devices only heard of, never revoked ones', async () => {
    const store = createLinkStore(sql);
    await registerDevice(sql, driver('h-registered', 'vokhma'), NOW);
    await registerDevice(sql, driver('h-revoked', 'vokhma'), NOW);
    await revokeDevice(sql, 'h-revoked', NOW + 1);
    const links: DeviceLinks = { device: { online: true, since: NOW, disconnects: null }, panels: new Map() };
    for (const id of ['h-heard', 'h-revoked', 'h-registered']) await sql.transaction((trx) => store.save(trx, 'vokhma', id, links, [''], []));
    // Heartbeats stay on the hub's SQLite: an empty one here.
    const rows = await createHealthQueries(sql).devices('vokhma');
    expect(rows).toEqual([
      { officeId: 'vokhma', deviceId: 'h-heard', kind: null, name: null, registeredAt: null },
      { officeId: 'vokhma', deviceId: 'h-registered', kind: 'panel-driver', name: 'Пульты h-registered', registeredAt: NOW },
    ]);
  });
});
