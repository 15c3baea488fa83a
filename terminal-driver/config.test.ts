import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDriverConfig } from './config.ts';
import { makeTempDir, removeTempDirs } from '../test/support/temp-dirs.ts';

afterAll(removeTempDirs);

const required = { DEVICE_ID: 'drv-1', DEVICE_TOKEN: 'czn_dev_0123456789abcdef' };

function withFile(json: unknown, env: Record<string, string> = {}) {
  const file = path.join(makeTempDir('drvcfg-'), 'driver.json');
  writeFileSync(file, JSON.stringify(json));
  return readDriverConfig({ ...required, DRIVER_CONFIG: file, ...env });
}

describe('driver configuration', () => {
  it('runs with just the environment the start stack sets; no panel means the simulated one', () => {
    const result = readDriverConfig({ ...required, HUB_URL: 'http://127.0.0.1:8080', OFFICE_ID: 'sharya', DATA_DIR: '/tmp/d' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ hubUrl: 'http://127.0.0.1:8080', officeId: 'sharya', heartbeatSeconds: 30, misuseSeconds: 3, panels: [] });
    expect(result.value.databaseFile).toBe('/tmp/d/driver.sqlite');
    expect(result.value.forward).toEqual({ retryBaseMs: 1000, retryCapMs: 60_000, batchRecords: 500, timeoutMs: 10_000 });
  });

  it('a bad value names the key, the value and what is expected', () => {
    const result = readDriverConfig({ ...required, HEARTBEAT_SECONDS: 'often', HUB_URL: 'ftp://hub' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('HEARTBEAT_SECONDS (переменная окружения) = "often"');
    expect(result.message).toContain('HUB_URL (переменная окружения) = "ftp://hub"');
  });

  it('the device id and token are required', () => {
    const result = readDriverConfig({});
    expect(!result.ok && result.message).toMatch(/deviceId = \(не задано\)[\s\S]*deviceToken = \(не задано\)/);
  });

  it('lists panels with port, baud, protocol, desk and a button map', () => {
    const result = withFile({
      officeId: 'buy',
      panels: [
        { id: 'okno-1', port: '/dev/serial/by-id/usb-Panel_A-if00', protocol: 'framed', desk: 'Окно 1' },
        { id: 'vhod', port: '/dev/serial/by-id/usb-Panel_B-if00', baudRate: 2400, protocol: 'bare', buttons: { a: 1, b: 3, c: 5 }, misuseSeconds: 10 },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [a, b] = result.value.panels;
    expect(a).toMatchObject({ id: 'okno-1', baudRate: 9600, protocol: 'framed', officeId: 'buy', desk: 'Окно 1', misuseMs: 3000 });
    expect([...(a?.buttons ?? [])]).toEqual([['1', 1], ['2', 2], ['3', 3], ['4', 4], ['5', 5]]);
    expect(b).toMatchObject({ baudRate: 2400, protocol: 'bare', desk: null, misuseMs: 10_000 });
    expect([...(b?.buttons ?? [])]).toEqual([['a', 1], ['b', 3], ['c', 5]]);
  });

  it('refuses panels that cannot work: unknown protocol, scores out of range', () => {
    const result = withFile({
      panels: [
        { id: 'p1', port: '/dev/a', protocol: 'morse' },
        { id: 'p2', port: '/dev/b', protocol: 'bare', buttons: { a: 6 } },
      ],
    });
    expect(!result.ok && result.message).toMatch(/panels\.0\.protocol .*= "morse"[\s\S]*panels\.1\.buttons\.a .*= 6/);
  });

  it('refuses duplicate panels and ports, a panel of another office, long buttons on a bare panel', () => {
    const result = withFile({
      officeId: 'buy',
      panels: [
        { id: 'p1', port: '/dev/a', protocol: 'framed' },
        { id: 'p1', port: '/dev/a', protocol: 'framed' },
        { id: 'p3', port: '/dev/c', protocol: 'framed', officeId: 'sharya' },
        { id: 'p4', port: '/dev/d', protocol: 'bare', buttons: { ok: 5 } },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const key of ['panels.1.id', 'panels.1.port', 'panels.2.officeId', 'panels.3.buttons']) expect(result.message).toContain(key);
  });

  it('the environment overrides the file', () => {
    const result = withFile({ officeId: 'buy', heartbeatSeconds: 10 }, { OFFICE_ID: 'galich', HEARTBEAT_SECONDS: '5' });
    expect(result.ok && [result.value.officeId, result.value.heartbeatSeconds]).toEqual(['galich', 5]);
  });

  it('an unknown key is an error, not ignored', () => {
    const result = withFile({ heartbeatSecs: 5 });
    expect(!result.ok && result.message).toMatch(/heartbeatSecs/);
  });
});
