import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
    // A link left from the last run may point at a pty number the system has since given to
    // someone else: it must not be mistaken for the new pair.
    removeLinks();
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
    // socat removes its links on a clean exit only; a killed socat leaves them dangling, and a
    // dangling link comes alive again when another test's pty gets the same number.
    removeLinks();
  }

  function removeLinks(): void {
    rmSync(panel, { force: true });
    rmSync(host, { force: true });
  }

  return { panel, host, start, stop };
}
