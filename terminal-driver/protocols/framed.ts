import { LineFramer } from './line-framer.ts';
import type { DecodeResult, PanelProtocol } from './protocol.ts';

/**
 * The framed protocol (docs/panel-protocol.md): newline-terminated ASCII lines, each ending in an
 * XOR checksum, for panels that number their presses and keep them until acknowledged.
 *
 *   PRESS <panel> <seq> <button> [<age>] *<CC>
 *                                          a press; <age>: ms since it was pressed (resends)
 *   BEAT <panel> <next-seq> *<CC>          the panel's heartbeat (at power-on and periodically)
 *   ACK <seq>                              the driver's answer once the press is durable
 *
 * <CC> is the XOR of every byte before " *", as two hex digits. The checksum is checked before
 * the grammar, so a line damaged in transit counts as `bad-checksum`, not as `malformed-line`.
 */
export const MAX_SEQ = 2 ** 32 - 1;

const PRESS_RE = /^PRESS ([A-Za-z0-9._:-]{1,64}) (\d{1,10}) ([A-Za-z0-9]{1,8})(?: (\d{1,10}))?$/;
const BEAT_RE = /^BEAT ([A-Za-z0-9._:-]{1,64}) (\d{1,10})$/;
const CHECKSUM_RE = /^[0-9A-Fa-f]{2}$/;

export function checksum(body: string | Buffer): number {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  let sum = 0;
  for (const byte of bytes) sum ^= byte;
  return sum;
}

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** A complete line, newline included, as a panel sends it. Used by the simulator and the tests. */
export function encodeLine(body: string): string {
  return `${body} *${hex2(checksum(body))}\n`;
}
export const encodePress = (panelId: string, seq: number, button: string, ageMs?: number): string =>
  encodeLine(`PRESS ${panelId} ${seq} ${button}${ageMs === undefined ? '' : ` ${Math.max(0, Math.round(ageMs))}`}`);
export const encodeBeat = (panelId: string, nextSeq: number): string => encodeLine(`BEAT ${panelId} ${nextSeq}`);

/** Reads the driver's answer on the panel's side: the acknowledged seq, or null for any other line. */
export function parseAck(line: string): number | null {
  const m = /^ACK (\d{1,10})\r?$/.exec(line);
  return m ? Number(m[1]) : null;
}

function isPrintable(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte < 0x20 || byte > 0x7e) return false;
  return true;
}

function parseSeq(text: string): number | null {
  const n = Number(text);
  return n <= MAX_SEQ ? n : null;
}

export const framedProtocol: PanelProtocol = {
  name: 'framed',
  acknowledges: true,
  createFramer: ({ maxFrameBytes }) => new LineFramer(maxFrameBytes),

  decode(frame: Buffer, panelId: string): DecodeResult {
    if (!isPrintable(frame)) return { ok: false, reason: 'garbage' };
    const line = frame.toString('latin1');
    const star = line.lastIndexOf(' *');
    if (star === -1 || !CHECKSUM_RE.test(line.slice(star + 2))) return { ok: false, reason: 'malformed-line' };
    const body = line.slice(0, star);
    if (checksum(body) !== parseInt(line.slice(star + 2), 16)) return { ok: false, reason: 'bad-checksum' };

    const press = PRESS_RE.exec(body);
    if (press) {
      const [, id, seqText, button, ageText] = press as unknown as [string, string, string, string, string | undefined];
      const seq = parseSeq(seqText);
      const ageMs = ageText === undefined ? null : parseSeq(ageText);
      if (seq === null || (ageText !== undefined && ageMs === null)) return { ok: false, reason: 'malformed-line' };
      if (id !== panelId) return { ok: false, reason: 'wrong-panel' };
      return { ok: true, value: { kind: 'press', seq, button, ageMs } };
    }
    const beat = BEAT_RE.exec(body);
    if (beat) {
      const [, id, seqText] = beat as unknown as [string, string, string];
      const nextSeq = parseSeq(seqText);
      if (nextSeq === null) return { ok: false, reason: 'malformed-line' };
      if (id !== panelId) return { ok: false, reason: 'wrong-panel' };
      return { ok: true, value: { kind: 'heartbeat', nextSeq } };
    }
    return { ok: false, reason: 'malformed-line' };
  },

  ack: (seq) => (seq === null ? null : Buffer.from(`ACK ${seq}\n`, 'latin1')),
};
