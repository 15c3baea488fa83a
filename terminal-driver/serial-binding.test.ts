import { afterAll, describe, expect, it } from 'vitest';
import { ptyPair } from '../test/support/pty-pair.ts';
import { eventually } from '../test/support/eventually.ts';
import { openSerialLink, type SerialLink } from './port.ts';
import { makeTempDir, removeTempDirs } from '../test/support/temp-dirs.ts';

afterAll(removeTempDirs);

/**
 * A real pseudo-terminal whose other end goes away must be reported as gone. Without the fix in
 * serial-binding.ts, bindings-cpp sometimes spins on 0-byte reads and never emits `close`.
 */
describe('hang-up aware serial binding', () => {
  it('every unplug of a pty ends in close with disconnected, and data flows before it', async () => {
    const pair = ptyPair(makeTempDir('pty-'));
    for (let i = 0; i < 10; i++) {
      await pair.start();
      const link: SerialLink = openSerialLink(pair.host, 9600);
      let closed: (Error & { disconnected?: boolean }) | null | undefined;
      let received = '';
      link.on('error', () => {});
      link.on('data', (chunk) => (received += chunk.toString()));
      link.on('close', (error) => (closed = error ?? null));
      await new Promise<void>((resolve, reject) => link.open((e) => (e ? reject(e) : resolve())));
      const panel = openSerialLink(pair.panel, 9600);
      panel.on('error', () => {});
      await new Promise<void>((resolve, reject) => panel.open((e) => (e ? reject(e) : resolve())));
      panel.write(Buffer.from('5'));
      await eventually(() => received.startsWith('5'), { what: 'data through the pty' });
      // Traffic both ways at the moment of the unplug: the case where the unpatched binding spins.
      const traffic = setInterval(() => {
        panel.write(Buffer.from('PRESS p1 1 5 *00\n'));
        link.write(Buffer.from('ACK 1\n'));
      }, 1);
      await new Promise((r) => setTimeout(r, 20));
      await pair.stop();
      clearInterval(traffic);
      await eventually(() => closed !== undefined, { timeoutMs: 5000, what: `close after unplug ${i}` });
      // A failed write may be what notices first; either way the port must be reported closed.
      expect(closed === null || closed?.disconnected === true).toBe(true);
      if (panel.isOpen) await new Promise((r) => panel.close(() => r(undefined)));
    }
  });
});
