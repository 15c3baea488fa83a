import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../shared/logger.ts';
import { readHubConfig } from '../hub/config.ts';
import { startHub, type RunningHub } from '../hub/server.ts';
import { createPairingCode } from '../hub/staff/device-pairing.ts';
import { pairDriver, pairRefusalText } from '../terminal-driver/pair.ts';

let hub: RunningHub;
beforeAll(async () => {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'pair-')), PORT: '0', OFFICE_ID: 'sharya' });
  if (!config.ok) throw new Error(config.message);
  hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
});
afterAll(async () => hub.close());

it('a pairing code becomes the driver.env lines, and the key works at the hub', async () => {
  const { code } = await createPairingCode(hub.ctx.sql, { deviceId: 'sharya-panels', officeId: 'sharya', kind: 'panel-driver', name: 'Пульты' }, 'aho', Date.now());
  const outcome = await pairDriver(hub.url, code);
  expect(outcome.ok).toBe(true);
  if (!outcome.ok) return;
  expect(outcome.lines.slice(0, 3)).toEqual([`HUB_URL=${hub.url}`, 'OFFICE_ID=sharya', 'DEVICE_ID=sharya-panels']);
  const token = outcome.lines[3]!.replace('DEVICE_TOKEN=', '');
  const res = await fetch(`${hub.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records: [] }) });
  expect(res.status).toBe(400); // authenticated; an empty batch is the only problem
  const again = await pairDriver(hub.url, code);
  expect(again).toEqual({ ok: false, reason: 'refused', detail: expect.stringMatching(/уже использован/) });
  expect(!again.ok && pairRefusalText(again)).toMatch(/уже использован/);
});

it('a kiosk code is not taken for a driver, and an unreachable hub is a clear error', async () => {
  const { code } = await createPairingCode(hub.ctx.sql, { deviceId: 'k1', officeId: 'sharya', kind: 'kiosk', name: 'Киоск' }, 'aho', Date.now());
  const kiosk = await pairDriver(hub.url, code);
  expect(kiosk).toMatchObject({ ok: false, reason: 'not-a-driver-code' });
  expect(!kiosk.ok && pairRefusalText(kiosk)).toMatch(/не для драйвера/);
  const unreachable = await pairDriver('http://127.0.0.1:1', '1234-5678');
  expect(unreachable).toMatchObject({ ok: false, reason: 'hub-unreachable' });
  expect(!unreachable.ok && pairRefusalText(unreachable)).toMatch(/не ответил/);
});
