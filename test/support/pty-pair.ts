import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A pair of linked pseudo-terminals made by socat: `panel` is the device's end, `host` the end a
 * driver opens as its serial port. Stopping socat is the closest thing to pulling the USB cable;
 * `start()` again with the same paths is plugging it back in.
 */
export interface PtyPair {
  panel: string;
  host: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function ptyPair(dir = mkdtempSync(path.join(tmpdir(), 'pty-'))): PtyPair {
  const panel = path.join(dir, 'panel');
  const host = path.join(dir, 'host');
  let socat: ChildProcess | null = null;

  async function start(): Promise<void> {
    if (socat) return;
    const child = spawn('socat', [`pty,raw,echo=0,link=${panel}`, `pty,raw,echo=0,link=${host}`], { stdio: 'ignore' });
    socat = child;
    const deadline = Date.now() + 5000;
    while (!(existsSync(panel) && existsSync(host))) {
      if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('socat did not create the pty pair within 5 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async function stop(): Promise<void> {
    const child = socat;
    socat = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    // socat removes its links on a clean exit only; a killed socat leaves them dangling.
    const deadline = Date.now() + 1000;
    while ((existsSync(panel) || existsSync(host)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  return { panel, host, start, stop };
}
