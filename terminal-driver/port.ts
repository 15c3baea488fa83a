import { SerialPort } from 'serialport';
import type { Logger } from '../shared/logger.ts';
import type { Clock } from '../shared/time.ts';
import { fullJitterDelay } from '../shared/backoff.ts';
import { hangUpAwareBinding } from './serial-binding.ts';
import type { Frame, Framer } from './protocols/protocol.ts';

/**
 * One panel's serial port: opens it, cuts what arrives into frames, and when the port goes away
 * (cable pulled, USB reset, panel powered off) keeps trying to open it again with backoff. The cap
 * of the backoff is what bounds how soon after its return a panel is read again.
 *
 * node-serialport never reopens by itself, and a vanished port says so only by `close` with
 * `disconnected: true`; writes after that may hang, so nothing here waits on a write.
 */

/** The part of a serial port the driver uses: `SerialPort` and `SerialPortMock` both fit. */
export interface SerialLink {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  write(chunk: Buffer, callback?: (error: Error | null | undefined) => void): boolean;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: (error?: (Error & { disconnected?: boolean }) | null) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  removeAllListeners(): this;
}

/** Makes a closed link for a path; `open()` is called by the port. Injected so unit tests use SerialPortMock. */
export type OpenLink = (path: string, baudRate: number) => SerialLink;

export const openSerialLink: OpenLink = (path, baudRate) => {
  // `binding` is left out of SerialPort's option type but honoured: it replaces the detected one.
  const options = { path, baudRate, autoOpen: false, binding: hangUpAwareBinding };
  return new SerialPort(options);
};

export interface PanelPortEvents {
  frames(frames: Frame[]): void;
  /** The port is open (first time or again). */
  online(): void;
  /** The port went away; `partialBytes` of an unfinished frame were dropped. */
  offline(partialBytes: number): void;
}

export interface PanelPortOptions {
  path: string;
  baudRate: number;
  createFramer(): Framer;
  reopen: { baseMs: number; capMs: number };
  openLink: OpenLink;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

export class PanelPort {
  private link: SerialLink | null = null;
  private framer: Framer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  private lostAt: number | null = null;

  constructor(
    private readonly options: PanelPortOptions,
    private readonly events: PanelPortEvents,
  ) {}

  get online(): boolean {
    return this.link !== null;
  }

  start(): void {
    this.tryOpen();
  }

  /** Sends bytes if the port is open; a closed port drops them (a framed panel resends what it was not answered). */
  write(bytes: Buffer): boolean {
    if (!this.link) return false;
    this.link.write(bytes, (error) => {
      if (error) this.options.logger.debug({ err: error, port: this.options.path }, 'write to panel failed');
    });
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const link = this.link;
    this.link = null;
    // A close behind a write to a vanished port can hang; shutting down must not.
    if (link?.isOpen) await Promise.race([new Promise<void>((resolve) => link.close(() => resolve())), new Promise((r) => setTimeout(r, 1000))]);
    if (link) detach(link);
  }

  private tryOpen(): void {
    if (this.stopped) return;
    const { path, baudRate, logger } = this.options;
    let link: SerialLink;
    try {
      link = this.options.openLink(path, baudRate);
    } catch (error) {
      // An invalid baud rate or path is refused synchronously: the same backoff applies.
      logger.debug({ err: error, port: path }, 'panel port cannot be made');
      return this.retryLater();
    }
    link.on('error', (error) => logger.debug({ err: error, port: path }, 'panel port error'));
    link.open((error) => {
      if (error) {
        detach(link);
        if (this.lostAt === null) {
          this.lostAt = this.options.clock();
          logger.warn({ port: path, reason: error.message }, 'panel port not available; will keep trying');
        } else logger.debug({ port: path, reason: error.message }, 'panel port not there yet');
        return this.retryLater();
      }
      if (this.stopped) {
        link.close();
        return;
      }
      this.attached(link);
    });
  }

  private attached(link: SerialLink): void {
    const { path, logger, clock } = this.options;
    this.link = link;
    this.framer = this.options.createFramer();
    this.attempt = 0;
    if (this.lostAt !== null) logger.info({ port: path, awaySeconds: Math.round((clock() - this.lostAt) / 100) / 10 }, 'panel port is back');
    else logger.info({ port: path, baudRate: this.options.baudRate }, 'panel port open');
    this.lostAt = null;
    link.on('data', (chunk: Buffer) => {
      const frames = this.framer?.push(chunk) ?? [];
      if (frames.length > 0) this.events.frames(frames);
    });
    link.on('close', (error) => {
      if (this.link !== link) return;
      this.link = null;
      const partial = this.framer?.end() ?? 0;
      this.framer = null;
      detach(link);
      if (this.stopped) return;
      this.lostAt = clock();
      logger.warn({ port: path, reason: error?.message ?? 'closed', partialBytes: partial }, 'panel port lost; reopening with backoff');
      this.events.offline(partial);
      this.retryLater();
    });
    this.events.online();
  }

  private retryLater(): void {
    if (this.stopped || this.timer) return;
    const { baseMs, capMs } = this.options.reopen;
    const delay = Math.max(baseMs / 2, fullJitterDelay(++this.attempt, { baseMs, capMs }, this.options.random));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tryOpen();
    }, delay);
  }
}

// A link we are done with may still emit a late 'error' (a write that fails after the unplug); an
// 'error' without a listener would crash the process, so one that ignores it stays attached.
function detach(link: SerialLink): void {
  link.removeAllListeners();
  link.on('error', () => {});
}
