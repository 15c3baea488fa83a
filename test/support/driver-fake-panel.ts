import { SerialPort } from 'serialport';
import { encodePress, parseAck } from '../../terminal-driver/protocols/framed.ts';
import { LineFramer } from '../../terminal-driver/protocols/line-framer.ts';

/**
 * The panel side of the driver flows: a framed panel with memory on the `panel` end of a socat pty
 * pair. It numbers its presses, keeps each until it hears `ACK <seq>`, and resends what was not
 * acknowledged. `acked` is the ground truth the flows compare the hub with.
 */
export class FakePanel {
  readonly acked = new Set<number>();
  private readonly memory = new Map<number, { button: string; pressedAt: number; sentAt: number }>();
  private port: SerialPort | null = null;
  private framer = new LineFramer(64);
  private nextSeq = 0;
  private resendTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly path: string,
    readonly panelId: string,
  ) {}

  get attached(): boolean {
    return this.port !== null;
  }

  get unacked(): number {
    return this.memory.size;
  }

  get pressed(): number {
    return this.nextSeq;
  }

  async attach(): Promise<void> {
    const port = await new Promise<SerialPort>((resolve, reject) => {
      const p = new SerialPort({ path: this.path, baudRate: 9600 }, (error) => (error ? reject(error) : resolve(p)));
    });
    this.framer = new LineFramer(64);
    port.on('error', () => {});
    port.on('data', (chunk: Buffer) => {
      for (const frame of this.framer.push(chunk)) {
        const seq = frame.ok ? parseAck(frame.bytes.toString('latin1')) : null;
        if (seq === null) continue;
        this.acked.add(seq);
        this.memory.delete(seq);
      }
    });
    port.on('close', () => {
      if (this.port === port) this.port = null;
    });
    this.port = port;
  }

  async detach(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise((r) => port.close(() => r(undefined)));
  }

  /** A client presses `button`: the panel numbers it, remembers it and sends it (if it is connected). */
  press(button: string): number {
    const seq = this.nextSeq++;
    this.memory.set(seq, { button, pressedAt: Date.now(), sentAt: Date.now() });
    this.write(encodePress(this.panelId, seq, button));
    return seq;
  }

  /** Presses several at once in one write, as a panel draining its memory would. */
  pressMany(buttons: readonly string[]): void {
    const lines = buttons.map((button) => {
      const seq = this.nextSeq++;
      this.memory.set(seq, { button, pressedAt: Date.now(), sentAt: Date.now() });
      return encodePress(this.panelId, seq, button);
    });
    this.write(lines.join(''));
  }

  write(bytes: string | Buffer): void {
    this.port?.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Resends, in one write, every press not acknowledged within `olderThanMs`, each with its age. */
  resend(olderThanMs: number): number {
    if (!this.port) return 0;
    const now = Date.now();
    const lines: string[] = [];
    for (const [seq, entry] of this.memory) {
      if (now - entry.sentAt < olderThanMs) continue;
      entry.sentAt = now;
      lines.push(encodePress(this.panelId, seq, entry.button, now - entry.pressedAt));
    }
    if (lines.length > 0) this.write(lines.join(''));
    return lines.length;
  }

  startResending(everyMs: number, olderThanMs: number): void {
    this.stopResending();
    this.resendTimer = setInterval(() => this.resend(olderThanMs), everyMs);
  }

  stopResending(): void {
    if (this.resendTimer) clearInterval(this.resendTimer);
    this.resendTimer = null;
  }
}
