import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { FakePanel } from './support/driver-fake-panel.ts';
import { encodePress } from '../terminal-driver/protocols/framed.ts';
import { type DriverProcess, hubPressCount, hubPresses, latestHeartbeat, registerDriver, removeTempDirs, spawnDriver, startTestHub, tempDir, type TestHub } from './support/driver-harness.ts';
import { openBarePanelPort, startedPtyPair } from './support/bare-panel-port.ts';

/**
 * Presses travel panel → socat pty → driver process → hub and arrive exactly once, with the
 * office, panel, desk and score the configuration gives them.
 */
afterAll(removeTempDirs);

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});


describe('driver flow: presses', () => {
  it('framed and bare panels: each press arrives once with the right office, panel, desk and score', { timeout: 120_000 }, async () => {
    const t: TestHub = await startTestHub({ officeId: 'nerekhta' });
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-nerekhta');
    const framedPty = await startedPtyPair(cleanup);
    const barePty = await startedPtyPair(cleanup);
    const driver: DriverProcess = spawnDriver(
      { HUB_URL: t.hub.url, DEVICE_ID: 'drv-nerekhta', DEVICE_TOKEN: token, OFFICE_ID: 'nerekhta', DATA_DIR: tempDir('drv-'), HEARTBEAT_SECONDS: '1' },
      {
        misuseSeconds: 0,
        panels: [
          { id: 'okno-1', port: framedPty.host, protocol: 'framed', desk: 'Окно 1' },
          // A 3-button panel: «плохо / нормально / отлично» sends a / b / c.
          { id: 'vhod', port: barePty.host, protocol: 'bare', buttons: { a: 1, b: 3, c: 5 } },
        ],
      },
    );
    cleanup.push(() => driver.stop());

    const framed = new FakePanel(framedPty.panel, 'okno-1');
    await framed.attach();
    cleanup.push(() => framed.detach());
    const bare = await openBarePanelPort(barePty.panel, cleanup);

    const framedButtons = Array.from({ length: 40 }, (_, i) => String((i % 5) + 1));
    const bareChars = Array.from({ length: 30 }, (_, i) => 'abc'[i % 3] as string);
    // The driver may still be starting: the framed panel resends until heard, the bare one is
    // written only once the driver has shown it reads the port.
    framed.startResending(100, 300);
    for (const button of framedButtons) framed.press(button);
    await eventually(() => framed.acked.size === 40, { timeoutMs: 30_000, what: `ACK of 40 framed presses\n${driver.output()}` });
    await eventually(() => latestHeartbeat(t, 'drv-nerekhta')?.panels.find((p) => p.panelId === 'vhod')?.online, { what: 'bare port open' });
    for (const ch of bareChars) bare.write(ch);
    // A lost ACK makes the panel resend everything; the hub must still hold each press once.
    framed.stopResending();
    framed.resend(0);

    await eventually(() => hubPresses(t).length === 70, { timeoutMs: 30_000, what: `70 presses at the hub\n${driver.output()}` });
    await new Promise((r) => setTimeout(r, 300));
    const rows = hubPresses(t);
    expect(rows).toHaveLength(70);

    const framedRows = rows.filter((r) => r.panel_id === 'okno-1');
    expect(framedRows.map((r) => r.seq).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    for (const r of framedRows) {
      expect(r).toMatchObject({ office_id: 'nerekhta', device_id: 'drv-nerekhta', desk: 'Окно 1', suppressed: null });
      expect(r.score).toBe(((r.seq ?? 0) % 5) + 1);
    }
    const bareRows = rows.filter((r) => r.panel_id === 'vhod');
    expect(bareRows.map((r) => [r.button, r.score])).toEqual(bareChars.map((c) => [c, { a: 1, b: 3, c: 5 }[c]]));
    for (const r of bareRows) expect(r).toMatchObject({ office_id: 'nerekhta', desk: null, seq: null });
  });

  it('a panel whose counter went back without a BEAT: a dated press far from the held one is new, its resend is not', { timeout: 90_000 }, async () => {
    const t = await startTestHub({ officeId: 'galich' });
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-reset');
    const pty = await startedPtyPair(cleanup);
    const driver = spawnDriver(
      { HUB_URL: t.hub.url, DEVICE_ID: 'drv-reset', DEVICE_TOKEN: token, OFFICE_ID: 'galich', DATA_DIR: tempDir('drv-'), HEARTBEAT_SECONDS: '1' },
      { misuseSeconds: 0, panels: [{ id: 'okno-4', port: pty.host, protocol: 'framed' }] },
    );
    cleanup.push(() => driver.stop());
    const port = await openBarePanelPort(pty.panel, cleanup);
    let acks = 0;
    port.on('data', (chunk: Buffer) => (acks += chunk.toString('latin1').split('ACK 1\n').length - 1));
    const send = (ageMs: number) => port.write(Buffer.from(encodePress('okno-4', 1, '5', ageMs), 'latin1'));
    await eventually(() => latestHeartbeat(t, 'drv-reset')?.panels[0]?.online, { timeoutMs: 30_000, what: `driver reading the port\n${driver.output()}` });

    // Press no. 1, replayed from memory a day after it was made; then the panel loses its counter
    // (no BEAT) and its next press is no. 1 again, same button, made now; then that one is resent.
    send(86_400_000);
    await eventually(() => acks === 1 && hubPressCount(t) === 1, { timeoutMs: 30_000, what: `the first press\n${driver.output()}` });
    send(0);
    await eventually(() => acks === 2 && hubPressCount(t) === 2, { timeoutMs: 30_000, what: `the press after the reset\n${driver.output()}` });
    send(700);
    await eventually(() => acks === 3, { timeoutMs: 30_000, what: `the resend acknowledged\n${driver.output()}` });
    await eventually(() => (latestHeartbeat(t, 'drv-reset')?.panels[0]?.errors['seq-reset'] ?? 0) === 1, { timeoutMs: 30_000, what: 'seq-reset counted' });
    expect(hubPresses(t).map((r) => [r.seq, r.button])).toEqual([
      [1, '5'],
      [1, '5'],
    ]);
  });

  it('the misuse rule: a press within the interval is stored, marked too-soon, and not counted', { timeout: 120_000 }, async () => {
    const t = await startTestHub({ officeId: 'buy' });
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-buy');
    const pty = await startedPtyPair(cleanup);
    const driver = spawnDriver(
      { HUB_URL: t.hub.url, DEVICE_ID: 'drv-buy', DEVICE_TOKEN: token, OFFICE_ID: 'buy', DATA_DIR: tempDir('drv-'), HEARTBEAT_SECONDS: '1' },
      { panels: [{ id: 'okno-2', port: pty.host, protocol: 'framed', misuseSeconds: 30 }] },
    );
    cleanup.push(() => driver.stop());
    const panel = new FakePanel(pty.panel, 'okno-2');
    await panel.attach();
    cleanup.push(() => panel.detach());
    // Pressed only once the driver reads the port: a first send lost before that comes back as a
    // dated resend, born before presses that did arrive, and the rule (rightly) judges none of them.
    await eventually(() => latestHeartbeat(t, 'drv-buy')?.panels[0]?.online, { timeoutMs: 30_000, what: `driver reading the port\n${driver.output()}` });
    panel.startResending(100, 300);
    for (const b of ['5', '5', '1', '4']) panel.press(b);
    await eventually(() => hubPresses(t).length === 4, { timeoutMs: 30_000, what: `4 presses\n${driver.output()}` });
    const bySeq = hubPresses(t).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    expect(bySeq.map((r) => r.suppressed)).toEqual([null, 'too-soon', 'too-soon', 'too-soon']);
    const beat = await eventually(() => {
      const latest = latestHeartbeat(t, 'drv-buy');
      return latest?.panels[0]?.lastPressAt ? latest : null;
    });
    expect(beat.panels[0]).toMatchObject({ panelId: 'okno-2', online: true, protocol: 'framed', disconnects: 0 });
  });

  it('a bad configuration value stops the driver with exit 1 and a message naming it', { timeout: 120_000 }, async () => {
    const driver = spawnDriver({ HUB_URL: 'http://127.0.0.1:1', DEVICE_ID: 'drv', DEVICE_TOKEN: 'czn_dev_0123456789abcdef', HEARTBEAT_SECONDS: 'часто' });
    expect(await driver.exited).toBe(1);
    expect(driver.output()).toContain('HEARTBEAT_SECONDS (переменная окружения) = "часто"');
  });
});
