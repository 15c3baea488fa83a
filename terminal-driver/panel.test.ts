import path from 'node:path';
import { pino } from 'pino';
import { SerialPortMock } from 'serialport';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../shared/logger.ts';
import { panelStatusSchema, pressSchema, type Press } from '../shared/records.ts';
import type { PanelConfig } from './config.ts';
import { eventually } from '../test/support/eventually.ts';
import { Outbox } from './outbox.ts';
import { PanelSession } from './panel.ts';
import type { OpenLink } from './port.ts';
import { encodeBeat, encodeLine, encodePress } from './protocols/framed.ts';
import { makeTempDir, removeTempDirs } from '../test/support/temp-dirs.ts';

afterAll(removeTempDirs);

const MockBinding = SerialPortMock.binding;
const logger = createLogger('test', { level: 'silent', pretty: false });
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

let n = 0;
function setup(overrides: Partial<PanelConfig> = {}, log = logger) {
  const port = `/dev/mock-panel-${n++}`;
  MockBinding.createPort(port, { record: true });
  const links: SerialPortMock[] = [];
  const openLink: OpenLink = (p, baudRate) => {
    const link = new SerialPortMock({ path: p, baudRate, autoOpen: false });
    links.push(link);
    return link;
  };
  const outbox = new Outbox(path.join(makeTempDir('panel-'), 'driver.sqlite'));
  let now = 1_780_000_000_000;
  let stored = 0;
  const writes: string[] = [];
  const panel: PanelConfig = { id: 'p1', port, baudRate: 9600, protocol: 'framed', officeId: 'sharya', desk: 'Окно 4', buttons: new Map([['1', 1], ['2', 2], ['3', 3], ['4', 4], ['5', 5]]), misuseMs: 0, ...overrides };
  const session = new PanelSession(panel, {
    deviceId: 'drv',
    outbox,
    onStored: () => stored++,
    onWriteFailed: (error) => {
      writes.push('failed');
      return (error as { code?: string }).code === 'SQLITE_FULL';
    },
    onWriteOk: () => writes.push('ok'),
    openLink,
    reopen: { baseMs: 10, capMs: 40 },
    maxLineBytes: 100,
    clock: () => now,
    logger: log,
  });
  session.start();
  cleanup.push(async () => {
    await session.stop();
    outbox.close();
  });
  const link = () => links[links.length - 1] as SerialPortMock;
  const presses = () => outbox.pending(1000, 1e7).map((r) => JSON.parse(r.body) as Press);
  return {
    session,
    outbox,
    send: (bytes: string | Buffer) => link().port?.emitData(bytes),
    written: () => link().port?.recording.toString() ?? '',
    presses,
    storedCalls: () => stored,
    writes,
    advance: (ms: number) => (now += ms),
    online: () => eventually(() => session.status().online, { what: 'panel online' }),
  };
}

