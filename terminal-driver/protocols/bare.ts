import type { DecodeResult, Frame, Framer, PanelProtocol } from './protocol.ts';

/**
 * The bare protocol: the cheapest panels send one ASCII character per press and nothing else
 * (no id, no number, no answer expected). Line ends and spaces some models add are skipped.
 * Which character means which score is the office's button map, not the protocol's business.
 */
const SEPARATORS = new Set([0x0a, 0x0d, 0x20, 0x09]);

class CharFramer implements Framer {
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (!SEPARATORS.has(byte)) frames.push({ ok: true, bytes: Buffer.from([byte]) });
    }
    return frames;
  }

  // A character is whole the moment it arrives: nothing can be left half-read.
  end(): number {
    return 0;
  }
}

export const bareProtocol: PanelProtocol = {
  name: 'bare',
  acknowledges: false,
  createFramer: () => new CharFramer(),
  decode(frame: Buffer): DecodeResult {
    const byte = frame[0];
    if (frame.length !== 1 || byte === undefined || byte < 0x21 || byte > 0x7e) return { ok: false, reason: 'garbage' };
    return { ok: true, value: { kind: 'press', seq: null, button: String.fromCharCode(byte), ageMs: null } };
  },
  ack: () => null,
};
