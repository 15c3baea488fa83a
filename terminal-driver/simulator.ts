import type { Logger } from '../shared/logger.ts';
import type { Clock } from '../shared/time.ts';
import type { OpenLink, SerialLink } from './port.ts';
import { encodeBeat, encodePress, MAX_SEQ, parseAck } from './protocols/framed.ts';
import { LineFramer } from './protocols/line-framer.ts';

/**
 * A simulated framed panel on the far end of a pseudo-terminal: a client presses a button every
 * few seconds, the panel numbers the press, keeps it until it hears ACK and resends it otherwise,
 * and says BEAT now and then. It is what `npm start` shows a newcomer when no real panel is
 * configured, and the reference for what a framed panel is expected to do (docs/panel-protocol.md).
 */
export interface SimulatorOptions {
  path: string;
  panelId: string;
  minGapMs: number;
  maxGapMs: number;
  resendAfterMs?: number;
  beatEveryMs?: number;
  openLink: OpenLink;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

/** Clients of an employment centre mostly press 4 and 5; the rest is spread thin. */
const SCORE_WEIGHTS: readonly [button: string, weight: number][] = [
  ['5', 0.45],
  ['4', 0.3],
  ['3', 0.13],
  ['2', 0.07],
  ['1', 0.05],
];

export class PanelSimulator {
  private link: SerialLink | null = null;
  private readonly framer = new LineFramer(64);
  private readonly unacked = new Map<number, { button: string; pressedAt: number; sentAt: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq: number;
  private stopped = false;
  private readonly random: () => number;

  constructor(private readonly options: SimulatorOptions) {
    this.random = options.random ?? Math.random;
    // A real framed panel keeps its counter in non-volatile memory. The simulator has none, so it
    // starts from the clock in seconds: at under one press a second it never repeats a number.
    this.seq = Math.floor(options.clock() / 1000) % MAX_SEQ;
  }

  start(): void {
    this.connect();
    this.every(this.options.beatEveryMs ?? 10_000, () => this.send(encodeBeat(this.options.panelId, this.seq)));
    this.every(500, () => this.resend());
    this.scheduleNextPress();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const link = this.link;
    this.link = null;
    if (link?.isOpen) await new Promise<void>((resolve) => link.close(() => resolve()));
  }

  get unacknowledged(): number {
    return this.unacked.size;
  }

  private connect(): void {
    if (this.stopped) return;
    const link = this.options.openLink(this.options.path, 9600);
    link.on('error', () => {});
    link.open((error) => {
      if (error) return this.later(1000, () => this.connect());
      this.link = link;
      // Power-on: a panel announces itself with the number its next press will carry.
      this.send(encodeBeat(this.options.panelId, this.seq));
      link.on('data', (chunk: Buffer) => {
        for (const frame of this.framer.push(chunk)) {
          const seq = frame.ok ? parseAck(frame.bytes.toString('latin1')) : null;
          if (seq !== null) this.unacked.delete(seq);
        }
      });
      link.on('close', () => {
        this.link = null;
        this.later(1000, () => this.connect());
      });
    });
  }

  private press(): void {
    const button = pickButton(this.random());
    const seq = this.seq;
    this.seq = (this.seq + 1) % MAX_SEQ;
    const now = this.options.clock();
    this.unacked.set(seq, { button, pressedAt: now, sentAt: now });
    this.options.logger.debug({ seq, button }, 'simulated client pressed a button');
    this.send(encodePress(this.options.panelId, seq, button));
  }

  private resend(): void {
    const now = this.options.clock();
    const after = this.options.resendAfterMs ?? 2000;
    for (const [seq, entry] of this.unacked) {
      if (now - entry.sentAt < after) continue;
      entry.sentAt = now;
      // A resend says how long ago the press was made.
      this.send(encodePress(this.options.panelId, seq, entry.button, now - entry.pressedAt));
    }
  }

  private send(line: string): void {
    this.link?.write(Buffer.from(line, 'latin1'));
  }

  private scheduleNextPress(): void {
    const { minGapMs, maxGapMs } = this.options;
    this.later(minGapMs + this.random() * (maxGapMs - minGapMs), () => {
      this.press();
      this.scheduleNextPress();
    });
  }

  private later(ms: number, run: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private every(ms: number, run: () => void): void {
    this.later(ms, () => {
      run();
      this.every(ms, run);
    });
  }
}

function pickButton(r: number): string {
  let acc = 0;
  for (const [button, weight] of SCORE_WEIGHTS) {
    acc += weight;
    if (r < acc) return button;
  }
  return '5';
}
