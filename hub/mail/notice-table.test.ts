import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { noticeTable, type NoticeRow } from './outage-notices.ts';

/**
 * The tables of what was mailed about outages (office silence, device alerts, refused regional
 * settings), the same statements on the hub's SQLite and on the central's PostgreSQL: each test
 * runs on both, on a database migrated by its own migrations.
 */
afterAll(() => removeTempDirs());

const device = (key: string, alertedAt: number, over: Partial<NoticeRow<'device_alert_notice'>> = {}): NoticeRow<'device_alert_notice'> => ({
  alert_key: key,
  kind: 'panel-offline',
  device_id: 'drv-1',
  panel_id: 'p1',
  message: `Пульт ${key}: нет связи`,
  alerted_at: alertedAt,
  ...over,
});

describe.each(BOTH_DATABASES)('the outage notice tables on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('records notices, reads them oldest first then by key (bytewise), and forgets one', async () => {
    const store = noticeTable(opened.sql, 'device_alert_notice');
    expect(await store.all()).toEqual(new Map());
    await store.alerted(device('panel-offline:drv-1:b', 2_000));
    await store.alerted(device('panel-offline:drv-1:a', 2_000));
    // Upper case sorts before lower case bytewise (SQLite's BINARY, PostgreSQL's "C"), not so in a linguistic locale.
    await store.alerted(device('panel-offline:drv-1:B', 2_000));
    await store.alerted(device('device-offline:drv-1:', 1_000, { kind: 'device-offline', panel_id: null, message: 'Компьютер пультов: нет связи' }));
    await store.alerted(device('disk-full:drv-1:', 3_000, { kind: 'disk-full', panel_id: null }));
    const all = await store.all();
    expect([...all.keys()]).toEqual(['device-offline:drv-1:', 'panel-offline:drv-1:B', 'panel-offline:drv-1:a', 'panel-offline:drv-1:b', 'disk-full:drv-1:']);
    expect(all.get('device-offline:drv-1:')).toEqual(device('device-offline:drv-1:', 1_000, { kind: 'device-offline', panel_id: null, message: 'Компьютер пультов: нет связи' }));
    expect(all.get('panel-offline:drv-1:a')).toEqual(device('panel-offline:drv-1:a', 2_000));

    await store.clear('panel-offline:drv-1:B');
    await store.clear('no-such-key');
    expect([...(await store.all()).keys()]).toEqual(['device-offline:drv-1:', 'panel-offline:drv-1:a', 'panel-offline:drv-1:b', 'disk-full:drv-1:']);
  });

  it('recording a key again replaces its row, once', async () => {
    const store = noticeTable(opened.sql, 'config_alert_notice');
    await store.alerted({ alert_key: 'config-refused', message: 'ревизия 6 не новее действующей 6', alerted_at: 5_000 });
    await store.alerted({ alert_key: 'config-refused', message: 'формат настроек новее программы', alerted_at: 6_000 });
    await store.alerted({ alert_key: 'config-refused', message: 'формат настроек новее программы', alerted_at: 6_000 });
    expect([...(await store.all()).values()]).toEqual([{ alert_key: 'config-refused', message: 'формат настроек новее программы', alerted_at: 6_000 }]);
    await store.clear('config-refused');
    expect((await store.all()).size).toBe(0);
  });

  it('keeps an office never heard from (no last delivery) apart from one that delivered', async () => {
    const store = noticeTable(opened.sql, 'office_silence_notice');
    await store.alerted({ office_id: 'sharya', last_sync_at: 1_700_000_000_000, alerted_at: 1_700_000_900_000 });
    await store.alerted({ office_id: 'buy', last_sync_at: null, alerted_at: 1_700_000_900_000 });
    const all = await store.all();
    expect([...all.values()]).toEqual([
      { office_id: 'buy', last_sync_at: null, alerted_at: 1_700_000_900_000 },
      { office_id: 'sharya', last_sync_at: 1_700_000_000_000, alerted_at: 1_700_000_900_000 },
    ]);
    // The tables are apart: the device notices above are still there, the config one is gone.
    expect((await noticeTable(opened.sql, 'device_alert_notice').all()).size).toBe(4);
  });

  it('refuses a kind the device notices do not know, or a notice without its message, and stores nothing of it', async () => {
    const store = noticeTable(opened.sql, 'device_alert_notice');
    const before = await store.all();
    await expect(store.alerted(device('kiosk-offline:k1:', 9_000, { kind: 'kiosk-offline' as 'device-offline' }))).rejects.toThrow();
    await expect(store.alerted(device('panel-offline:drv-2:p1', 9_000, { message: null as unknown as string }))).rejects.toThrow();
    // A refused replacement leaves the row it would have replaced.
    await expect(store.alerted(device('panel-offline:drv-1:a', 9_000, { kind: 'lost' as 'panel-offline' }))).rejects.toThrow();
    expect(await store.all()).toEqual(before);
  });
});
