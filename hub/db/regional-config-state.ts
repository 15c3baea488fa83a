import { REGIONAL_CONFIG_SCHEMA_VERSION } from '../../shared/protocol/regional-config.ts';
import { toInstant, type Instant } from '../../shared/time.ts';
import { queryable as regionalDb, type Queryable as RegionalSql } from '../sql/queryable.ts';
import type { RegionalConfigStateTable } from '../sql/tables.ts';

/**
 * Office hub: which regional revision is in force (written in the transaction that applied it, so
 * it always names what the tables hold) and how the last pull went. Read from the database alone,
 * so /health and the АХО board need not hold the puller. On CentralSql (hub/sql/).
 */
export interface ConfigState {
  revision: number | null;
  schemaVersion: number | null;
  changedAt: number | null;
  appliedAt: number | null;
  lastPullAt: number | null;
  lastError: { code: string; message: string; at: number } | null;
}

const EMPTY = { revision: null, schema_version: null, changed_at: null, applied_at: null, last_pull_at: null, last_error_code: null, last_error: null, last_error_at: null };

/** The one row (SQLite's migration makes it; PostgreSQL's does not: a missing row is nothing applied yet). */
export async function readConfigState(sql: RegionalSql): Promise<ConfigState> {
  const r = (await regionalDb(sql).selectFrom('regional_config_state').selectAll().where('id', '=', 1).executeTakeFirst()) ?? { id: 1, ...EMPTY };
  return {
    revision: r.revision,
    schemaVersion: r.schema_version,
    changedAt: r.changed_at,
    appliedAt: r.applied_at,
    lastPullAt: r.last_pull_at,
    lastError: r.last_error_code === null || r.last_error_at === null ? null : { code: r.last_error_code, message: r.last_error ?? '', at: r.last_error_at },
  };
}

type StateChange = Partial<Omit<RegionalConfigStateTable, 'id'>>;

/** Sets `change` on the one row, making it when it is missing. */
async function writeState(sql: RegionalSql, change: StateChange): Promise<void> {
  await regionalDb(sql)
    .insertInto('regional_config_state')
    .values({ id: 1, ...EMPTY, ...change })
    .onConflict((oc) => oc.column('id').doUpdateSet(change))
    .execute();
}

/** Inside the applying transaction (pass it). */
export async function recordApplied(sql: RegionalSql, applied: { revision: number; schemaVersion: number; changedAt: number; now: number }): Promise<void> {
  await writeState(sql, { revision: applied.revision, schema_version: applied.schemaVersion, changed_at: applied.changedAt, applied_at: applied.now, last_pull_at: applied.now });
}

/** A pull that reached the central and was answered properly (whether or not there was anything new). */
export async function recordPulled(sql: RegionalSql, now: number): Promise<void> {
  await writeState(sql, { last_pull_at: now });
}

export async function recordPullError(sql: RegionalSql, code: string, message: string, now: number): Promise<void> {
  await writeState(sql, { last_error_code: code, last_error: message.slice(0, 500), last_error_at: now });
}

/** How /health, the АХО board and the admin see the office's regional configuration. */
export interface ConfigStatus {
  /** true: an office hub with CENTRAL_URL, which takes its regional settings from the central. */
  fromCentral: boolean;
  revision: number | null;
  changedAt: Instant | null;
  appliedAt: Instant | null;
  /** Seconds since the central saved the revision in force. */
  ageSeconds: number | null;
  lastPullAt: Instant | null;
  lastError: { code: string; message: string; at: Instant } | null;
  /** The last pull failed or was refused after the last good one. */
  failing: boolean;
  /** The snapshot format this program reads. */
  programSchemaVersion: number;
}

export async function configStatus(sql: RegionalSql, fromCentral: boolean, now: number): Promise<ConfigStatus> {
  const s = await readConfigState(sql);
  const at = (ms: number | null) => (ms === null ? null : toInstant(ms));
  return {
    fromCentral,
    revision: s.revision,
    changedAt: at(s.changedAt),
    appliedAt: at(s.appliedAt),
    ageSeconds: s.changedAt === null ? null : Math.max(0, Math.round((now - s.changedAt) / 1000)),
    lastPullAt: at(s.lastPullAt),
    lastError: s.lastError && { ...s.lastError, at: toInstant(s.lastError.at) },
    failing: s.lastError !== null && (s.lastPullAt === null || s.lastError.at > s.lastPullAt),
    programSchemaVersion: REGIONAL_CONFIG_SCHEMA_VERSION,
  };
}
