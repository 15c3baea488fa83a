import { newRecordId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import type { Heartbeat, PanelStatus } from '../shared/records.ts';
import { toInstant, type Clock } from '../shared/time.ts';
import { ErrorCounts } from './error-counts.ts';
import type { StorageReport } from '../shared/storage.ts';
import type { IngestClient } from './ingest-client.ts';

/**
 * The driver's report of its own health for the АХО board, sent every `heartbeatSeconds` straight
 * to the hub as a one-record batch. Not queued: only the latest matters, so when the hub is down
 * a heartbeat is simply skipped. `errors` is the driver-wide total (every panel's counts plus the
 * driver's own, e.g. hub-unreachable); each panel's own counts are in `panels[].errors`.
 */
export interface HeartbeatInput {
  deviceId: string;
  officeId: string;
  version: string;
  backlog: number;
  lastSyncAt: number | null;
  driverErrors: Record<string, number>;
  panels: PanelStatus[];
  /** The data folder's free space: a driver that cannot commit says so here (its heartbeat is not queued on disk). */
  storage: StorageReport;
}

export function buildHeartbeat(input: HeartbeatInput, now: number): Heartbeat {
  return {
    kind: 'heartbeat',
    id: newRecordId(),
    officeId: input.officeId,
    deviceId: input.deviceId,
    bornAt: toInstant(now),
    deviceKind: 'panel-driver',
    version: input.version,
    backlog: input.backlog,
    lastSyncAt: input.lastSyncAt === null ? null : toInstant(input.lastSyncAt),
    errors: ErrorCounts.sum([input.driverErrors, ...input.panels.map((p) => p.errors)]),
    panels: input.panels,
    storage: input.storage,
  };
}

export interface HeartbeatSenderDeps {
  client: IngestClient;
  collect(): HeartbeatInput;
  /** The hub took the heartbeat: the link to it works as of `at`, and it accepts this driver. */
  onAccepted(at: number): void;
  /** The hub answered 400: it refuses what this driver says about itself. */
  onRefused(detail: string): void;
  clock: Clock;
  logger: Logger;
}

export class HeartbeatSender {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly deps: HeartbeatSenderDeps,
  ) {}

  /** Sends one now (the board sees the driver appear at once), then one per interval. */
  start(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), this.intervalMs);
  }

  /** Stops the timer; a heartbeat in flight is left to finish on its own (nothing depends on it). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private beat(): void {
    if (this.inFlight) return;
    const { client, clock, logger } = this.deps;
    let record: Heartbeat;
    try {
      record = buildHeartbeat(this.deps.collect(), clock());
    } catch (error) {
      logger.error({ err: error }, 'heartbeat could not be built');
      return;
    }
    this.inFlight = client
      .send([{ id: record.id, body: JSON.stringify(record) }])
      .then((outcome) => {
        if (outcome.ok) this.deps.onAccepted(clock());
        else if (outcome.reason === 'rejected') this.deps.onRefused(outcome.invalid.map((i) => i.reason).join('; ') || outcome.detail);
        else logger.debug({ reason: outcome.reason, detail: outcome.detail }, 'heartbeat skipped: hub did not take it');
      })
      .finally(() => {
        this.inFlight = null;
      });
  }
}
