import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../shared/logger.ts';
import type { Clock } from '../shared/time.ts';
import type { DriverConfig, PanelConfig } from './config.ts';
import { openSerialLink } from './port.ts';
import { PanelSimulator } from './simulator.ts';

/**
 * The built-in panel for a machine with none configured: socat makes a real pseudo-terminal pair,
 * the simulator presses buttons on one end, the driver reads the other exactly as it would read a
 * USB panel. socat runs under a small shell that kills it (and removes the links) when the driver's
 * end of the pipe closes, so even a driver killed with -9 leaves no socat behind.
 */
export interface SimulatedPanel {
  panel: PanelConfig;
  stop(): Promise<void>;
}

export async function startSimulatedPanel(config: DriverConfig, deps: { clock: Clock; logger: Logger }): Promise<SimulatedPanel> {
  const dir = mkdtempSync(path.join(tmpdir(), 'czn-panel-sim-'));
  const panelEnd = path.join(dir, 'panel');
  const hostEnd = path.join(dir, 'host');
  const socat = spawn('sh', ['-c', 'socat "$1" "$2" & read _; kill $! 2>/dev/null; rm -rf "$3"', 'sh', `pty,raw,echo=0,link=${panelEnd}`, `pty,raw,echo=0,link=${hostEnd}`, dir], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  try {
    await waitForLinks(socat, [panelEnd, hostEnd]);
  } catch (error) {
    socat.stdin?.end();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const simulator = new PanelSimulator({
    path: panelEnd,
    panelId: 'simulator',
    minGapMs: config.simulator.minGapMs,
    maxGapMs: config.simulator.maxGapMs,
    openLink: openSerialLink,
    clock: deps.clock,
    logger: deps.logger.child({ simulator: true }),
  });
  simulator.start();
  deps.logger.info({ port: hostEnd }, 'no panel configured: running the built-in simulated panel (a press every few seconds)');

  return {
    panel: {
      id: 'simulator',
      port: hostEnd,
      baudRate: 9600,
      protocol: 'framed',
      officeId: config.officeId,
      desk: 'Демо-пульт',
      buttons: new Map(['1', '2', '3', '4', '5'].map((b) => [b, Number(b)])),
      misuseMs: Math.round(config.misuseSeconds * 1000),
    },
    async stop() {
      await simulator.stop();
      socat.stdin?.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForLinks(child: ChildProcess, links: readonly string[]): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!links.every((link) => existsSync(link))) {
    if (child.exitCode !== null) throw new Error(`socat exited (${child.exitCode}); is it installed? (apt-get install socat)`);
    if (Date.now() > deadline) throw new Error('socat did not create the pseudo-terminal pair within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
