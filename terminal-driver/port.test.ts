import { SerialPortMock } from 'serialport';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../shared/logger.ts';
import { eventually } from '../test/support/eventually.ts';
import { PanelPort, type OpenLink } from './port.ts';
import { LineFramer } from './protocols/line-framer.ts';
import type { Frame } from './protocols/protocol.ts';

// The binding SerialPortMock itself uses (the package's ESM and CJS builds keep separate port lists).
const MockBinding = SerialPortMock.binding;
const logger = createLogger('test', { level: 'silent', pretty: false });

function harness(path: string) {
  MockBinding.createPort(path, { record: true });
  const links: SerialPortMock[] = [];
  const openLink: OpenLink = (p, baudRate) => {
    const link = new SerialPortMock({ path: p, baudRate, autoOpen: false });
    links.push(link);
    return link;
  };
  const frames: Frame[] = [];
  const events = { online: 0, offline: [] as number[] };
  const port = new PanelPort(
    { path, baudRate: 9600, createFramer: () => new LineFramer(32), reopen: { baseMs: 10, capMs: 40 }, openLink, clock: Date.now, logger },
    { frames: (f) => frames.push(...f), online: () => events.online++, offline: (partial) => events.offline.push(partial) },
  );
  const current = () => links[links.length - 1] as SerialPortMock;
  return { port, links, frames, events, current };
}

const text = (frames: Frame[]) => frames.map((f) => (f.ok ? f.bytes.toString() : `!${f.reason}`));

describe('PanelPort', () => {
  it('opens, joins a line split across two writes, and writes back', async () => {
    const h = harness('/dev/mock-a');
    h.port.start();
    await eventually(() => h.port.online);
    h.current().port?.emitData('PRESS p1 1 ');
    h.current().port?.emitData('5 *00\nPRE');
    await eventually(() => h.frames.length === 1);
    expect(text(h.frames)).toEqual(['PRESS p1 1 5 *00']);
    h.port.write(Buffer.from('ACK 1\n'));
    await eventually(() => h.current().port?.recording.toString() === 'ACK 1\n');
    await h.port.stop();
  });

  it('a port that is missing at start is opened once it appears', async () => {
    const h = harness('/dev/mock-b');
    MockBinding.reset();
    h.port.start();
    await eventually(() => h.links.length >= 3, { what: 'a few attempts' });
    expect(h.port.online).toBe(false);
    MockBinding.createPort('/dev/mock-b');
    await eventually(() => h.port.online, { what: 'open after it appears' });
    await h.port.stop();
  });

  it('an unplug reports the partial line, and the port is reopened when it returns', async () => {
    const h = harness('/dev/mock-c');
    h.port.start();
    await eventually(() => h.port.online);
    h.current().port?.emitData('PRESS p1 2 5 *0');
    await eventually(() => (h.current().port?.['port'].data.length ?? 1) === 0, { what: 'bytes read' });
    MockBinding.reset();
    h.current()._disconnected(Object.assign(new Error('gone'), { disconnected: true }));
    await eventually(() => h.events.offline.length === 1);
    expect(h.events.offline).toEqual([15]);
    expect(h.port.online).toBe(false);
    MockBinding.createPort('/dev/mock-c');
    await eventually(() => h.port.online && h.events.online === 2, { what: 'reopen' });
    h.current().port?.emitData('after\n');
    await eventually(() => h.frames.length === 1);
    expect(text(h.frames)).toEqual(['after']);
    await h.port.stop();
  });

  it('overlong input is cut off and reported through the frames', async () => {
    const h = harness('/dev/mock-d');
    h.port.start();
    await eventually(() => h.port.online);
    h.current().port?.emitData(`${'x'.repeat(100)}\nok\n`);
    await eventually(() => h.frames.length === 2);
    expect(text(h.frames)).toEqual(['!overlong-line', 'ok']);
    await h.port.stop();
  });

  it('writes to a port that is gone are dropped, not queued', async () => {
    const h = harness('/dev/mock-e');
    expect(h.port.write(Buffer.from('ACK 1\n'))).toBe(false);
    await h.port.stop();
  });
});
