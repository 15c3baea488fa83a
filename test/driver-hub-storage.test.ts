import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { press } from './support/test-records.ts';
import { eventually } from './support/eventually.ts';
import { FakePanel } from './support/driver-fake-panel.ts';
import { hubPressCount, hubPresses, registerDriver, removeTempDirs, spawnDriver, startTestHub, tempDir } from './support/driver-harness.ts';
import { ptyPair } from './support/pty-pair.ts';
import { INGEST_PATH } from '../shared/protocol/wire.ts';

/**
 * The office hub's database refuses every write (`PRAGMA query_only` stands in for a full disk or a
 * failing drive: the write throws inside the batch's transaction, as SQLITE_FULL or SQLITE_IOERR
 * would; a small page limit is no stand-in here, since one press still fits in a half-full page).
 * The hub answers 503 with Retry-After and stores nothing; the driver keeps every press in its
 * outbox and delivers it once the hub can write again. The central's side: test/forward-faults.test.ts.
 */
afterAll(removeTempDirs);

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('driver flow: the hub cannot write', () => {
  it('503 with Retry-After, nothing half-stored; the driver keeps the presses and delivers them when the hub can write again', { timeout: 120_000 }, async () => {
    const t = await startTestHub({ officeId: 'sharya' });
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-full');
    const pty = ptyPair(tempDir('pty-'));
    await pty.start();
    cleanup.push(() => pty.stop());
    const driver = spawnDriver(
      { HUB_URL: t.hub.url, DEVICE_ID: 'drv-full', DEVICE_TOKEN: token, OFFICE_ID: 'sharya', DATA_DIR: tempDir('drv-'), HEARTBEAT_SECONDS: '60' },
      { misuseSeconds: 0, panels: [{ id: 'full', port: pty.host, protocol: 'framed' }], forward: { retryBaseMs: 50, retryCapMs: 500 } },
    );
    cleanup.push(() => driver.stop());
    const panel = new FakePanel(pty.panel, 'full');
    await panel.attach();
    cleanup.push(() => panel.detach());
    panel.startResending(100, 300);

    panel.press('5');
    await eventually(() => hubPressCount(t) === 1, { timeoutMs: 30_000, what: `first press at the hub\n${driver.output()}` });

    const db = t.hub.ctx.db;
    db.pragma('query_only = 1');
    // What any device sees: 503, Retry-After, a reason in Russian.
    const direct = await fetch(`${t.hub.url}${INGEST_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ records: Array.from({ length: 500 }, () => press('drv-full', 'full', Date.now())) }),
    });
    expect(direct.status).toBe(503);
    expect(direct.headers.get('retry-after')).toBe('30');
    expect(((await direct.json()) as { reason: string }).reason).toMatch(/не приняты/);

    for (let i = 0; i < 200; i++) panel.press(String((i % 5) + 1));
    await eventually(() => panel.unacked === 0, { timeoutMs: 30_000, what: `ACKs while the hub is full\n${driver.output()}` });
    // Give the driver a few refused attempts.
    await new Promise((r) => setTimeout(r, 1500));
    expect(hubPressCount(t)).toBe(1);

    db.pragma('query_only = 0');
    await eventually(() => hubPressCount(t) === 201, { timeoutMs: 30_000, what: `backlog delivered (hub has ${hubPressCount(t)})\n${driver.output()}` });
    expect(new Set(hubPresses(t).map((r) => r.seq)).size).toBe(201);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
