import { eventually } from './eventually.ts';
import { FakePanel } from './driver-fake-panel.ts';
import { type DriverProcess, hubPresses, hubPressCount, registerDriver, spawnDriver, startTestHub, tempDir } from './driver-harness.ts';
import { ptyPair } from './pty-pair.ts';

/**
 * Framed presses at full speed from a panel with memory, while the driver is killed with -9 at
 * random moments and started again on the same driver.sqlite. Whatever the moment (before the
 * commit, between commit and ACK, between the hub's answer and marking delivered), the hub must end
 * up with exactly the presses the panel heard ACK for, each once. Used by test/driver-kill9.test.ts
 * (a short run) and test/soak/driver-kill9.soak.test.ts (50 kills).
 */
export interface DriverKillOutcome {
  kills: number;
  pressed: number;
  acked: number;
  hubRows: number;
  hubDistinctIds: number;
  /** Acknowledged presses the hub lacks, and hub presses the panel never heard ACK for. */
  missingAtHub: number;
  extraAtHub: number;
  /** Hub presses whose score does not match the button pressed for that sequence number. */
  wrongScores: number;
}

const WINDOW = 300;

export async function driverKillScenario(options: { presses: number; kills: number }): Promise<DriverKillOutcome> {
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const t = await startTestHub({ officeId: 'sharya' });
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-k9');
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
    const { presses, kills: wanted } = options;
    const killAt = Array.from({ length: wanted }, () => 500 + Math.floor(Math.random() * (presses - 1000))).sort((a, b) => a - b);
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
    while (panel.pressed < presses) {
      const room = Math.min(WINDOW - panel.unacked, presses - panel.pressed, 50);
      if (room > 0) panel.pressMany(Array.from({ length: room }, (_, i) => String(((panel.pressed + i) % 5) + 1)));
      else await new Promise((r) => setTimeout(r, 2));
      if (room > 0) await new Promise((r) => setImmediate(r));
    }
    await killer;
    await eventually(() => panel.acked.size === presses, { timeoutMs: 120_000, what: `all ACKs (${panel.acked.size}) ${driver.output()}` });
    panel.stopResending();

    await eventually(() => hubPressCount(t) === presses, { timeoutMs: 60_000, what: `hub holding ${presses} (has ${hubPressCount(t)})` });
    const rows = hubPresses(t);
    const atHub = new Set(rows.map((r) => r.seq as number));
    return {
      kills,
      pressed: panel.pressed,
      acked: panel.acked.size,
      hubRows: rows.length,
      hubDistinctIds: new Set(rows.map((r) => r.id)).size,
      missingAtHub: [...panel.acked].filter((seq) => !atHub.has(seq)).length,
      extraAtHub: [...atHub].filter((seq) => !panel.acked.has(seq)).length,
      wrongScores: rows.filter((r) => r.score !== ((r.seq as number) % 5) + 1).length,
    };
  } finally {
    for (const step of cleanup.reverse()) await step();
  }
}
