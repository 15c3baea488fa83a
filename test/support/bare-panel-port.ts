import { SerialPort } from 'serialport';
import { ptyPair, type PtyPair } from './pty-pair.ts';
import { makeTempDir } from './temp-dirs.ts';

/** Teardown steps a flow runs after each test, newest first. */
export type Cleanup = (() => Promise<unknown>)[];

/** A started socat pty pair, stopped by the flow's cleanup. */
export async function startedPtyPair(cleanup: Cleanup): Promise<PtyPair> {
  const p = ptyPair(makeTempDir('pty-'));
  await p.start();
  cleanup.push(() => p.stop());
  return p;
}

/** The panel end of a pty opened raw: a bare panel is a port that bytes are written to, nothing more. */
export async function openBarePanelPort(path: string, cleanup: Cleanup): Promise<SerialPort> {
  const port = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path, baudRate: 9600 }, (error) => (error ? reject(error) : resolve(p)));
  });
  cleanup.push(() => new Promise((r) => port.close(() => r(undefined))));
  return port;
}
