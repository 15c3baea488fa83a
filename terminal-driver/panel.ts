import { newRecordId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import type { PanelStatus, Press } from '../shared/records.ts';
import { toInstant, type Clock } from '../shared/time.ts';
import type { PanelConfig } from './config.ts';
import { ErrorCounts } from './error-counts.ts';
import { judgePress } from './misuse.ts';
import type { IncomingPress, Outbox } from './outbox.ts';
import { PanelPort, type OpenLink } from './port.ts';
import { PROTOCOLS } from './protocols/index.ts';
import type { Frame, PanelProtocol } from './protocols/protocol.ts';

/**
 * One configured panel at work: frames from its port are decoded by its protocol adapter, buttons
 * mapped to scores, presses judged by the misuse rule and committed to the outbox; only then does
 * an acknowledging panel hear ACK. Everything that goes wrong is counted for the health board.
 */
export interface PanelSessionDeps {
  deviceId: string;
  outbox: Outbox;
  /** Called after presses are committed: the forwarder sends them at once. */
  onStored(): void;
  /** A write to driver.sqlite threw; true when for lack of space (shared/storage-watch.ts). */
  onWriteFailed(error: unknown): boolean;
  /** A write to driver.sqlite committed. */
  onWriteOk(): void;
  openLink: OpenLink;
  reopen: { baseMs: number; capMs: number };
  maxLineBytes: number;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

const FAULTS_BEFORE_HINT = 50;

export class PanelSession {
  readonly errors = new ErrorCounts();
  private readonly protocol: PanelProtocol;
  private readonly port: PanelPort;
  private readonly logger: Logger;
  private disconnects = 0;
  private faultsInARow = 0;
  private lastPressAt: number | null;
  private lastBeatAt: number | null = null;

  constructor(
    readonly panel: PanelConfig,
    private readonly deps: PanelSessionDeps,
  ) {
    this.protocol = PROTOCOLS[panel.protocol];
    this.logger = deps.logger.child({ panel: panel.id });
    this.lastPressAt = deps.outbox.lastPressAt(panel.id);
    this.port = new PanelPort(
      {
        path: panel.port,
        baudRate: panel.baudRate,
        createFramer: () => this.protocol.createFramer({ maxFrameBytes: deps.maxLineBytes }),
        reopen: deps.reopen,
        openLink: deps.openLink,
        clock: deps.clock,
        logger: this.logger,
        ...(deps.random ? { random: deps.random } : {}),
      },
      {
        frames: (frames) => this.onFrames(frames),
        online: () => {},
        offline: (partialBytes) => {
          this.disconnects++;
          if (partialBytes > 0) this.errors.add('partial-line');
        },
      },
    );
  }

  start(): void {
    this.port.start();
  }

  stop(): Promise<void> {
    return this.port.stop();
  }

  status(): PanelStatus {
    const { panel } = this;
    return {
      panelId: panel.id,
      port: panel.port,
      protocol: panel.protocol,
      desk: panel.desk,
      online: this.port.online,
      lastPressAt: this.lastPressAt === null ? null : toInstant(this.lastPressAt),
      lastHeartbeatAt: this.lastBeatAt === null ? null : toInstant(this.lastBeatAt),
      disconnects: this.disconnects,
      errors: this.errors.snapshot(),
    };
  }

  private onFrames(frames: readonly Frame[]): void {
    const now = this.deps.clock();
    const acks: Buffer[] = [];
    let presses: IncomingPress[] = [];
    for (const frame of frames) {
      if (!frame.ok) {
        this.wireFault(frame.reason);
        continue;
      }
      const decoded = this.protocol.decode(frame.bytes, this.panel.id);
      if (!decoded.ok) {
        this.wireFault(decoded.reason);
        continue;
      }
      this.faultsInARow = 0;
      const message = decoded.value;
      if (message.kind === 'heartbeat') {
        this.lastBeatAt = now;
        // Presses before the beat are stored first: the beat's seq is judged against them.
        this.record(presses, acks);
        presses = [];
        if (message.nextSeq !== null) this.noteNextSeq(message.nextSeq, now);
        continue;
      }
      const score = this.panel.buttons.get(message.button);
      if (score === undefined) {
        this.refuse(message.seq, message.button, now, acks);
        continue;
      }
      // A press replayed from the panel's memory is born when it was pressed, not when it arrived,
      // so a backlog sent in one burst after an outage is not judged as drumming.
      presses.push({ seq: message.seq, button: message.button, score, bornAt: now - (message.ageMs ?? 0), dated: message.ageMs !== null });
    }
    this.record(presses, acks);
    if (acks.length > 0) this.port.write(Buffer.concat(acks));
  }

  private wireFault(kind: string): void {
    this.errors.add(kind);
    // A wrong baud rate or protocol looks like nothing but faults: say so once, in words a technician can act on.
    if (++this.faultsInARow === FAULTS_BEFORE_HINT) {
      this.logger.warn({ baudRate: this.panel.baudRate, protocol: this.panel.protocol, errors: this.errors.snapshot() }, `no valid frame among the last ${FAULTS_BEFORE_HINT} faults: check the panel's baud rate and protocol`);
    }
  }

  private record(presses: readonly IncomingPress[], acks: Buffer[]): void {
    if (presses.length === 0) return;
    let result;
    try {
      result = this.deps.outbox.recordPresses(this.panel.id, presses, (press, lastCountedAt) => this.toRecord(press, lastCountedAt));
    } catch (error) {
      // Not durable, so not acknowledged: a framed panel will resend, a bare panel's press is lost
      // (it never knew better). The driver keeps running; the board shows the count.
      const noSpace = this.deps.onWriteFailed(error);
      this.errors.add('outbox-write-failed', presses.length);
      if (noSpace && !this.protocol.acknowledges) this.errors.add('press-lost-disk-full', presses.length);
      const fate = this.protocol.acknowledges ? 'not acknowledged: the panel keeps them and resends' : 'lost: a bare panel never resends';
      this.logger.error({ err: error, presses: presses.length }, `presses could not be written to driver.sqlite${noSpace ? ' (disk full)' : ''}; ${fate}`);
      return;
    }
    this.deps.onWriteOk();
    if (result.counterResets > 0) {
      this.errors.add('seq-reset', result.counterResets);
      this.logger.warn('panel counter started again (same seq, other button): counting its presses as new');
    }
    let stored = 0;
    for (const outcome of result.outcomes) {
      const ack = this.protocol.ack(outcome.seq);
      if (ack) acks.push(ack);
      if (outcome.status === 'duplicate') {
        this.logger.debug({ seq: outcome.seq }, 'resent press already held; acknowledged again');
        continue;
      }
      stored++;
      const { record } = outcome;
      this.lastPressAt = Date.parse(record.bornAt);
      this.logger.info(
        { button: record.button, score: record.score, seq: record.seq, desk: record.desk, suppressed: record.suppressed, id: record.id },
        record.suppressed ? `press kept but not counted (${record.suppressed})` : `press: score ${record.score}`,
      );
    }
    if (stored > 0) this.deps.onStored();
  }

  private refuse(seq: number | null, button: string, at: number, acks: Buffer[]): void {
    this.errors.add('unknown-button');
    this.logger.warn({ button, seq }, 'button not in this panel\'s map; add it to "buttons" in the configuration');
    // An acknowledging panel would resend an unanswered press forever: keep it on disk, then answer.
    if (!this.protocol.acknowledges) return;
    try {
      this.deps.outbox.refusePress(this.panel.id, seq, button, 'unknown-button', at);
    } catch (error) {
      this.logger.error({ err: error }, 'refused press could not be written to driver.sqlite');
      return;
    }
    const ack = this.protocol.ack(seq);
    if (ack) acks.push(ack);
  }

  private noteNextSeq(nextSeq: number, at: number): void {
    try {
      if (this.deps.outbox.noteNextSeq(this.panel.id, nextSeq, at)) {
        this.errors.add('seq-reset');
        this.logger.warn({ nextSeq }, 'panel counter went back (heartbeat): counting its presses as new');
      }
    } catch (error) {
      this.logger.error({ err: error }, 'panel heartbeat could not be noted in driver.sqlite');
    }
  }

  private toRecord(press: IncomingPress, lastCountedAt: number | null): Press {
    const { panel } = this;
    return {
      kind: 'press',
      id: newRecordId(),
      officeId: panel.officeId,
      deviceId: this.deps.deviceId,
      bornAt: toInstant(press.bornAt),
      channel: 'panel',
      panelId: panel.id,
      desk: panel.desk,
      seq: press.seq,
      button: press.button,
      score: press.score,
      suppressed: judgePress(lastCountedAt, press.bornAt, panel.misuseMs),
    };
  }
}
