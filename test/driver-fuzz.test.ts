import { randomBytes } from 'node:crypto';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { encodeBeat, encodeLine, encodePress } from '../terminal-driver/protocols/framed.ts';
import { hubPressCount, hubPresses, latestHeartbeat, registerDriver, removeTempDirs, spawnDriver, startTestHub, tempDir } from './support/driver-harness.ts';
import { ptyPair } from './support/pty-pair.ts';

/**
 * 10,000 lines of what a bad wire delivers, mixed with valid presses, written at full speed in
 * chunks cut at random points. The driver must not crash, count each fault by kind exactly as
 * sent, and store every valid press.
 */
const LINES = 10_000;
const MAX_LINE = 256;

/** A small seeded generator, so a failure can be replayed with the seed it prints. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Kind = 'press' | 'beat' | 'garbage' | 'overlong-line' | 'bad-checksum' | 'unknown-button' | 'malformed-line' | 'wrong-panel';
const MIX: [Kind, number][] = [
  ['press', 0.4],
  ['beat', 0.05],
  ['garbage', 0.12],
  ['overlong-line', 0.08],
  ['bad-checksum', 0.12],
  ['unknown-button', 0.08],
  ['malformed-line', 0.08],
  ['wrong-panel', 0.07],
];

function generate(seed: number) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = (): Kind => {
    let r = random();
    for (const [kind, p] of MIX) if ((r -= p) < 0) return kind;
    return 'press';
  };
  const printable = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x20 + int(95))).join('');
  let seq = 0;
  const counts = new Map<Kind, number>();
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const kind = pick();
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    switch (kind) {
      case 'press':
        lines.push(encodePress('fz', seq++, String(1 + int(5))));
        break;
      case 'beat':
        lines.push(encodeBeat('fz', seq));
        break;
      case 'garbage': {
        // Bytes a wrong baud rate produces, minus the line ends (so the count of lines is known).
        const bytes = Array.from({ length: 1 + int(80) }, () => {
          const b = int(2) ? 0x80 + int(128) : int(32);
          return b === 0x0a || b === 0x0d ? 0x00 : b;
        });
        lines.push(`${Buffer.from(bytes).toString('latin1')}\n`);
        break;
      }
      case 'overlong-line':
        lines.push(`${printable(MAX_LINE + 1 + int(2000))}\n`);
        break;
      case 'bad-checksum': {
        const good = encodePress('fz', seq++, String(1 + int(5)));
        const cs = parseInt(good.slice(-3, -1), 16);
        lines.push(`${good.slice(0, -3)}${((cs + 1 + int(254)) % 256).toString(16).toUpperCase().padStart(2, '0')}\n`);
        break;
      }
      case 'unknown-button':
        lines.push(encodePress('fz', seq++, String(6 + int(4))));
        break;
      case 'malformed-line':
        lines.push(int(2) ? encodeLine(`HELLO ${printable(int(20)).replace(/\*/g, '')}`) : `PRESS fz ${seq} 5\n`);
        break;
      case 'wrong-panel':
        lines.push(encodePress('other', seq++, '5'));
        break;
    }
  }
  return { text: lines.join(''), counts };
}

afterAll(removeTempDirs);

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('driver flow: fuzz', () => {
  it(`${LINES} lines of noise, overlong and broken lines: no crash, faults counted exactly, every valid press stored`, { timeout: 120_000 }, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const { text, counts } = generate(seed);
    const t = await startTestHub({ officeId: 'sharya' });
    cleanup.push(() => t.hub.close());
    const token = await registerDriver(t, 'drv-fz');
    const pty = ptyPair(tempDir('pty-'));
    await pty.start();
    cleanup.push(() => pty.stop());
    const driver = spawnDriver(
      { HUB_URL: t.hub.url, DEVICE_ID: 'drv-fz', DEVICE_TOKEN: token, OFFICE_ID: 'sharya', DATA_DIR: tempDir('drv-'), HEARTBEAT_SECONDS: '1' },
      { maxLineBytes: MAX_LINE, panels: [{ id: 'fz', port: pty.host, protocol: 'framed' }] },
    );
    cleanup.push(() => driver.stop());
    await eventually(() => latestHeartbeat(t, 'drv-fz')?.panels[0]?.online, { timeoutMs: 30_000, what: `driver reading the port\n${driver.output()}` });

    const panel = await new Promise<SerialPort>((resolve, reject) => {
      const p = new SerialPort({ path: pty.panel, baudRate: 9600 }, (error) => (error ? reject(error) : resolve(p)));
    });
    cleanup.push(() => new Promise((r) => panel.close(() => r(undefined))));
    let acks = 0;
    panel.on('data', (chunk: Buffer) => (acks += chunk.toString('latin1').split('\n').length - 1));

    const bytes = Buffer.from(text, 'latin1');
    const random = prng(seed + 1);
    for (let at = 0; at < bytes.length; ) {
      const size = 1 + Math.floor(random() * 4096);
      await new Promise<void>((resolve, reject) => panel.write(bytes.subarray(at, at + size), (e) => (e ? reject(e) : resolve())));
      at += size;
    }

    const valid = counts.get('press') ?? 0;
    const expected = Object.fromEntries(
      (['garbage', 'overlong-line', 'bad-checksum', 'unknown-button', 'malformed-line', 'wrong-panel'] as const).map((k) => [k, counts.get(k) ?? 0]).filter(([, n]) => n !== 0),
    );
    const context = () => `seed ${seed}\n${driver.output()}`;
    await eventually(() => hubPressCount(t) === valid, { timeoutMs: 60_000, what: `${valid} valid presses at the hub (${context()})` });
    const beat = await eventually(() => {
      const latest = latestHeartbeat(t, 'drv-fz');
      return latest && latest.panels[0]?.lastPressAt && latest.backlog === 0 && JSON.stringify(latest.errors) === JSON.stringify(sorted(expected)) ? latest : null;
    }, { timeoutMs: 30_000, what: `errors ${JSON.stringify(expected)} in a heartbeat (last: ${JSON.stringify(latestHeartbeat(t, 'drv-fz')?.errors)}; ${context()})` });
    expect(beat.panels[0]?.errors).toEqual(sorted(expected));
    expect(driver.child.exitCode).toBeNull();
    // Every valid press and every unknown button is acknowledged (the latter kept on disk, not counted).
    await eventually(() => acks === valid + (counts.get('unknown-button') ?? 0), { what: 'ACKs' });
    const rows = hubPresses(t);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(valid);

    // Then a wrong baud rate: pure noise, line ends and all. The counts are unknowable, but the
    // driver lives on and the next valid press still gets through.
    panel.write(randomBytes(20_000));
    panel.write(`\n${encodePress('fz', 1_000_000, '4')}`);
    await eventually(() => hubPressCount(t) === valid + 1, { timeoutMs: 30_000, what: `the press after the noise (${context()})` });
    expect(driver.child.exitCode).toBeNull();
  });
});

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}
