import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { createLogger } from '../shared/logger.ts';
import { parseIngestAck } from '../shared/protocol/ingest.ts';
import { readHubConfig } from './config.ts';
import { registerDeviceNow, revokeDeviceNow } from './devices/credentials.ts';
import { startHub, type RunningHub } from './server.ts';
import { staffSession } from '../test/support/staff-session.ts';

let hub: RunningHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

async function start(): Promise<RunningHub> {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-')), PORT: '0', OFFICE_ID: 'sharya' });
  if (!config.ok) throw new Error(config.message);
  hub = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  return hub;
}

const press = (deviceId: string) => ({
  kind: 'press',
  id: newRecordId(),
  officeId: 'sharya',
  deviceId,
  bornAt: new Date().toISOString(),
  channel: 'panel',
  panelId: 'p1',
  desk: null,
  seq: null,
  button: '3',
  score: 3,
  suppressed: null,
});

describe('hub over HTTP', () => {
  it('GET /health answers 200 with version, role, office, database and uptime', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, role: 'office', office: { id: 'sharya', name: 'Шарьинское отделение' }, database: 'ok', uptimeSeconds: expect.any(Number) });
    // Security headers on every answer (helmet).
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('GET /health from elsewhere answers only { ok }; staff and the hub\'s own machine get the details (issue 12)', async () => {
    for (const role of ['office', 'central'] as const) {
      const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-')), PORT: '0', OFFICE_ID: 'sharya', ROLE: role });
      if (!config.ok) throw new Error(config.message);
      const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
      try {
        // Through the reverse proxy on this machine, as the public reaches the central.
        const stranger = await fetch(`${running.url}/health`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
        expect(stranger.status).toBe(200);
        expect(await stranger.json()).toEqual({ ok: true });
        const staff = await staffSession(running, 'cx-health', [{ role: 'cx' }]);
        const fromStaff = await fetch(`${running.url}/health`, { headers: { 'x-forwarded-for': '203.0.113.9', cookie: staff.cookie } });
        expect(await fromStaff.json()).toMatchObject({ ok: true, version: expect.any(String), role, refusals: expect.any(Object) });
        const local = (await (await fetch(`${running.url}/health`)).json()) as Record<string, unknown>;
        expect(Object.keys(local)).toEqual(expect.arrayContaining(['version', 'refusals', role === 'central' ? 'central' : 'forward']));
      } finally {
        await running.close();
      }
    }
  });

  it('POST /api/ingest: a registered device is acknowledged by id, a revoked one is refused', async () => {
    const running = await start();
    const token = await registerDeviceNow(running.ctx, { id: 'drv', officeId: 'sharya', kind: 'panel-driver', name: 'Пульт' }, Date.now());
    const post = (body: unknown, auth = `Bearer ${token}`) =>
      fetch(`${running.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify(body) });

    const record = press('drv');
    const res = await post({ records: [record] });
    expect(res.status).toBe(200);
    const ack = parseIngestAck(await res.text(), [record.id]);
    expect(ack.ok && ack.acked.get(record.id)).toBe('stored');

    expect((await post({ records: [record] }, 'Bearer czn_dev_wrong')).status).toBe(401);
    await revokeDeviceNow(running.ctx, 'drv', Date.now());
    expect((await post({ records: [press('drv')] })).status).toBe(401);
  });

  it('malformed JSON and invalid records answer 400 with a reason, and are counted on /health', async () => {
    const running = await start();
    const token = await registerDeviceNow(running.ctx, { id: 'drv', officeId: 'sharya', kind: 'panel-driver', name: 'Пульт' }, Date.now());
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const broken = await fetch(`${running.url}/api/ingest`, { method: 'POST', headers, body: '{"records": [' });
    expect(broken.status).toBe(400);
    const invalid = await fetch(`${running.url}/api/ingest`, { method: 'POST', headers, body: JSON.stringify({ records: [{ ...press('drv'), score: 0 }] }) });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: 'invalid-records', invalid: [{ index: 0, reason: expect.stringMatching(/score/) }] });
    const health = (await (await fetch(`${running.url}/health`)).json()) as { refusals: Record<string, number> };
    expect(health.refusals).toEqual({ 'malformed-json': 1, 'invalid-records': 1 });
  });

  it('close() does not wait for a connection that never sends a request (a browser preconnect), nor for a request in flight', async () => {
    const running = await start();
    const silent = connect(running.port, '127.0.0.1');
    const halfSent = connect(running.port, '127.0.0.1');
    await Promise.all([silent, halfSent].map((s) => new Promise((resolve) => s.once('connect', resolve))));
    halfSent.write('GET /health HTTP/1.1\r\nHost: x\r\n'); // headers never finished
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await running.close();
    hub = null;
    // Node alone would wait for the 60 s headers timeout; the hub cuts them after its 2 s grace.
    expect(Date.now() - started).toBeLessThan(15_000);
    silent.destroy();
    halfSent.destroy();
  });
});
