import pg from 'pg';
import type { Logger } from '../../shared/logger.ts';
import type { BulkRecordWriter } from '../records/bulk-records.ts';
import type { DatabaseServer, DatabaseStatus } from '../records/database-server.ts';
import { classifyDatabaseError, DatabaseUnavailableError, SchemaBehindError } from '../http/database-unavailable.ts';
import type { DeviceFiguresQuery } from '../devices/health-queries.ts';
import type { RecordSource } from '../records/record-source.ts';
import { countHistogramsPg } from './histograms.ts';
import { passSchemaGate } from './schema-gate.ts';
import { createMonthPartitions } from './month-partitions.ts';
import { periodContaining } from '../../shared/periods.ts';
import { alertPressesPg, answeredInvitationsPg, createPressJournal, deviceFiguresPg, heatmapCountsPg } from './readers.ts';
import { countCommentsPg, findResponsePg, listCommentsPg, responseTalliesPg } from './response-reads.ts';
import { createPostgresRecordWriter } from './receive-batch.ts';

/**
 * The central's PostgreSQL (DATABASE_URL): one pool, the schema brought up to date before the
 * first use, the writer of the offices' presses and responses and the figures' reader.
 *
 * The pool fails fast (CONNECT_TIMEOUT_MS): with the server gone, a request is answered 503 within
 * seconds instead of piling up. The migrations run at start; if the server is down then, the central
 * still starts (its other work is in SQLite) and the first request that needs PostgreSQL tries again.
 * Connected as the running role, which does not own the schema, it only checks that the schema is
 * up to date (schema-gate.ts), and answers 503 until the owner has migrated it.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const POOL_SIZE = 10;
const STATEMENT_TIMEOUT_MS = 120_000;
const MONTHS_AHEAD_EVERY_MS = 6 * 3600_000;

/** The server (migrate, ping, close) with the central's reader and writer of presses and responses on it. */
export interface PostgresStore extends DatabaseServer {
  records: RecordSource;
  writer: BulkRecordWriter;
}

export function openPostgresStore(url: string, logger: Logger): PostgresStore {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // A server that vanished without closing the socket is noticed, not waited on forever.
    keepAlive: true,
    // No query holds a pooled connection for ever (the heaviest, a comments export, takes seconds).
    statement_timeout: STATEMENT_TIMEOUT_MS,
    // An office deletes records from its outbox on the central's answer: a commit must be durable
    // before it, whatever the role's or the database's own setting says.
    options: '-c synchronous_commit=on',
  });
  // An idle client whose server went away emits here; without a listener that would end the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'PostgreSQL connection lost (idle client)'));
  // A checked-out client whose server dies emits 'error' too, beside failing its query: heard here,
  // or the process would end on an unhandled 'error' event. The query's own rejection answers 503.
  pool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'PostgreSQL connection lost')));

  let migrated: Promise<void> | null = null;
  const ready = (): Promise<void> => {
    migrated ??= (async () => {
      const client = await pool.connect();
      try {
        const report = await passSchemaGate(client);
        if (report.applied.length > 0) logger.info({ applied: report.applied }, 'PostgreSQL migrated');
      } finally {
        client.release();
      }
      await monthsAhead();
      // The comments' search folds Russian case with ICU (response-reads.ts): said at start, not at the first search.
      const icu = await pool.query("SELECT 1 FROM pg_collation WHERE collname = 'ru-x-icu'");
      if (icu.rowCount === 0) logger.error('PostgreSQL has no ICU collation ru-x-icu (built without ICU?): the comments search will fail; everything else works');
    })().catch((error: unknown) => {
      migrated = null; // tried again on the next use
      throw classifyDatabaseError(error);
    });
    return migrated;
  };
  // This month's and next month's partitions made before any batch needs them (month-partitions.ts),
  // at start and every few hours: creating one locks press and response for a moment.
  const ensureMonths = createMonthPartitions(pool);
  const monthsAhead = () => ensureMonths([Date.now(), periodContaining('month', Date.now()).end]);
  const ahead = setInterval(() => void monthsAhead().catch((error: unknown) => logger.warn({ err: error }, 'next month\'s partitions not made yet; tried again later')), MONTHS_AHEAD_EVERY_MS);
  ahead.unref();

  const guarded = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        await ready();
        return await fn(...args);
      } catch (error) {
        throw classifyDatabaseError(error);
      }
    };

  // Every press this central stores goes through this writer, so it keeps the alert watch's journal (readers.ts).
  const journal = createPressJournal();
  const presses = alertPressesPg(pool, journal);
  const alertRows = guarded((officeId: string, from: number, to: number) => presses.rows(officeId, from, to));
  const alertScores = guarded((officeId: string, from: number, to: number) => presses.scores(officeId, from, to));

  return {
    records: {
      kind: 'postgres',
      countHistograms: guarded((query) => countHistogramsPg(pool, query)),
      officesWithPresses: guarded(async (officeIds: readonly string[]) => {
        const rows = await pool.query<{ office: string }>('SELECT o AS office FROM unnest($1::text[]) AS o WHERE EXISTS (SELECT 1 FROM press_day WHERE office_id = o)', [[...officeIds]]);
        return new Set(rows.rows.map((r) => r.office));
      }),
      heatmapCounts: guarded((officeIds: readonly string[], start: number, end: number) => heatmapCountsPg(pool, officeIds, start, end)),
      answeredInvitations: guarded((officeIds: readonly string[], start: number, end: number) => answeredInvitationsPg(pool, officeIds, start, end)),
      deviceFigures: guarded((query: DeviceFiguresQuery) => deviceFiguresPg(pool, query)),
      alertPresses: { ...presses, rows: alertRows, scores: alertScores },
      countComments: guarded((filter) => countCommentsPg(pool, filter)),
      listComments: guarded((query) => listCommentsPg(pool, query)),
      findResponse: guarded((id) => findResponsePg(pool, id)),
      responseTallies: guarded((query) => responseTalliesPg(pool, query)),
    },
    writer: journal.watch(createPostgresRecordWriter(pool, ready)),
    ready,
    async status(): Promise<DatabaseStatus> {
      try {
        await pool.query('SELECT 1');
      } catch {
        return 'unreachable';
      }
      // Done once; repeated here only while the schema is behind or the server was down at start.
      return ready().then(
        () => 'ok' as const,
        (error: unknown) => (error instanceof SchemaBehindError ? 'schema-behind' : error instanceof DatabaseUnavailableError ? 'unreachable' : 'error'),
      );
    },
    close: () => {
      clearInterval(ahead);
      return pool.end();
    },
  };
}
