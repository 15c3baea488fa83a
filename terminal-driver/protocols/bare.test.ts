import { describe, expect, it } from 'vitest';
import { bareProtocol } from './bare.ts';

describe('bare protocol', () => {
  it('every character is a press; line ends and spaces are skipped', () => {
    const framer = bareProtocol.createFramer({ maxFrameBytes: 1 });
    const frames = [...framer.push(Buffer.from('1\r\n5 ')), ...framer.push(Buffer.from('a'))];
    const decoded = frames.map((f) => (f.ok ? bareProtocol.decode(f.bytes, 'p1') : f));
    expect(decoded).toEqual([
      { ok: true, value: { kind: 'press', seq: null, button: '1', ageMs: null } },
      { ok: true, value: { kind: 'press', seq: null, button: '5', ageMs: null } },
      { ok: true, value: { kind: 'press', seq: null, button: 'a', ageMs: null } },
    ]);
    expect(framer.end()).toBe(0);
  });

  it('bytes outside printable ASCII are garbage', () => {
    const framer = bareProtocol.createFramer({ maxFrameBytes: 1 });
    const frames = framer.push(Buffer.from([0x00, 0x1b, 0x7f, 0xff]));
    expect(frames.map((f) => (f.ok ? bareProtocol.decode(f.bytes, 'p1') : f))).toEqual(Array(4).fill({ ok: false, reason: 'garbage' }));
  });

  it('expects no answer', () => {
    expect(bareProtocol.acknowledges).toBe(false);
    expect(bareProtocol.ack(null)).toBeNull();
  });
});
