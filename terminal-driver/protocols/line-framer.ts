import type { Frame, Framer } from './protocol.ts';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Cuts a byte stream into newline-terminated lines (a trailing CR is dropped; empty lines are
 * skipped). A line longer than `maxFrameBytes` is reported once as `overlong-line` and discarded
 * up to its newline, so a flood of bytes without line ends (a wrong baud rate, a stuck transmitter)
 * never grows memory.
 */
export class LineFramer implements Framer {
  private parts: Buffer[] = [];
  private length = 0;
  private discarding = false;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(LF, start);
      const end = newline === -1 ? chunk.length : newline;
      this.take(chunk.subarray(start, end), frames);
      if (newline === -1) break;
      this.finishLine(frames);
      start = newline + 1;
    }
    return frames;
  }

  end(): number {
    const dropped = this.discarding ? 0 : this.length;
    this.reset();
    return dropped;
  }

  private take(piece: Buffer, frames: Frame[]): void {
    if (this.discarding || piece.length === 0) return;
    if (this.length + piece.length > this.maxFrameBytes) {
      frames.push({ ok: false, reason: 'overlong-line' });
      this.reset();
      this.discarding = true;
      return;
    }
    this.parts.push(piece);
    this.length += piece.length;
  }

  private finishLine(frames: Frame[]): void {
    if (!this.discarding && this.length > 0) {
      let line = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.length);
      if (line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
      // Copy: the chunk the line was cut from belongs to the port's read pool.
      if (line.length > 0) frames.push({ ok: true, bytes: Buffer.from(line) });
    }
    this.reset();
  }

  private reset(): void {
    this.parts = [];
    this.length = 0;
    this.discarding = false;
  }
}
