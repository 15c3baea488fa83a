import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type KyselyPlugin, type Transaction } from 'kysely';
import type pg from 'pg';
import { loadOnFirstUse } from '../load-on-first-use.ts';
// better-sqlite3's own type, not hub/db's: the stores in hub/db import this folder.
import type Database from 'better-sqlite3';
import type { Tables } from './tables.ts';

/** pg is loaded when a PostgreSQL pool is first opened: an office hub never opens one (load-on-first-use.ts). */
const postgres = loadOnFirstUse<typeof pg>('pg');

/**
 * The central's stores, written once for both of its databases: Kysely compiles each statement for
 * the dialect at hand (placeholders, quoting), and the SQL stays what the store wrote. The hub's
 * own SQLite (every office hub, the default central) and the central's PostgreSQL (DATABASE_URL)
 * then differ only in the migrations that make the tables.
 *
 * Why a query builder and not two implementations per store: one text of each statement is one
 * place to be right; the contract tests (test/support/both-databases.ts) run every moved store on
 * both databases.
 */
export interface CentralSql {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Kysely<Tables>;
  /**
   * Runs `body` in one transaction: all of it is committed, or none. On SQLite the body must wait
   * only on its own statements: the hub's other code still uses the same connection synchronously,
   * and a body that waited on the network or a timer would let it run inside this transaction. Such
   * a body is rolled back with an error rather than committed (see `guardSqliteBody`).
   *
   * Every statement of a moved store inside the body goes through `trx`, never through this object's
   * `db`: SQLite has one connection, which Kysely lends to one user at a time, so a statement through
   * `db` would wait for the very transaction that waits for it, and every later statement behind
   * both. On SQLite such a statement is refused at once (StatementOutsideTrxError) rather than left
   * to hang. (The not-moved stores' synchronous calls on the hub's handle are fine: they do not ask Kysely.)
   */
  transaction<T>(body: (trx: Transaction<Tables>) => Promise<T>): Promise<T>;
  /** Closes what this object opened (the PostgreSQL pool); the SQLite handle belongs to the hub. */
  close(): Promise<void>;
}

export class TransactionCrossedEventLoopError extends Error {
  override name = 'TransactionCrossedEventLoopError';
}

/** A statement through `db`, or a new transaction, asked for inside a transaction body of the same CentralSql on SQLite. */
export class StatementOutsideTrxError extends Error {
  override name = 'StatementOutsideTrxError';
}

/** The transaction body a piece of code runs in (AsyncLocalStorage follows it through its awaits). */
const insideBody = new AsyncLocalStorage<object>();

/** Over the hub's better-sqlite3 handle, which stays the hub's to close. */
export function sqlOverSqlite(handle: Database.Database): CentralSql {
  // Kysely's SqliteDialect serialises its own transactions with a mutex on the one connection.
  const base = new Kysely<Tables>({ dialect: new HubSqliteDialect(handle) });
  // The bodies of this object's transactions still running. A statement through `db` (or a new
  // transaction) asked for inside one would wait for the lock that body holds, forever: it is
  // refused at once instead, naming the rule. Transactions are begun on `base`, so `trx` is not checked.
  const running = new WeakSet<object>();
  const refuseInsideBody = (what: string) => {
    const body = insideBody.getStore();
    if (body !== undefined && running.has(body)) {
      throw new StatementOutsideTrxError(`${what} внутри транзакции того же CentralSql ждал бы её саму: внутри тела транзакции пишите через trx`);
    }
  };
  const guard: KyselyPlugin = {
    transformQuery: (args) => {
      refuseInsideBody('запрос через sql.db');
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return {
    dialect: 'sqlite',
    db: base.withPlugin(guard),
    transaction: async (body) => {
      refuseInsideBody('новая транзакция');
      return base.transaction().execute((trx) => {
        const mark = {};
        running.add(mark);
        return insideBody.run(mark, () => guardSqliteBody(() => body(trx))).finally(() => running.delete(mark));
      });
    },
    close: async () => undefined,
  };
}

/**
 * SQLite ends a transaction itself when a statement in it fails for want of room or on an I/O error
 * (SQLITE_FULL, SQLITE_IOERR…). Kysely's ROLLBACK after that would fail with «no transaction is
 * active» and replace the error that says why (a full disk answers 503, not 500): nothing is left
 * to roll back then, so the rollback is skipped and the first error propagates, as with
 * better-sqlite3's own db.transaction().
 */
class HubSqliteDialect extends SqliteDialect {
  readonly #handle: Database.Database;
  constructor(handle: Database.Database) {
    super({ database: handle });
    this.#handle = handle;
  }
  override createDriver(): Driver {
    const handle = this.#handle;
    return new (class extends SqliteDriver {
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (handle.inTransaction) await super.rollbackTransaction(connection);
      }
    })({ database: handle });
  }
}

/**
 * Over a pool of its own, with bigint columns read as numbers (epoch milliseconds, counts, ids:
 * all far below 2^53) so a row reads the same from both databases; a value past 2^53 is an error,
 * not a silently rounded number.
 */
export function sqlOverPostgres(connectionString: string, options: { max?: number } = {}): CentralSql {
  const pool = new (postgres().Pool)({
    connectionString,
    max: options.max ?? 5,
    connectionTimeoutMillis: 5000,
    // A server that vanished without closing the socket is noticed, not waited on forever.
    keepAlive: true,
    options: '-c synchronous_commit=on -c statement_timeout=120000',
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === postgres().types.builtins.INT8 ? readSafeInteger : postgres().types.getTypeParser(oid, format ?? 'text'))) as typeof pg.types.getTypeParser },
  });
  // A connection lost must not end the process: an idle client's error is emitted by the pool, a
  // checked-out client's by the client itself beside its query's rejection (which answers 503).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    transaction: (body) => db.transaction().execute(body),
    close: () => db.destroy(),
  };
}

function readSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}

/**
 * A SQLite transaction body may not let the event loop turn: setImmediate's callback runs only
 * after the microtasks are drained, so if it has run before the body ends, the body waited on
 * something else than its statements (I/O, a timer), and other requests' statements may have run
 * inside the transaction. Rolled back (the error propagates through Kysely's transaction).
 */
async function guardSqliteBody<T>(body: () => Promise<T>): Promise<T> {
  let turned = false;
  const probe = setImmediate(() => {
    turned = true;
  });
  try {
    const result = await body();
    if (turned) throw new TransactionCrossedEventLoopError('a SQLite transaction waited on something other than its statements; rolled back');
    return result;
  } finally {
    clearImmediate(probe);
  }
}
