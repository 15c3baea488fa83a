import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { FakePanel } from './support/driver-fake-panel.ts';
import { hubPresses, latestHeartbeat, registerDriver, removeTempDirs, spawnDriver, startTestHub, tempDir } from './support/driver-harness.ts';
import { ptyPair } from './support/pty-pair.ts';

/**
 * The cable is pulled (socat ended) and plugged back (socat started on the same paths) 20 times
 * while a client keeps pressing. The driver reopens the port each time, nothing is lost, and
 * nothing is counted twice. The driver's reopen backoff is the production default (cap 2 s).
 */
const CYCLES = 20;

afterAll(removeTempDirs);

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('driver flow: unplug and replug', () => {
  it(`${CYCLES} unplugs during presses: the driver reconnects each time and loses nothing`, { timeout: 120_000 }, async () => {
    const t = await startTestHub({ officeId: 'galich' });
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-galich');
    const pty = ptyPair(tempDir('pty-'));
    await pty.start();
    cleanup.push(() => pty.stop());
    const driver = spawnDriver(
      { HUB_URL: t.hub.url, DEVICE_ID: 'drv-galich', DEVICE_TOKEN: token, OFFICE_ID: 'galich', DATA_DIR: tempDir('drv-'), HEARTBEAT_SECONDS: '1' },
      { misuseSeconds: 0, panels: [{ id: 'okno-3', port: pty.host, protocol: 'framed', desk: 'Окно 3' }] },
    );
    cleanup.push(() => driver.stop());
    const panel = new FakePanel(pty.panel, 'okno-3');
    await panel.attach();
    cleanup.push(() => panel.detach());
    panel.startResending(100, 250);

    const reconnectMs: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      for (let i = 0; i < 5; i++) panel.press(String((i % 5) + 1));
      await eventually(() => panel.unacked === 0, { timeoutMs: 30_000, what: `ACKs before unplug ${cycle}\n${driver.output()}` });
      // A press written just before the cable goes, then two while it is out: the panel remembers them.
      panel.write('PRESS okno-3 999');
      panel.press('5');
      await pty.stop();
      await panel.detach();
      panel.press('4');
      panel.press('3');
      await pty.start();
      const back = Date.now();
      await panel.attach();
      await eventually(() => panel.unacked === 0, { timeoutMs: 30_000, what: `ACKs after replug ${cycle}\n${driver.output()}` });
      reconnectMs.push(Date.now() - back);
    }

    const total = panel.pressed;
    expect(panel.acked.size).toBe(total);
    await eventually(() => hubPresses(t).length === total, { timeoutMs: 30_000, what: `${total} presses at the hub` });
    const seqs = hubPresses(t).map((r) => r.seq);
    expect(new Set(seqs).size).toBe(total);
    expect(seqs.length).toBe(total);

    // A heartbeat born during the last outage already counts 20 disconnects but still says offline,
    // so wait for one that reports the panel back.
    const beat = await eventually(() => {
      const latest = latestHeartbeat(t, 'drv-galich');
      const panelState = latest?.panels[0];
      return panelState?.disconnects === CYCLES && panelState.online ? latest : null;
    }, { timeoutMs: 15_000, what: `a heartbeat with the panel online after ${CYCLES} disconnects\n${driver.output()}` });
    expect(beat.panels[0]).toMatchObject({ online: true, disconnects: CYCLES });
    const median = reconnectMs.sort((a, b) => a - b)[CYCLES >> 1] ?? Infinity;
    console.log(`replug: ${CYCLES} cycles, ${total} presses; reconnect (replug → all acked) max ${Math.max(...reconnectMs)} ms, median ${median} ms; partial lines counted: ${beat.panels[0]?.errors['partial-line'] ?? 0}`);
    // The requirement is a reopen within 5 s of the port's return. The median is held to it, so one
    // scheduling hiccup on a busy machine does not fail the test, but a slow reopen does.
    expect(median).toBeLessThanOrEqual(5000);
  });
});
