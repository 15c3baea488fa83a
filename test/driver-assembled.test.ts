import { SerialPortMock } from 'serialport';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readHubConfig } from '../hub/config.ts';
import { registerDeviceNow } from '../hub/devices/credentials.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { createLogger } from '../shared/logger.ts';
import { heartbeatSchema, type Heartbeat } from '../shared/records.ts';
import { readDriverConfig } from '../terminal-driver/config.ts';
import { startDriver, type RunningDriver } from '../terminal-driver/driver.ts';
import { eventually } from './support/eventually.ts';
import { encodePress } from '../terminal-driver/protocols/framed.ts';
import { makeTempDir, removeTempDirs } from './support/temp-dirs.ts';

afterAll(removeTempDirs);

/** The driver assembled in-process against a real hub, with a mock serial port: the wiring, quickly. */
const logger = createLogger('test', { level: 'silent', pretty: false });
let hub: RunningHub | null = null;
let driver: RunningDriver | null = null;
afterEach(async () => {
  await driver?.stop();
  await hub?.close();
  driver = hub = null;
});

describe('driver assembled', () => {
  it('a press on a configured panel reaches the hub, and heartbeats report the panel', async () => {
    const hubConfig = readHubConfig({ DATA_DIR: makeTempDir('hub-'), PORT: '0', OFFICE_ID: 'galich' });
    if (!hubConfig.ok) throw new Error(hubConfig.message);
    hub = await startHub(hubConfig.value, { logger });
    const token = await registerDeviceNow(hub.ctx, { id: 'drv-galich', officeId: 'galich', kind: 'panel-driver', name: 'Драйвер пультов' }, Date.now());
    const config = readDriverConfig({ HUB_URL: hub.url, DEVICE_ID: 'drv-galich', DEVICE_TOKEN: token, OFFICE_ID: 'galich', DATA_DIR: makeTempDir('drv-'), HEARTBEAT_SECONDS: '1' });
    if (!config.ok) throw new Error(config.message);
    SerialPortMock.binding.createPort('/dev/mock-okno-7');
    const links: SerialPortMock[] = [];
    const panels = [{ id: 'okno-7', port: '/dev/mock-okno-7', baudRate: 9600, protocol: 'framed' as const, officeId: 'galich', desk: 'Окно 7', buttons: new Map([['5', 5]]), misuseMs: 3000 }];
    driver = startDriver({ ...config.value, panels }, { logger, openLink: (p, baudRate) => links[links.push(new SerialPortMock({ path: p, baudRate, autoOpen: false })) - 1] as SerialPortMock });
    await eventually(() => driver?.sessions[0]?.status().online);
    links[0]?.port?.emitData(encodePress('okno-7', 1, '5'));

    const db = hub.ctx.db;
    const row = await eventually(() => db.prepare('SELECT office_id, device_id, panel_id, desk, seq, score FROM press').get());
    expect(row).toEqual({ office_id: 'galich', device_id: 'drv-galich', panel_id: 'okno-7', desk: 'Окно 7', seq: 1, score: 5 });
    const beat = await eventually(() => {
      const rows = db.prepare("SELECT body FROM heartbeat WHERE device_id = 'drv-galich' ORDER BY born_at DESC").all() as { body: string }[];
      const latest = rows.map((r) => JSON.parse(r.body) as Heartbeat).find((h) => h.panels[0]?.lastPressAt !== null);
      return latest ?? null;
    });
    expect(heartbeatSchema.safeParse(beat).success).toBe(true);
    expect(beat).toMatchObject({ deviceKind: 'panel-driver', panels: [{ panelId: 'okno-7', online: true, desk: 'Окно 7', protocol: 'framed' }] });
  });
});
