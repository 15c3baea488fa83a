import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../terminal-driver/eventually.ts';
import { FakePanel } from './driver-fake-panel.ts';
import { type DriverProcess, hubPressCount, hubPresses, registerDriver, removeTempDirs, spawnDriver, startTestHub, tempDir } from './driver-harness.ts';
import { ptyPair } from './support/pty-pair.ts';

/**
 * 10,000 framed presses at full speed from a panel with memory, while the driver is killed with -9
 * at random moments and started again on the same driver.sqlite. Whatever the moment (before the
 * commit, between commit and ACK, between the hub's answer and marking delivered), the hub ends up
 * with exactly the presses the panel heard ACK for, each once.
 */
const PRESSES = 10_000;
const KILLS = 5;
const WINDOW = 300;

afterAll(removeTempDirs);

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('driver flow: kill -9', () => {
  it(`${PRESSES} framed presses with resend, ${KILLS} kill -9 at random moments: the hub holds exactly the acknowledged presses, once each`, { timeout: 180_000 }, async () => {
    const t = await startTestHub({ officeId: 'sharya' });
    cleanup.push(() => t.hub.close());
    const token = registerDriver(t, 'drv-k9');
    const pty = ptyPair(tempDir('pty-'));
    await pty.start();
    cleanup.push(() => pty.stop());
    const dataDir = tempDir('drv-');
    const start = () =>
      spawnDriver(
        { HUB_URL: t.hub.url, DEVICE_ID: 'drv-k9', DEVICE_TOKEN: token, OFFICE_ID: 'sharya', DATA_DIR: dataDir, HEARTBEAT_SECONDS: '60' },
        { panels: [{ id: 'k9', port: pty.host, protocol: 'framed' }], forward: { retryBaseMs: 50, retryCapMs: 500 } },
      );
    let driver: DriverProcess = start();
    cleanup.push(() => driver.stop());

    const panel = new FakePanel(pty.panel, 'k9');
    await panel.attach();
    cleanup.push(() => panel.detach());
    panel.startResending(100, 400);

    // Kill points: random numbers of acknowledged presses, each followed by a random short delay,
    // so some kills land mid-commit, some between commit and ACK, some mid-delivery to the hub.
    const killAt = Array.from({ length: KILLS }, () => 500 + Math.floor(Math.random() * (PRESSES - 1000))).sort((a, b) => a - b);
    let kills = 0;
    const killer = (async () => {
      for (const at of killAt) {
        await eventually(() => panel.acked.size >= at, { timeoutMs: 120_000, what: `${at} ACKs (${driver.output()})` });
        await new Promise((r) => setTimeout(r, Math.random() * 30));
        await driver.kill9();
        kills++;
        driver = start();
      }
    })();

    // The client side: keep up to WINDOW presses unacknowledged, as a panel with limited memory would.
    while (panel.pressed < PRESSES) {
      const room = Math.min(WINDOW - panel.unacked, PRESSES - panel.pressed, 50);
      if (room > 0) panel.pressMany(Array.from({ length: room }, (_, i) => String(((panel.pressed + i) % 5) + 1)));
      else await new Promise((r) => setTimeout(r, 2));
      if (room > 0) await new Promise((r) => setImmediate(r));
    }
    await killer;
    await eventually(() => panel.acked.size === PRESSES, { timeoutMs: 120_000, what: `all ACKs (${panel.acked.size}) ${driver.output()}` });
    panel.stopResending();

    await eventually(() => hubPressCount(t) === PRESSES, { timeoutMs: 60_000, what: `hub holding ${PRESSES} (has ${hubPressCount(t)})` });
    const rows = hubPresses(t);
    const seqs = rows.map((r) => r.seq as number);
    expect(rows).toHaveLength(PRESSES);
    expect(new Set(seqs)).toEqual(panel.acked);
    expect(new Set(rows.map((r) => r.id)).size).toBe(PRESSES);
    for (const r of rows) expect(r.score).toBe((r.seq as number) % 5 + 1);
    expect(kills).toBe(KILLS);
  });
});
