import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';
import { Server as SocketServer } from 'socket.io';
import type { Logger } from '../shared/logger.ts';
import { systemClock, type Clock } from '../shared/time.ts';
import type { HubConfig } from './config.ts';
import { countRefusal, type HubContext } from './context.ts';
import { createOfficeStore, seedDefaultOffices } from './db/offices.ts';
import { createServiceStore, seedDefaultServices } from './db/services.ts';
import { createSurveyVersionStore } from './db/survey-versions.ts';
import { openDatabase } from './db/open.ts';
import { createHubEvents } from './events.ts';
import { startOfficeForwarding } from './forward/office-forwarding.ts';
import { startLiveBoard } from './board/live-board.ts';
import { startLiveFigures } from './dashboard/live-figures.ts';
import { startScheduledReports } from './reports/scheduled-reports.ts';
import { startLowScoreAlerts } from './alerts/low-score-alert-service.ts';
import { startHousekeeping } from './housekeeping/housekeeping.ts';
import { startSilenceNotices } from './central/silence-notices.ts';
import { startRegisterReminders } from './register/register-reminders.ts';
import { registerMonthArchiveTable } from './register/register-monthly.ts';
import { createAlertRuleStore } from './db/alert-rule-store.ts';
import { createWorkingHoursStore } from './db/working-hours-store.ts';
import { startDeviceAlertMail } from './board/device-alert-mail.ts';
import { startConfigAlertMail } from './board/config-alert-mail.ts';
import { createApp } from './compose/app.ts';
import { createGuardFactory } from './compose/guards.ts';
import { RouteTable } from './http/route-table.ts';
import { answerWhileWaiting, waitForDatabase } from './central-pg/database-wait.ts';
import { createIngest, sqliteIngestInto } from './ingest/ingest-batch.ts';
import { postgresIngestInto } from './central-pg/ingest-into.ts';
import { startRegionalConfig } from './regional-config/regional-config.ts';
import type { RegionalConfigPuller } from './regional-config/puller.ts';
import { startStorageWatch } from '../shared/storage-watch.ts';
import { openPostgresStore } from './central-pg/postgres-store.ts';
import { sqlOverSqlite } from './sql/central-sql.ts';
import { sqliteRecordSource } from './reports/record-source.ts';
import { startCentralBornCopy } from './central-pg/central-born-copy.ts';
import { hubStorageAdvice } from './storage/storage-advice.ts';
import { startStorageNotices } from './storage/storage-notices.ts';
import { createDeviceCredentials, DEVICE_RELOAD_MS } from './db/device-credentials.ts';

export interface RunningHub {
  url: string;
  port: number;
  ctx: HubContext;
  /** Office hub with a central: the regional configuration puller (tests pull with it at will). */
  regional: RegionalConfigPuller | null;
  httpServer: HttpServer;
  /** The Express app, for tests that inspect what is mounted. */
  app: Express;
  io: SocketServer;
  close(): Promise<void>;
}

/**
 * Opens the database and assembles what every part of the hub is given. Starts nothing but the
 * free-space watch (an unref'd timer, stopped by close()), which routes consult from the first request.
 */
export function createHubContext(config: HubConfig, deps: { logger: Logger; clock?: Clock }): HubContext {
  const clock = deps.clock ?? systemClock;
  const { db, migrations } = openDatabase(config.databaseFile);
  if (migrations.applied.length > 0) deps.logger.info({ applied: migrations.applied }, 'database migrated');

  const surveyVersions = createSurveyVersionStore();
  // The central's tables and records: in PostgreSQL when DATABASE_URL names one, else in `db`.
  const postgres = config.databaseUrl ? openPostgresStore(config.databaseUrl, deps.logger, { reportsUrl: config.reportsDatabaseUrl, surveys: surveyVersions.lookup }) : null;
  const sql = postgres?.sql ?? sqlOverSqlite(db);
  // An office hub queues everything for the central; a central on PostgreSQL the records born at
  // it outside a transaction (a QR poster's answer, a built survey's from a phone), which
  // central-born-copy.ts copies there.
  const ingest = createIngest(db, { clock, surveys: surveyVersions.lookup, forward: config.role === 'office' || postgres !== null });
  const devices = createDeviceCredentials();
  const ctx: HubContext = {
    config,
    db,
    logger: deps.logger,
    clock,
    events: createHubEvents(),
    ingest,
    ingestInto: postgres ? postgresIngestInto(surveyVersions.lookup, clock) : sqliteIngestInto(ingest),
    startedAt: clock(),
    schemaVersion: migrations.version,
    refusals: new Map(),
    // Read from the database by loadRegionalSettings (startHub), then from memory.
    alertRules: createAlertRuleStore(config.lowScoreAlerts),
    workingHours: createWorkingHoursStore(config.workingHours),
    services: createServiceStore(),
    offices: createOfficeStore(),
    surveyVersions,
    devices,
    storage: startStorageWatch({ dir: config.dataDir, config: config.storage, clock, logger: deps.logger, advice: hubStorageAdvice(config) }),
    routes: new RouteTable(createGuardFactory({ devices, sql, clock, logger: deps.logger, countRefusal: (kind) => countRefusal(ctx, kind) })),
    records: postgres?.records ?? sqliteRecordSource(db),
    recordWriter: postgres?.writer ?? null,
    postgres,
    // The central's own tables (hub/sql/): on PostgreSQL with DATABASE_URL, else on `db`.
    sql,
  };
  return ctx;
}

