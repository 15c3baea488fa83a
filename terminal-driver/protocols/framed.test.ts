import { describe, expect, it } from 'vitest';
import { checksum, encodeBeat, encodeLine, encodePress, framedProtocol, parseAck } from './framed.ts';

const decode = (line: string, panelId = 'p1') => framedProtocol.decode(Buffer.from(line.replace(/\n$/, ''), 'latin1'), panelId);

describe('framed protocol', () => {
  it('checksum is the XOR of the body bytes (the worked examples of docs/panel-protocol.md)', () => {
    expect(checksum('PRESS p1 42 5')).toBe(0x15);
    expect(encodePress('p1', 42, '5')).toBe('PRESS p1 42 5 *15\n');
    expect(encodeBeat('p1', 43)).toBe('BEAT p1 43 *54\n');
    // The example exchange of docs/panel-protocol.md.
    expect(encodePress('okno-1', 1041, '5') + encodePress('okno-1', 1042, '4') + encodePress('okno-1', 1042, '4', 1500) + encodeBeat('okno-1', 1043)).toBe(
      'PRESS okno-1 1041 5 *4F\nPRESS okno-1 1042 4 *4D\nPRESS okno-1 1042 4 1500 *69\nBEAT okno-1 1043 *0D\n',
    );
  });

  it('decodes a press and a heartbeat', () => {
    expect(decode(encodePress('p1', 42, '5'))).toEqual({ ok: true, value: { kind: 'press', seq: 42, button: '5', ageMs: null } });
    // A resend may say how long ago the press was made.
    expect(encodePress('p1', 42, '5', 61_000)).toBe('PRESS p1 42 5 61000 *02\n');
    expect(decode(encodePress('p1', 42, '5', 61_000))).toEqual({ ok: true, value: { kind: 'press', seq: 42, button: '5', ageMs: 61_000 } });
    expect(decode(encodeBeat('p1', 7))).toEqual({ ok: true, value: { kind: 'heartbeat', nextSeq: 7 } });
  });

  it('names each fault', () => {
    expect(decode('PRESS p1 42 5 *16')).toEqual({ ok: false, reason: 'bad-checksum' });
    expect(decode('PRESS p1 42 5')).toEqual({ ok: false, reason: 'malformed-line' });
    expect(decode(encodeLine('PRESS p1 forty 5'))).toEqual({ ok: false, reason: 'malformed-line' });
    expect(decode(encodeLine('HELLO p1'))).toEqual({ ok: false, reason: 'malformed-line' });
    expect(decode(encodeLine('PRESS p1 4294967296 5'))).toEqual({ ok: false, reason: 'malformed-line' });
    expect(decode(encodeLine('PRESS p1 1 5 soon'))).toEqual({ ok: false, reason: 'malformed-line' });
    expect(decode(encodePress('p2', 1, '5'))).toEqual({ ok: false, reason: 'wrong-panel' });
    expect(decode('PRESS p1 \u00ff 5 *00')).toEqual({ ok: false, reason: 'garbage' });
    expect(decode('PRESS p1\t42 5 *00')).toEqual({ ok: false, reason: 'garbage' });
  });

  it('a line damaged in transit is a bad checksum, not a malformed line', () => {
    const good = encodePress('p1', 42, '5').trimEnd();
    const damaged = good.replace('PRESS', 'PRGSS');
    expect(decode(damaged)).toEqual({ ok: false, reason: 'bad-checksum' });
  });

  it('acks by seq and the panel side reads it back', () => {
    const ack = framedProtocol.ack(42);
    expect(ack?.toString()).toBe('ACK 42\n');
    expect(parseAck('ACK 42')).toBe(42);
    expect(parseAck('ACK 42\r')).toBe(42);
    expect(parseAck('NAK 42')).toBeNull();
  });

  it('frames a line split across two writes', () => {
    const framer = framedProtocol.createFramer({ maxFrameBytes: 128 });
    const line = encodePress('p1', 9, '3');
    const frames = [...framer.push(Buffer.from(line.slice(0, 7))), ...framer.push(Buffer.from(line.slice(7)))];
    expect(frames).toHaveLength(1);
    const [frame] = frames;
    expect(frame?.ok && decode(frame.bytes.toString('latin1'))).toEqual({ ok: true, value: { kind: 'press', seq: 9, button: '3', ageMs: null } });
  });
});
