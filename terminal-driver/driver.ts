import type { Logger } from '../shared/logger.ts';
import { systemClock, type Clock } from '../shared/time.ts';
import type { DriverConfig } from './config.ts';
import { ErrorCounts } from './error-counts.ts';
import { Forwarder } from './forward.ts';
import { HeartbeatSender } from './heartbeat.ts';
import { createIngestClient } from './ingest-client.ts';
import { Outbox } from './outbox.ts';
import { PanelSession } from './panel.ts';
import { openSerialLink, type OpenLink } from './port.ts';
import { VERSION } from './version.ts';
import { startStorageWatch, type StorageWatch } from '../shared/storage-watch.ts';

/** Assembles the driver from its configuration and starts it: used by main.ts and by tests. */
export interface RunningDriver {
  outbox: Outbox;
  forwarder: Forwarder;
  storage: StorageWatch;
  sessions: PanelSession[];
  stop(): Promise<void>;
}

export interface DriverDeps {
  logger: Logger;
  clock?: Clock;
  openLink?: OpenLink;
  random?: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function startDriver(config: DriverConfig, deps: DriverDeps): RunningDriver {
  const clock = deps.clock ?? systemClock;
  const { logger } = deps;
  const outbox = new Outbox(config.databaseFile);
  const prune = () => {
    try {
      const pruned = outbox.prune(clock() - config.retentionDays * DAY_MS);
      if (pruned > 0) logger.info({ pruned, retentionDays: config.retentionDays }, 'old delivered presses pruned from driver.sqlite');
    } catch (error) {
      logger.error({ err: error }, 'pruning driver.sqlite failed');
    }
  };
  prune();

  const storage = startStorageWatch({ dir: config.dataDir, config: config.storage, clock, logger, advice: driverStorageAdvice(config) });
  const barePanels = config.panels.filter((p) => p.protocol === 'bare').map((p) => p.id);
  storage.onChange((report) => {
    // Framed panels keep an unacknowledged press and resend it; a bare panel's press is gone.
    if (report.state === 'critical' && barePanels.length > 0) logger.error({ panels: barePanels }, 'disk full: presses from bare panels are being lost until space is freed');
  });

  const driverErrors = new ErrorCounts();
  const client = createIngestClient({ hubUrl: config.hubUrl, token: config.deviceToken, timeoutMs: config.forward.timeoutMs });
  const random = deps.random ? { random: deps.random } : {};
  const forwarder = new Forwarder(config.forward, { outbox, client, clock, logger, errors: driverErrors, ...random });
  const sessions = config.panels.map(
    (panel) =>
      new PanelSession(panel, {
        deviceId: config.deviceId,
        outbox,
        onStored: () => forwarder.kick(),
        onWriteFailed: (error) => storage.noteWriteFailure(error),
        onWriteOk: () => storage.noteWriteOk(),
        openLink: deps.openLink ?? openSerialLink,
        reopen: config.reopen,
        maxLineBytes: config.maxLineBytes,
        clock,
        logger,
        ...random,
      }),
  );
  const heartbeat = new HeartbeatSender(config.heartbeatSeconds * 1000, {
    client,
    clock,
    logger,
    onAccepted: (at) => forwarder.heartbeatAccepted(at),
    onRefused: (detail) => forwarder.heartbeatRefused(detail),
    collect: () => ({
      deviceId: config.deviceId,
      officeId: config.officeId,
      version: VERSION,
      backlog: outbox.pendingCount(),
      lastSyncAt: forwarder.lastSyncAt,
      driverErrors: driverErrors.snapshot(),
      panels: sessions.map((s) => s.status()),
      storage: storage.report(),
    }),
  });

  const backlog = outbox.pendingCount();
  logger.info({ hub: config.hubUrl, device: config.deviceId, office: config.officeId, outbox: config.databaseFile, ...outbox.durability(), backlog, panels: sessions.length }, 'driver started');
  for (const session of sessions) session.start();
  forwarder.kick();
  heartbeat.start();
  const pruneTimer = setInterval(prune, DAY_MS);
  pruneTimer.unref();

  return {
    outbox,
    forwarder,
    sessions,
    storage,
    async stop() {
      clearInterval(pruneTimer);
      storage.stop();
      heartbeat.stop();
      forwarder.stop();
      await Promise.all(sessions.map((s) => s.stop()));
      outbox.close();
    },
  };
}

/** What a technician can tidy on the driver computer; presses not yet handed to the hub are never among it. */
function driverStorageAdvice(config: DriverConfig): string {
  return [
    `Освободить место в ${config.dataDir}: сданные хабу нажатия старше ${config.retentionDays} дн. драйвер удаляет сам;`,
    'место занимают и журналы системы (journalctl --vacuum-size=200M), посторонние файлы на этом диске.',
    'Нажатия, ещё не сданные хабу, не удаляются; пульты с подтверждением хранят свои нажатия и пришлют их снова, нажатия пультов без подтверждения (bare) теряются.',
  ].join(' ');
}