/**
 * The settings the hub reads from memory (ctx.alertRules, ctx.workingHours, ctx.services, ctx.offices,
 * ctx.surveyVersions, ctx.devices),
 * read from the database; an empty office directory and service list are filled with the defaults first.
 */
export async function loadRegionalSettings(ctx: HubContext): Promise<void> {
  const offices = await seedDefaultOffices(ctx.sql);
  if (offices > 0) ctx.logger.info({ offices }, 'office directory filled with defaults');
  const services = await seedDefaultServices(ctx.sql);
  if (services > 0) ctx.logger.info({ services }, 'service list filled with defaults');
  await ctx.alertRules.load(ctx.sql);
  await ctx.workingHours.load(ctx.sql);
  await ctx.services.load(ctx.sql);
  await ctx.offices.load(ctx.sql);
  await ctx.surveyVersions.load(ctx.sql);
  await ctx.devices.load(ctx.sql);
}

/** Builds the hub from its configuration and starts listening: used by main.ts and by tests. */
export async function startHub(config: HubConfig, deps: { logger: Logger; clock?: Clock }): Promise<RunningHub> {
  const ctx = createHubContext(config, deps);
  const { db } = ctx;
  // Requests reach the app once it is built; until then (a central waiting for PostgreSQL) 503.
  let app: Express | null = null;
  const httpServer = createServer((req, res) => (app ? app(req, res) : answerWhileWaiting(res)));
  const openSockets = trackSockets(httpServer);
  // After listening, a listener's error (an accept refused for lack of file descriptors) is logged,
  // not thrown: unheard, the 'error' event would end the process.
  httpServer.on('listening', () => httpServer.on('error', (error) => ctx.logger.error({ err: error }, 'HTTP listener error')));
  // What has started so far, stopped in reverse by close() or by a start that fails half-way.
  let services: Service[] = [];
  let regional: RegionalConfigPuller | null = null;
  let forwarding: Service | null = null;
  let io: SocketServer | null = null;
  async function stopAll(): Promise<void> {
    for (const service of services) await service.stop();
    await regional?.stop();
    // The forwarder last: a batch it has in flight is abandoned and sent again after a restart.
    await forwarding?.stop();
    if (io) await closeListener(io, openSockets);
    else if (httpServer.listening) {
      // Only the 503s of the wait have been served: nothing in flight to let finish.
      const closed = new Promise((resolve) => httpServer.close(resolve));
      for (const socket of openSockets) socket.destroy();
      await closed;
    }
    ctx.storage.stop();
    await ctx.postgres?.close();
    await ctx.sql.close();
    db.close();
  }

  try {
    // The central's PostgreSQL schema first: its accounts, settings and directory are there. It
    // listens meanwhile and answers 503 with Retry-After (offices keep their outbox).
    if (ctx.postgres) {
      await listen(httpServer, config);
      ctx.logger.info({ port: (httpServer.address() as AddressInfo).port }, 'центральный сборщик слушает порт; пока база данных не готова, отвечает 503');
      await waitForDatabase(ctx.postgres, ctx.logger);
    }
    // The alert rules, working hours and service list in force, into memory before anything reads them.
    await loadRegionalSettings(ctx);
    // Office hub with a central: the sender loop (hub/forward/). A missing key stops the start here,
    // before anything else runs.
    forwarding = config.role === 'office' ? startOfficeForwarding(ctx) : null;
    // The regional configuration: the central's first revision, or an office hub's puller (hub/regional-config/).
    regional = await startRegionalConfig(ctx);
    const express = createApp(ctx);
    io = new SocketServer(httpServer, { serveClient: false });
    services = startServices(ctx, io);
    app = express;
    if (!httpServer.listening) await listen(httpServer, config);
    const port = (httpServer.address() as AddressInfo).port;
    return {
      url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
      port,
      ctx,
      regional,
      httpServer,
      app: express,
      io,
      close: stopAll,
    };
  } catch (error) {
    await stopAll().catch((closing: unknown) => ctx.logger.warn({ err: closing }, 'hub not fully stopped after a failed start'));
    throw error;
  }
}

