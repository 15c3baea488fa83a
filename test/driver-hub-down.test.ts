import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { FakePanel } from './support/driver-fake-panel.ts';
import { hubPressCount, hubPresses, latestHeartbeat, registerDriver, removeTempDirs, spawnDriver, startTestHub, tempDir, type TestHub } from './support/driver-harness.ts';
import { ptyPair } from './support/pty-pair.ts';

/**
 * The hub goes away while clients keep pressing: the driver keeps acknowledging presses (they are
 * durable in its outbox), retries with backoff, and drains the whole backlog once the hub is back
 * on the same address. Retries use the production backoff (cap 60 s); the first heartbeat the
 * returning hub takes cuts the wait short, so the backlog goes within a heartbeat interval.
 */
afterAll(removeTempDirs);

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('driver flow: hub outage', () => {
  it('presses continue while the hub is down; the backlog drains when it returns', { timeout: 120_000 }, async () => {
    let t: TestHub = await startTestHub({ officeId: 'sharya' });
    const { dataDir, hub } = t;
    const port = hub.port;
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-hd');
    const pty = ptyPair(tempDir('pty-'));
    await pty.start();
    cleanup.push(() => pty.stop());
    const driver = spawnDriver(
      { HUB_URL: t.hub.url, DEVICE_ID: 'drv-hd', DEVICE_TOKEN: token, OFFICE_ID: 'sharya', DATA_DIR: tempDir('drv-'), HEARTBEAT_SECONDS: '1' },
      { misuseSeconds: 0, panels: [{ id: 'hd', port: pty.host, protocol: 'framed', desk: 'Окно 5' }] },
    );
    cleanup.push(() => driver.stop());
    const panel = new FakePanel(pty.panel, 'hd');
    await panel.attach();
    cleanup.push(() => panel.detach());
    panel.startResending(100, 300);

    for (let i = 0; i < 50; i++) panel.press('5');
    await eventually(() => hubPressCount(t) === 50, { timeoutMs: 30_000, what: `first presses at the hub\n${driver.output()}` });

    await t.hub.close();
    // Presses go on: the driver acknowledges each once it is on its own disk.
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 100; i++) panel.press(String((i % 5) + 1));
      await eventually(() => panel.unacked === 0, { timeoutMs: 30_000, what: `ACKs while the hub is down\n${driver.output()}` });
    }
    expect(panel.acked.size).toBe(1050);

    t = await startTestHub({ officeId: 'sharya', dataDir, port });
    await eventually(() => hubPressCount(t) === 1050, { timeoutMs: 60_000, what: `backlog drained (hub has ${hubPressCount(t)})\n${driver.output()}` });
    const rows = hubPresses(t);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(1050);
    for (const r of rows) expect(r).toMatchObject({ panel_id: 'hd', desk: 'Окно 5', office_id: 'sharya' });

    const beat = await eventually(() => {
      const latest = latestHeartbeat(t, 'drv-hd');
      return latest && latest.backlog === 0 && (latest.errors['hub-unreachable'] ?? 0) > 0 ? latest : null;
    });
    expect(beat.lastSyncAt).not.toBeNull();
  });
});
