import { afterEach, describe, expect, it } from 'vitest';
import { z } from '../shared/zod.ts';
import { toInstant } from '../shared/time.ts';
import { heartbeat, panelStatus, press, response } from './support/test-records.ts';
import { FRIDAY_10, msk, startBoardHub, type BoardHub } from './support/board-hub.ts';
import { ensureStaffAppBuilt } from './support/staff-app-build.ts';

/** The JSON contract of GET /api/devices, strictly: a field added or lost here is a decision, not an accident. */
const instant = z.iso.datetime({ offset: false, precision: 3 }).nullable();
const errors = z.array(z.strictObject({ kind: z.string(), label: z.string(), count: z.number().int() }));
const today = z.strictObject({ counted: z.number().int(), suppressed: z.number().int() });
const status = z.enum(['online', 'offline', 'unknown']);
const storage = z.strictObject({
  state: z.enum(['ok', 'warning', 'critical']),
  freeBytes: z.number().int().nullable(),
  totalBytes: z.number().int().nullable(),
  warnBelowBytes: z.number().int(),
  criticalBelowBytes: z.number().int(),
  checkedAt: instant,
  writeFailedAt: instant,
});
const boardSchema = z.strictObject({
  ok: z.literal(true),
  format: z.literal(1),
  generatedAt: z.string(),
  scope: z.strictObject({ officeId: z.string().nullable(), officeName: z.string().nullable() }),
  workingHours: z.strictObject({ days: z.array(z.number()), start: z.string(), end: z.string(), now: z.boolean() }),
  silenceMinutes: z.number(),
  alerts: z.array(
    z.strictObject({
      kind: z.enum(['device-offline', 'panel-offline', 'panel-silent', 'clock-skew', 'forward-stalled', 'disk-low', 'disk-full']),
      severity: z.enum(['critical', 'warning']),
      officeId: z.string(),
      deviceId: z.string().nullable(),
      panelId: z.string().nullable(),
      since: instant,
      message: z.string(),
    }),
  ),
  devices: z.array(
    z.strictObject({
      officeId: z.string(),
      deviceId: z.string(),
      kind: z.enum(['panel-driver', 'kiosk']),
      name: z.string(),
      registered: z.boolean(),
      registeredAt: instant,
      status,
      statusSince: instant,
      lastHeartbeatAt: instant,
      lastHeartbeatBornAt: instant,
      heartbeatIntervalMs: z.number(),
      offlineAfterMs: z.number(),
      version: z.string().nullable(),
      backlog: z.number().nullable(),
      lastSyncAt: instant,
      clockSkew: z.strictObject({ ms: z.number(), flagged: z.boolean() }).nullable(),
      errors,
      panels: z.array(
        z.strictObject({
          panelId: z.string(),
          desk: z.string().nullable(),
          port: z.string().nullable(),
          protocol: z.string().nullable(),
          status,
          offlineCause: z.enum(['panel', 'driver']).nullable(),
          statusSince: instant,
          lastPressAt: instant,
          lastHeartbeatAt: instant,
          pressesToday: today,
          disconnects: z.number().nullable(),
          errors,
        }),
      ),
      today,
      lastRecordAt: instant,
      history: z.array(z.strictObject({ at: z.string(), panelId: z.string().nullable(), kind: z.enum(['online', 'offline', 'reconnect']), cause: z.string(), label: z.string() })),
      storage: storage.nullable(),
    }),
  ),
  forwarding: z.unknown(),
  hubStorage: z.strictObject({ role: z.enum(['office', 'central']), report: storage, advice: z.string() }).nullable(),
});

let running: BoardHub | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

describe('GET /api/devices', () => {
  it('answers the board of the office: typed, with presses today, skew and alerts', async () => {
    running = await startBoardHub();
    const h = running;
    const driver = h.device('drv-1', 'panel-driver', 'Зал приёма');
    const kiosk = h.device('kiosk-1', 'kiosk', 'Киоск у входа');
    for (let i = 0; i < 3; i++) {
      h.setNow(FRIDAY_10 - 60_000 + i * 30_000);
      const res = await driver.send([heartbeat('drv-1', h.now(), { version: '2.0.1', backlog: 3, errors: { 'bad-checksum': 1 }, panels: [panelStatus('p1', { desk: 'окно 1' })] })]);
      expect(res.status).toBe(200);
    }
    await driver.send([press('drv-1', 'p1', msk(26, 23, 59)), press('drv-1', 'p1', msk(27, 9, 0)), press('drv-1', 'p1', msk(27, 9, 1), { suppressed: 'too-soon' })]);
    await kiosk.send([heartbeat('kiosk-1', h.now() - 4 * 60_000, { deviceKind: 'kiosk' }), response('kiosk-1', msk(27, 9, 30))]);

    const res = await h.aho.fetch(`/api/devices`);
    expect(res.status).toBe(200);
    const board = boardSchema.parse(await res.json());
    expect(board.scope).toEqual({ officeId: 'sharya', officeName: 'Шарьинское отделение' });
    expect(board.generatedAt).toBe(toInstant(FRIDAY_10));
    const [drv, ksk] = board.devices;
    expect(drv).toMatchObject({ deviceId: 'drv-1', status: 'online', version: '2.0.1', backlog: 3, today: { counted: 1, suppressed: 1 }, errors: [{ label: 'ошибка контрольной суммы' }] });
    expect(drv?.panels[0]).toMatchObject({ panelId: 'p1', desk: 'окно 1', status: 'online', lastPressAt: toInstant(msk(27, 9, 1)) });
    expect(ksk).toMatchObject({ deviceId: 'kiosk-1', kind: 'kiosk', status: 'online', clockSkew: { flagged: true }, today: { counted: 1, suppressed: 0 } });
    expect(board.alerts.map((a) => a.kind)).toEqual(['clock-skew']);
    expect(board.alerts[0]?.message).toContain('часы отстают на 4 мин');
  });

  it('an office hub shows only its own office; a malformed office id is refused', async () => {
    running = await startBoardHub();
    expect((await running.aho.fetch(`/api/devices?office=buy`)).status).toBe(404);
    expect((await running.aho.fetch(`/api/devices?office=sharya`)).status).toBe(200);
    const bad = await running.aho.fetch(`/api/devices?office=${encodeURIComponent('<script>')}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: 'bad-office' });
  });

  it('the board routes are in the route table with their access rule, and the page is served in Russian', async () => {
    running = await startBoardHub();
    const specs = running.hub.ctx.routes.specs.filter((s) => s.path === '/board' || s.path === '/api/devices');
    expect(specs.map((s) => [s.method, s.path, s.access])).toEqual([
      ['get', '/board', { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false }],
      ['get', '/api/devices', { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false }],
    ]);
    await ensureStaffAppBuilt();
    const page = await running.aho.fetch(`/board`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    // The staff app's board screen: Russian page, its title before any script runs, the board as the page to draw.
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<title>Пульты и киоски — Шарьинское отделение</title>');
    expect(html).toContain('"page":"board"');
    // The app (with the bundled socket.io client) comes from the hub itself.
    const script = /<script type="module" crossorigin src="(\/staff-app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const client = await running.aho.fetch(script!);
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toMatch(/javascript/);
  });
});
