import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import type { Press } from '../../shared/records.ts';
import { staffSession } from '../../test/support/staff-session.ts';
import { registerDeviceNow } from '../devices/credentials.ts';
import type { RunningHub } from '../server.ts';
import { listAudit } from '../staff/audit.ts';
import { moscowNov } from '../../test/support/known-answer-fixture.ts';
import { startFixtureHub } from '../../test/support/fixture-hub.ts';

/**
 * The CX sector's alert rules over HTTP on a real hub: read, replaced, refused when malformed,
 * audited, and used by the alert watch from the next batch on.
 */
let hub: RunningHub;
const now = moscowNov(26, 12);
beforeAll(async () => {
  ({ hub } = await startFixtureHub({ clock: () => now, fixture: false }));
});
afterAll(async () => hub.close());

const press = (at: number, score: number): Press => ({ kind: 'press', id: newRecordId(), officeId: 'neya', deviceId: 'neya-drv', bornAt: new Date(at).toISOString(), channel: 'panel', panelId: 'p1', desk: null, seq: null, button: String(score), score, suppressed: null });

describe('alert rules', () => {
  it('start as the configured default; the CX sector replaces them; the next presses are judged by the new rule', async () => {
    const cx = await staffSession(hub, 'cx-rules', [{ role: 'cx' }]);
    const initial = (await (await cx.fetch('/api/alert-rules')).json()) as { rules: unknown[]; source: string };
    expect(initial).toMatchObject({ rules: [{ windowMinutes: 30, minPresses: 4, share: 0.5, maxScore: 1 }], source: 'config' });

    // Two 2s out of three presses: nothing under the default rule (score 1, at least 4 presses).
    const rule = { windowMinutes: 60, minPresses: 3, share: 0.6, maxScore: 2 };
    const saved = await cx.fetch('/api/alert-rules', { method: 'PUT', body: JSON.stringify({ rules: [rule] }) });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ rules: [rule], source: 'staff', updatedBy: 'cx-rules' });
    expect((await listAudit(hub.ctx.sql, { limit: 5, actionPrefix: 'settings' })).map((e) => [e.actor, e.target])).toContainEqual(['cx-rules', '/api/alert-rules']);

    const token = await registerDeviceNow(hub.ctx, { id: 'neya-drv', officeId: 'neya', kind: 'panel-driver', name: 'Пульты' }, now);
    const records = [press(now - 20 * 60_000, 2), press(now - 10 * 60_000, 5), press(now - 60_000, 2)];
    const ingest = await fetch(`${hub.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records }) });
    expect(ingest.status).toBe(200);
    const alerts = (await (await cx.fetch('/api/alerts?period=2026-W48')).json()) as { rules: unknown[]; alerts: { officeId: string; presses: number; lowPresses: number }[] };
    expect(alerts.rules).toEqual([rule]);
    expect(alerts.alerts).toEqual([expect.objectContaining({ officeId: 'neya', presses: 3, lowPresses: 2 })]);
  });

  it('a malformed set is refused with the reason and changes nothing; АХО may not change them', async () => {
    const cx = await staffSession(hub, 'cx-rules', [{ role: 'cx' }]);
    const before = await (await cx.fetch('/api/alert-rules')).json();
    const bad = await cx.fetch('/api/alert-rules', { method: 'PUT', body: JSON.stringify({ rules: [{ windowMinutes: 0, minPresses: 3, share: 1.5, maxScore: 2 }] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { reason: string }).reason).toMatch(/windowMinutes|share/);
    expect(await (await cx.fetch('/api/alert-rules')).json()).toEqual(before);
    const aho = await staffSession(hub, 'aho-rules', [{ role: 'aho' }]);
    expect((await aho.fetch('/api/alert-rules', { method: 'PUT', body: JSON.stringify({ rules: [] }) })).status).toBe(403);
  });
});