/** A background service as the hub stops it. */
interface Service {
  stop(): void | Promise<void>;
}

/**
 * The background services, by role. Every hub: the АХО board and the CX dashboard live over
 * socket.io, the scheduled reports (on the central also the register's monthly report per
 * channel), the low-score alert watch and housekeeping. An office hub also e-mails АХО about
 * devices without link and about regional settings it refuses (and forwards to the central, started above); the central
 * e-mails about office hubs gone silent and the register's due dates (59-ФЗ). A service with nothing to do here (no SMTP, no recipients)
 * is not started.
 */
function startServices(ctx: HubContext, io: SocketServer): Service[] {
  const liveBoard = startLiveBoard(ctx, io);
  const liveFigures = startLiveFigures(ctx, io);
  const everyHub: (Service | null)[] = [
    { stop: () => liveBoard.close() },
    { stop: () => liveFigures.close() },
    startScheduledReports(ctx, ctx.config.role === 'central' ? { 'register-monthly': registerMonthArchiveTable(ctx.sql, ctx.offices) } : {}),
    startLowScoreAlerts(ctx),
    startHousekeeping(ctx),
    startStorageNotices(ctx),
    startRereadFromOtherProcesses(ctx),
  ];
  const byRole: (Service | null)[] = ctx.config.role === 'office' ? [startDeviceAlertMail(ctx), startConfigAlertMail(ctx)] : [startSilenceNotices(ctx), startRegisterReminders(ctx)];
  // A central on PostgreSQL: the responses born here (public links, phone calls) copied up to it.
  if (ctx.recordWriter) byRole.push(startCentralBornCopy({ db: ctx.db, writer: ctx.recordWriter, events: ctx.events, logger: ctx.logger, clock: ctx.clock }));
  return [...everyHub, ...byRole].filter((service): service is NonNullable<typeof service> => service !== null);
}

/**
 * The device credentials and the office directory read again every DEVICE_RELOAD_MS: the routes
 * that write them reload them themselves; this picks up what another process wrote (the `devices`
 * and `offices` commands of the shell beside a running hub).
 */
function startRereadFromOtherProcesses(ctx: HubContext): Service {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = Promise.all([ctx.devices.load(ctx.sql), ctx.offices.load(ctx.sql)])
      .then(() => undefined)
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'device keys or office directory not re-read; the next try is in a few seconds'))
      .finally(() => (running = null));
  }, DEVICE_RELOAD_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

function listen(httpServer: HttpServer, config: HubConfig): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
}

/** Every TCP connection the server holds, upgraded ones (socket.io's WebSockets) included. */
function trackSockets(httpServer: HttpServer): Set<Socket> {
  const sockets = new Set<Socket>();
  httpServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** How long requests in flight get to finish at shutdown before their connections are cut. */
const CLOSE_GRACE_MS = 2000;

/**
 * Stops socket.io and the listener. Node's close() waits for every connection to end, and a
 * browser's half-open or preconnected socket ends only at the 60 s headers timeout: after a short
 * grace, whatever is still open is destroyed, so shutdown (and a test's teardown) takes seconds.
 */
async function closeListener(io: SocketServer, sockets: Set<Socket>): Promise<void> {
  const cut = setTimeout(() => {
    for (const socket of sockets) socket.destroy();
  }, CLOSE_GRACE_MS);
  try {
    await io.close(); // disconnects the sockets, stops engine.io, then closes the HTTP listener
  } finally {
    clearTimeout(cut);
  }
}
