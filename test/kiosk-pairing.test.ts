import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../hub/server.ts';
import { listAudit } from '../hub/staff/audit.ts';
import { ensureKioskBuilt } from './support/kiosk-build.ts';
import { launchKioskBrowser, OFFICE, poll, startKioskHub, storedResponses, bindKiosk, takeSurvey } from './support/kiosk-harness.ts';
import { staffSession } from './support/staff-session.ts';

/**
 * First setup of a kiosk as АХО does it: a one-time pairing code from the admin page, typed on the
 * kiosk's setup screen; the kiosk trades it for its own credential and its answers arrive under it.
 */
let hub: RunningHub;
let context: BrowserContext;

beforeAll(async () => {
  await ensureKioskBuilt();
  hub = await startKioskHub();
  ({ context } = await launchKioskBrowser());
});
afterAll(async () => {
  await context?.close();
  await hub?.close();
});

describe('kiosk pairing', () => {
  it('a pairing code from the admin API binds the kiosk once, and its survey is stored under the paired device', { timeout: 120_000 }, async () => {
    const aho = await staffSession(hub, 'aho', [{ role: 'aho' }]);
    const created = await aho.fetch('/api/admin/devices/pairing-codes', { method: 'POST', body: JSON.stringify({ deviceId: 'sharya-kiosk-7', kind: 'kiosk', officeId: OFFICE, name: 'Киоск у окна 7' }) });
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };

    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${hub.url}/kiosk/?t.backoff=50&t.backoffCap=500`);
    await bindKiosk(page, code);
    await takeSurvey(page, { scores: [5, 4, 5, 4, 9], service: null });
    const stored = await poll('the paired kiosk’s response at the hub', () => storedResponses(hub), (rows) => rows.length === 1);
    expect(stored[0]).toMatchObject({ device_id: 'sharya-kiosk-7', office_id: OFFICE, channel: 'kiosk', csat1: 5, nps: 9 });

    const again = await fetch(`${hub.url}/api/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(again.status).toBe(410);
    expect((await listAudit(hub.ctx.sql, { limit: 20, actionPrefix: 'device.' })).map((e) => [e.action, e.actor, e.target])).toEqual([
      ['device.register', 'aho', 'sharya-kiosk-7'],
      ['device.pairing-code', 'aho', 'sharya-kiosk-7'],
    ]);
  });
});
