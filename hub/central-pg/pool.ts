import type pg from 'pg';
import { loadOnFirstUse } from '../load-on-first-use.ts';
import type { Logger } from '../../shared/logger.ts';

/** pg is loaded when a PostgreSQL pool is first opened: an office hub never opens one (load-on-first-use.ts). */
const postgres = loadOnFirstUse<typeof pg>('pg');

/**
 * The central's pools on PostgreSQL: the primary's (DATABASE_URL), which writes, and the reports'
 * (REPORTS_DATABASE_URL, reports-replica.ts), which only reads; the same settings otherwise.
 *
 * A pool fails fast (CONNECT_TIMEOUT_MS): with the server gone, a request is answered 503 within
 * seconds instead of piling up.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const POOL_SIZE = 10;
const STATEMENT_TIMEOUT_MS = 120_000;

export function openPool(url: string, logger: Logger, options: { readOnly: boolean }): pg.Pool {
  const name = options.readOnly ? 'PostgreSQL for reports' : 'PostgreSQL';
  const pool = new (postgres().Pool)({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // A server that vanished without closing the socket is noticed, not waited on forever.
    keepAlive: true,
    // No query holds a pooled connection for ever (the heaviest, a comments export, takes seconds).
    statement_timeout: STATEMENT_TIMEOUT_MS,
    // An office deletes records from its outbox on the central's answer: a commit must be durable
    // before it, whatever the role's or the database's own setting says. The reports' pool refuses
    // every write, so pointing REPORTS_DATABASE_URL at the primary by mistake cannot change data.
    options: options.readOnly ? '-c synchronous_commit=on -c default_transaction_read_only=on' : '-c synchronous_commit=on',
  });
  // An idle client whose server went away emits here; without a listener that would end the process.
  pool.on('error', (error) => logger.warn({ err: error }, `${name} connection lost (idle client)`));
  // A checked-out client whose server dies emits 'error' too, beside failing its query: heard here,
  // or the process would end on an unhandled 'error' event. The query's own rejection answers 503.
  pool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, `${name} connection lost`)));
  return pool;
}
