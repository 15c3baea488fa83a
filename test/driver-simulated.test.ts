import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { hubPresses, latestHeartbeat, registerDriver, removeTempDirs, spawnDriver, startTestHub, tempDir } from './support/driver-harness.ts';

/**
 * With no panel configured the driver runs the built-in simulated panel (socat pty + simulator),
 * so a newcomer sees presses flow end to end; and it leaves no socat behind, even after kill -9.
 */
afterAll(removeTempDirs);

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** socat processes whose parent is the given pid's shell wrapper, found through /proc via ps. */
function socatsUnder(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,comm=']).toString();
  const rows = table
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([p, pp, comm]) => ({ pid: Number(p), ppid: Number(pp), comm }));
  const shells = rows.filter((r) => r.ppid === pid).map((r) => r.pid);
  return rows.filter((r) => r.comm === 'socat' && shells.includes(r.ppid)).map((r) => r.pid);
}

describe('driver flow: built-in simulated panel', () => {
  it('with no panel configured, simulated presses reach the hub; kill -9 leaves no socat behind', async () => {
    const t = await startTestHub({ officeId: 'kostroma' });
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-demo');
    const driver = spawnDriver(
      { HUB_URL: t.hub.url, DEVICE_ID: 'drv-demo', DEVICE_TOKEN: token, OFFICE_ID: 'kostroma', DATA_DIR: tempDir('drv-'), HEARTBEAT_SECONDS: '1' },
      { simulator: { minGapMs: 20, maxGapMs: 60 } },
    );
    cleanup.push(() => driver.stop());
    await eventually(() => hubPresses(t).length >= 5, { timeoutMs: 30_000, what: `simulated presses\n${driver.output()}` });
    const row = hubPresses(t)[0];
    expect(row).toMatchObject({ office_id: 'kostroma', panel_id: 'simulator', desk: 'Демо-пульт' });
    const beat = await eventually(() => {
      const latest = latestHeartbeat(t, 'drv-demo');
      return latest?.panels[0]?.lastHeartbeatAt ? latest : null;
    });
    expect(beat.panels[0]).toMatchObject({ panelId: 'simulator', protocol: 'framed', online: true });

    const pid = driver.child.pid as number;
    const socats = socatsUnder(pid);
    expect(socats).toHaveLength(1);
    await driver.kill9();
    await eventually(() => {
      const alive = execFileSync('ps', ['-eo', 'pid=']).toString().split('\n').map(Number);
      return !alive.includes(socats[0] as number);
    }, { what: 'socat gone after the driver was killed' });
  });
});