describe('panel session', () => {
  it('a bare 3-button panel: the office map turns characters into scores', async () => {
    const t = setup({ protocol: 'bare', buttons: new Map([['a', 1], ['b', 3], ['c', 5]]), desk: null });
    await t.online();
    t.send('a\r\nb');
    t.send('c');
    await eventually(() => t.presses().length === 3);
    expect(t.presses().map((p) => [p.button, p.score, p.seq, p.desk, p.officeId, p.panelId])).toEqual([
      ['a', 1, null, null, 'sharya', 'p1'],
      ['b', 3, null, null, 'sharya', 'p1'],
      ['c', 5, null, null, 'sharya', 'p1'],
    ]);
    for (const p of t.presses()) expect(pressSchema.safeParse(p).success).toBe(true);
    expect(t.written()).toBe('');
    t.send(Buffer.from([0x35, 0xff, 0x00]));
    await eventually(() => t.session.errors.get('unknown-button') === 1 && t.session.errors.get('garbage') === 2);
    expect(t.presses()).toHaveLength(3);
  });

  it('a framed press split across two writes is stored, then acknowledged', async () => {
    const t = setup();
    await t.online();
    const line = encodePress('p1', 41, '4');
    t.send(line.slice(0, 9));
    t.send(line.slice(9));
    await eventually(() => t.written() === 'ACK 41\n', { what: 'ACK' });
    expect(t.presses().map((p) => [p.seq, p.button, p.score, p.desk, p.suppressed])).toEqual([[41, '4', 4, 'Окно 4', null]]);
    expect(t.storedCalls()).toBe(1);
  });

  it('a resent press is acknowledged again but stored once', async () => {
    const t = setup();
    await t.online();
    t.send(encodePress('p1', 1, '5') + encodePress('p1', 1, '5'));
    await eventually(() => t.written() === 'ACK 1\nACK 1\n');
    t.send(encodePress('p1', 1, '5'));
    await eventually(() => t.written() === 'ACK 1\nACK 1\nACK 1\n');
    expect(t.presses()).toHaveLength(1);
  });

  it('each wire fault is counted by kind and nothing is stored or acknowledged for it', async () => {
    const t = setup();
    await t.online();
    t.send(`PRESS p1 1 5 *00\n${'x'.repeat(300)}\n${encodePress('p2', 1, '5')}${encodePress('p1', 2, '9')}garbage\u0001\nhello\n${encodeLine('PRESS p1 x 5')}`);
    await eventually(() => Object.values(t.session.errors.snapshot()).reduce((a, b) => a + b, 0) === 7);
    expect(t.session.errors.snapshot()).toEqual({ 'bad-checksum': 1, 'overlong-line': 1, 'wrong-panel': 1, 'unknown-button': 1, garbage: 1, 'malformed-line': 2 });
    expect(t.presses()).toHaveLength(0);
    // The unknown button was kept on disk, so it may be acknowledged (else the panel resends it forever).
    await eventually(() => t.written() === 'ACK 2\n');
  });

  it('the misuse rule marks a press too soon after the last counted one; all are kept', async () => {
    const t = setup({ misuseMs: 3000 });
    await t.online();
    t.send(encodePress('p1', 1, '5'));
    await eventually(() => t.presses().length === 1);
    t.advance(1000);
    t.send(encodePress('p1', 2, '5'));
    await eventually(() => t.presses().length === 2);
    t.advance(2000);
    t.send(encodePress('p1', 3, '1'));
    await eventually(() => t.presses().length === 3);
    expect(t.presses().map((p) => p.suppressed)).toEqual([null, 'too-soon', null]);
  });

  it('a backlog resent in one burst is born when it was pressed, so the misuse rule sees the real gaps', async () => {
    const t = setup({ misuseMs: 3000 });
    await t.online();
    // Pressed 60 s, 50 s and 49 s ago while the driver was down; all arrive now, in one write.
    t.send(encodePress('p1', 1, '5', 60_000) + encodePress('p1', 2, '4', 50_000) + encodePress('p1', 3, '3', 49_000));
    await eventually(() => t.presses().length === 3);
    expect(t.presses().map((p) => p.suppressed)).toEqual([null, null, 'too-soon']);
    const [first, second] = t.presses();
    expect(Date.parse(second?.bornAt ?? '') - Date.parse(first?.bornAt ?? '')).toBe(10_000);
    // The same press resent with a later age is still the same press.
    t.send(encodePress('p1', 1, '5', 61_000));
    await eventually(() => t.written().split('ACK 1\n').length === 3);
    expect(t.presses()).toHaveLength(3);
  });

  it('the panel heartbeat is noted; a counter that went back starts a new epoch', async () => {
    const t = setup();
    await t.online();
    t.send(encodePress('p1', 0, '5') + encodePress('p1', 1, '5') + encodeBeat('p1', 2));
    await eventually(() => t.session.status().lastHeartbeatAt !== null && t.presses().length === 2);
    expect(t.session.errors.get('seq-reset')).toBe(0);
    t.send(encodeBeat('p1', 0) + encodePress('p1', 0, '5'));
    await eventually(() => t.presses().length === 3);
    expect(t.session.errors.get('seq-reset')).toBe(1);
  });

  it('an unplug counts a disconnect and the partial line; the status fits the heartbeat schema', async () => {
    const t = setup();
    await t.online();
    t.send('PRESS p1 5 ');
    await new Promise((r) => setTimeout(r, 20));
    MockBinding.reset();
    const link = (t.session as unknown as { port: { link: SerialPortMock } }).port.link;
    link._disconnected(Object.assign(new Error('gone'), { disconnected: true }));
    await eventually(() => !t.session.status().online);
    const status = t.session.status();
    expect(status).toMatchObject({ disconnects: 1, errors: { 'partial-line': 1 }, online: false, protocol: 'framed', desk: 'Окно 4' });
    expect(panelStatusSchema.safeParse(status).success).toBe(true);
  });

  it('a line of nothing but faults (a wrong baud rate) is reported once, in words a technician can act on', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const t = setup({ protocol: 'bare' }, log);
    await t.online();
    t.send(Buffer.alloc(120, 0xfe));
    await eventually(() => t.session.errors.get('garbage') === 120);
    expect(lines.filter((l) => l.includes('baud rate'))).toHaveLength(1);
  });

  it('a press that cannot be made durable is not acknowledged', async () => {
    const t = setup();
    await t.online();
    t.outbox.close();
    t.send(encodePress('p1', 1, '5'));
    await eventually(() => t.session.errors.get('outbox-write-failed') === 1);
    expect(t.written()).toBe('');
  });

  it('disk full: a framed press is not acknowledged until it can be committed, then stored once; a bare panel’s press is counted as lost', async () => {
    const t = setup();
    await t.online();
    const real = t.outbox.recordPresses.bind(t.outbox);
    let full = true;
    t.outbox.recordPresses = (...args) => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return real(...args);
    };
    t.send(encodePress('p1', 1, '5'));
    await eventually(() => t.writes.includes('failed'));
    t.send(encodePress('p1', 1, '5')); // the panel resends what was not acknowledged
    await eventually(() => t.session.errors.get('outbox-write-failed') === 2);
    expect(t.written()).toBe('');
    expect(t.session.errors.get('press-lost-disk-full')).toBe(0);
    full = false;
    t.send(encodePress('p1', 1, '5'));
    await eventually(() => t.written() === 'ACK 1\n', { what: 'ACK once the disk takes writes' });
    expect(t.presses()).toHaveLength(1);
    expect(t.writes).toEqual(['failed', 'failed', 'ok']);

    const bare = setup({ protocol: 'bare', buttons: new Map([['a', 1]]) });
    await bare.online();
    bare.outbox.recordPresses = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    };
    bare.send('a');
    await eventually(() => bare.session.errors.get('press-lost-disk-full') === 1);
    expect(bare.written()).toBe('');
  });
});
