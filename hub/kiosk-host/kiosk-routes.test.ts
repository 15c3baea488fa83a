import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/logger.ts';
import { readHubConfig } from '../config.ts';
import type { HubContext } from '../context.ts';
import { DEFAULT_SERVICES } from '../db/services.ts';
import { registerDeviceNow } from '../devices/credentials.ts';
import { RouteTable } from '../http/route-table.ts';
import { startHub, type RunningHub } from '../server.ts';
import { staffFetch } from '../../test/support/kiosk-staff.ts';
import { kioskAppRoutes } from './app-route.ts';
import type { KioskConfig } from '../../shared/protocol/kiosk-config.ts';
import { KIOSK_CONFIG_PATH } from '../../shared/protocol/wire.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function hub(): Promise<RunningHub> {
  const config = readHubConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-kiosk-')), PORT: '0', OFFICE_ID: 'sharya' });
  if (!config.ok) throw new Error(config.message);
  const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  closers.push(() => running.close());
  return running;
}

describe('kiosk config and the service list', () => {
  it('a kiosk gets its office, the default services and the idle time; other keys do not', async () => {
    const running = await hub();
    const kiosk = await registerDeviceNow(running.ctx, { id: 'sharya-kiosk-1', officeId: 'sharya', kind: 'kiosk', name: 'Киоск' }, Date.now());
    const driver = await registerDeviceNow(running.ctx, { id: 'drv', officeId: 'sharya', kind: 'panel-driver', name: 'Пульт' }, Date.now());
    const get = (token: string) => fetch(`${running.url}${KIOSK_CONFIG_PATH}`, { headers: { authorization: `Bearer ${token}` } });

    const res = await get(kiosk);
    expect(res.status).toBe(200);
    const config = (await res.json()) as KioskConfig;
    expect(config).toMatchObject({ deviceId: 'sharya-kiosk-1', office: { id: 'sharya', name: 'Шарьинское отделение' }, idleSeconds: 30 });
    expect(config.services.map((s) => s.id)).toEqual(DEFAULT_SERVICES.map((s) => s.id));
    expect((await get(driver)).status).toBe(403);
    expect((await get('czn_dev_nope')).status).toBe(401);
  });

  it('PUT /api/services replaces the list in order, keeps removed ones inactive, refuses bad input with a reason', async () => {
    const running = await hub();
    const cx = await staffFetch(running, 'cx-user', 'cx');
    const put = (body: unknown) => cx('/api/services', { method: 'PUT', body: JSON.stringify(body) });
    const ok = await put({ services: [{ id: 'other', name: 'Другое' }, { id: 'consultation', name: 'Консультация' }] });
    expect(ok.status).toBe(200);
    const listed = (await (await cx('/api/services')).json()) as { services: { id: string; active: boolean }[] };
    expect(listed.services.filter((s) => s.active).map((s) => s.id)).toEqual(['other', 'consultation']);
    expect(listed.services.filter((s) => !s.active)).toHaveLength(DEFAULT_SERVICES.length - 1);

    const duplicate = await put({ services: [{ id: 'x', name: 'Икс' }, { id: 'x', name: 'Икс 2' }] });
    expect(duplicate.status).toBe(400);
    expect(await duplicate.json()).toMatchObject({ ok: false, error: 'invalid-services', reason: expect.stringMatching(/повторяются/) });
    expect((await put({ services: [{ id: 'Бад', name: 'Плохой id' }] })).status).toBe(400);
    expect((await put({ list: [] })).status).toBe(400);
  });
});

describe('serving the built app', () => {
  async function serve(distDir: string) {
    const logger = createLogger('test', { level: 'silent', pretty: false });
    const ctx = { routes: new RouteTable(() => []), logger } as unknown as HubContext;
    const app = express().use(kioskAppRoutes(ctx, distDir));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('long-caches hashed assets, revalidates the page and the worker, and guards the page with a CSP', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'kiosk-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>киоск</title>');
    writeFileSync(path.join(dist, 'sw.js'), 'self.x = 1;');
    writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
    const url = await serve(dist);

    const page = await fetch(`${url}/kiosk/?mode=phone&office=sharya&channel=qr-poster`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('киоск');
    expect((await fetch(`${url}/kiosk/sw.js`)).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${url}/kiosk/assets/index-AbC123.js`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${url}/kiosk/staff`)).status).toBe(200);

    const bare = await fetch(`${url}/kiosk?mode=phone`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/kiosk/?mode=phone']);
    expect((await fetch(`${url}/kiosk/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/kiosk/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${url}/kiosk/.env`)).status).toBe(404);
  });

  it('says plainly when the app was not built', async () => {
    const url = await serve(mkdtempSync(path.join(tmpdir(), 'kiosk-empty-')));
    const res = await fetch(`${url}/kiosk/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build/);
  });
});
