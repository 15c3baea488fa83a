import type pg from 'pg';
import type { Logger } from '../../shared/logger.ts';
import { readMigrations } from '../db/migrate.ts';
import { classifyDatabaseError, DatabaseUnavailableError } from '../http/database-unavailable.ts';
import { defaultPgMigrationsDir } from './migrate.ts';
import { openPool } from './pool.ts';
import type { ReplicaHealth, ReplicaState } from '../records/database-server.ts';

/**
 * The reports' PostgreSQL when it is not the primary (REPORTS_DATABASE_URL): a streaming replica
 * that serves the figures, exports and the comments feed, so a heavy export never slows the
 * offices' batches. Its pool refuses writes (default_transaction_read_only).
 *
 * It serves only once its schema is the code's: a replica still replaying an older migration would
 * answer with missing columns. The check is one query per report until it passes, then again only
 * after the replica could not be reached (its schema only moves forward with the primary's). Failures are answered
 * 503 with their own Russian reason; the receive path, on the primary, does not notice them.
 */

export interface ReportsReplica {
  pool: pg.Pool;
  /** Wraps a report read: the schema checked first, a failure turned into a 503 with the replica's reason. */
  guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R>;
  health(): Promise<ReplicaHealth>;
  close(): Promise<void>;
}

export const REPLICA_UNREACHABLE = 'реплика базы данных для отчётов недоступна; повторите позже';
const RECOVERY_CONFLICT = 'чтение отчёта с реплики прервано её восстановлением (конфликт с воспроизведением журнала); повторите позже';

class SchemaMismatchError extends DatabaseUnavailableError {
  constructor(
    readonly replica: number,
    readonly code: number,
  ) {
    super(
      new Error(`reports replica at schema ${replica}, the code needs ${code}`),
      replica < code
        ? `реплика базы данных для отчётов отстаёт: на ней схема ${replica}, программе нужна ${code}; отчёты недоступны, пока реплика не воспроизведёт миграцию основного сервера`
        : `реплика базы данных для отчётов новее программы: на ней схема ${replica}, программа знает до ${code}; обновите программу`,
    );
  }
}

const NO_TABLE = '42P01';
// A standby cancels a query whose rows its replay must remove (SQLSTATE 40001): worth retrying.
const RECOVERY_CONFLICT_CODE = '40001';

// The received-and-replayed check keeps an idle system at 0: the replay timestamp alone would grow all night.
const LAG_SQL = `SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END AS lag`;

export function openReportsReplica(url: string, logger: Logger, migrationsDir = defaultPgMigrationsDir()): ReportsReplica {
  const pool = openPool(url, logger, { readOnly: true });
  const expected = readMigrations(migrationsDir).length;
  let matched = false;
  let saidMismatch: number | null = null;

  const classify = (error: unknown): unknown => {
    if (error instanceof DatabaseUnavailableError && error.reason !== null) return error;
    if (String((error as { code?: unknown })?.code) === RECOVERY_CONFLICT_CODE) return new DatabaseUnavailableError(error, RECOVERY_CONFLICT);
    const classified = classifyDatabaseError(error);
    if (!(classified instanceof DatabaseUnavailableError)) return classified;
    // What answers when it is back may be another standby (a failover, a rebuild): checked again.
    matched = false;
    return new DatabaseUnavailableError(classified.cause, REPLICA_UNREACHABLE);
  };

  const schemaVersion = async (): Promise<number> => {
    try {
      const { rows } = await pool.query<{ n: number | null }>('SELECT max(number) AS n FROM schema_migration');
      return rows[0]?.n ?? 0;
    } catch (error) {
      if (String((error as { code?: unknown })?.code) === NO_TABLE) return 0;
      throw error;
    }
  };
  const checkSchema = async (): Promise<void> => {
    if (matched) return;
    const version = await schemaVersion();
    if (version !== expected) {
      if (saidMismatch !== version) logger.error({ replicaSchema: version, codeSchema: expected }, 'схема реплики для отчётов не совпадает с программой: отчёты отвечают 503, пока она не догонит основной сервер');
      saidMismatch = version;
      throw new SchemaMismatchError(version, expected);
    }
    if (saidMismatch !== null) logger.info({ schema: version }, 'реплика для отчётов догнала схему программы: отчёты снова читаются с неё');
    matched = true;
  };

  return {
    pool,
    guarded: (fn) => async (...args) => {
      try {
        await checkSchema();
        return await fn(...args);
      } catch (error) {
        throw classify(error);
      }
    },
    async health() {
      let state: ReplicaState = 'ok';
      try {
        await checkSchema();
      } catch (error) {
        state = error instanceof SchemaMismatchError ? (error.replica < error.code ? 'schema-behind' : 'schema-ahead') : 'unreachable';
      }
      if (state === 'unreachable') return { state, lagSeconds: null };
      try {
        const { rows } = await pool.query<{ lag: string | number | null }>(LAG_SQL);
        const lag = rows[0]?.lag ?? null;
        return { state, lagSeconds: lag === null ? null : Math.max(0, Math.round(Number(lag) * 10) / 10) };
      } catch {
        return { state: 'unreachable', lagSeconds: null };
      }
    },
    close: () => pool.end(),
  };
}
