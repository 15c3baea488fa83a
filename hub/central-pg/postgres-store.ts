import type pg from 'pg';
import type { Logger } from '../../shared/logger.ts';
import type { BulkRecordWriter } from '../records/bulk-records.ts';
import type { DatabaseServer, DatabaseStatus, ReplicaHealth } from '../records/database-server.ts';
import { classifyDatabaseError, DatabaseUnavailableError, SchemaBehindError } from '../http/database-unavailable.ts';
import type { DeviceFiguresQuery } from '../devices/health-queries.ts';
import type { RecordSource } from '../records/record-source.ts';
import { countHistogramsPg } from './histograms.ts';
import { passSchemaGate } from './schema-gate.ts';
import { createMonthPartitions } from './month-partitions.ts';
import { periodContaining } from '../../shared/periods.ts';
import { alertPressesPg, answeredInvitationsPg, createPressJournal, deviceFiguresPg, heatmapCountsPg, officesWithPressesPg } from './readers.ts';
import { countCommentsPg, findResponsePg, listCommentsPg, responseTalliesPg } from './response-reads.ts';
import { createPostgresRecordWriter } from './receive-batch.ts';
import { openPool } from './pool.ts';
import { sqlOverPostgres, type CentralSql } from '../sql/central-sql.ts';
import { surveyRecordsPart } from './survey-records-pg.ts';
import { NO_SURVEY_VERSIONS, type SurveyVersionLookup } from '../db/survey-versions.ts';
import { openReportsReplica } from './reports-replica.ts';

/**
 * The central's PostgreSQL (DATABASE_URL): the primary's pool, the schema brought up to date before
 * the first use, the writer of the offices' presses and responses, and the readers: the reports' on
 * a read-only pool of their own, on the replica when REPORTS_DATABASE_URL names one
 * (reports-replica.ts), else on the primary; the rest on the primary's pool.
 *
 * The migrations run at start (hub/central-pg/database-wait.ts: the central waits, answering 503,
 * until they have); a request after a failure checks again.
 * Connected as the running role, which does not own the schema, it only checks that the schema is
 * up to date (schema-gate.ts), and answers 503 until the owner has migrated it.
 */
const MONTHS_AHEAD_EVERY_MS = 6 * 3600_000;

/** The server (migrate, ping, close) with the central's reader and writer of presses and responses on it. */
export interface PostgresStore extends DatabaseServer {
  records: RecordSource;
  writer: BulkRecordWriter;
  /** The central's own tables on this server (ctx.sql). */
  sql: CentralSql;
}

export interface PostgresStoreOptions {
  /** REPORTS_DATABASE_URL: the reports' replica; null or absent, they read DATABASE_URL's server. */
  reportsUrl?: string | null;
  /** The survey versions a stored answer is tallied by (ctx.surveyVersions.lookup). */
  surveys?: SurveyVersionLookup;
}

export function openPostgresStore(url: string, logger: Logger, options: PostgresStoreOptions = {}): PostgresStore {
  const reportsUrl = options.reportsUrl ?? null;
  // The central's own tables, and the transactions the records are written in with what belongs to them.
  const sql = sqlOverPostgres(url);
  const pool = openPool(url, logger, { readOnly: false });
  const replica = reportsUrl === null ? null : openReportsReplica(reportsUrl, logger);
  // The reports have their own read-only pool, on the replica when there is one: an export holding
  // its connections never makes a batch wait for one.
  const reportsPool = replica?.pool ?? openPool(url, logger, { readOnly: true });

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
  // Last month's, this month's and next month's partitions made before any batch needs them
  // (month-partitions.ts), at start and every few hours: creating one locks press and response for a
  // moment. Last month's too because an answer born at the central goes in its caller's transaction,
  // where no partition can be made (ingest-into.ts), and a phone's may be a day old on the 1st.
  const ensureMonths = createMonthPartitions(pool);
  const monthsAhead = () => {
    const now = periodContaining('month', Date.now());
    return ensureMonths([now.start - 1, now.start, now.end]);
  };
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

  // One explicit choice per reader. `onReports`: the figures, exports, the feed and the board, which
  // may lag a moment behind the writes (the replica when there is one). `onPrimary`: reads that decide
  // a write or follow one at once (the alert watch, a response by id for «взять в работу» and the
  // pain map's evidence).
  const onPrimary = <A extends unknown[], R>(fn: (pool: pg.Pool, ...args: A) => Promise<R>) => guarded((...args: A) => fn(pool, ...args));
  const onReports = <A extends unknown[], R>(fn: (pool: pg.Pool, ...args: A) => Promise<R>) =>
    (replica ? replica.guarded : guarded)((...args: A) => fn(reportsPool, ...args));

  // Every press this central stores goes through this writer, so it keeps the alert watch's journal (readers.ts).
  const journal = createPressJournal();
  const presses = alertPressesPg(pool, journal);
  const alertRows = guarded((officeId: string, from: number, to: number) => presses.rows(officeId, from, to));
  const alertScores = guarded((officeId: string, from: number, to: number) => presses.scores(officeId, from, to));

  return {
    records: {
      kind: 'postgres',
      countHistograms: onReports(countHistogramsPg),
      officesWithPresses: onReports(officesWithPressesPg),
      heatmapCounts: onReports(heatmapCountsPg),
      answeredInvitations: onReports(answeredInvitationsPg),
      deviceFigures: onReports(deviceFiguresPg),
      alertPresses: { ...presses, rows: alertRows, scores: alertScores },
      countComments: onReports(countCommentsPg),
      listComments: onReports(listCommentsPg),
      findResponse: onPrimary(findResponsePg),
      responseTallies: onReports(responseTalliesPg),
    },
    writer: journal.watch(createPostgresRecordWriter(sql, ensureMonths, ready, surveyRecordsPart(options.surveys ?? NO_SURVEY_VERSIONS))),
    sql,
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
    async reportsReplica(): Promise<ReplicaHealth | null> {
      return replica ? replica.health() : null;
    },
    close: async () => {
      clearInterval(ahead);
      await Promise.all([pool.end(), sql.close(), replica ? replica.close() : reportsPool.end()]);
    },
  };
}
