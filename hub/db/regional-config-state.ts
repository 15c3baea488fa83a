import { REGIONAL_CONFIG_SCHEMA_VERSION } from '../../shared/protocol/regional-config.ts';
import { toInstant, type Instant } from '../../shared/time.ts';
import type { Db } from './open.ts';

/**
 * Office hub: which regional revision is in force (written in the transaction that applied it, so
 * it always names what the tables hold) and how the last pull went. Read from the database alone,
 * so /health and the АХО board need not hold the puller.
 */
export interface ConfigState {
  revision: number | null;
  schemaVersion: number | null;
  changedAt: number | null;
  appliedAt: number | null;
  lastPullAt: number | null;
  lastError: { code: string; message: string; at: number } | null;
}

interface StateRow {
  revision: number | null;
  schema_version: number | null;
  changed_at: number | null;
  applied_at: number | null;
  last_pull_at: number | null;
  last_error_code: string | null;
  last_error: string | null;
  last_error_at: number | null;
}

export function readConfigState(db: Db): ConfigState {
  const r = db.prepare('SELECT * FROM regional_config_state WHERE id = 1').get() as StateRow;
  return {
    revision: r.revision,
    schemaVersion: r.schema_version,
    changedAt: r.changed_at,
    appliedAt: r.applied_at,
    lastPullAt: r.last_pull_at,
    lastError: r.last_error_code === null || r.last_error_at === null ? null : { code: r.last_error_code, message: r.last_error ?? '', at: r.last_error_at },
  };
}

/** Inside the applying transaction. */
export function recordApplied(db: Db, applied: { revision: number; schemaVersion: number; changedAt: number; now: number }): void {
  db.prepare('UPDATE regional_config_state SET revision = ?, schema_version = ?, changed_at = ?, applied_at = ?, last_pull_at = ? WHERE id = 1').run(
    applied.revision,
    applied.schemaVersion,
    applied.changedAt,
    applied.now,
    applied.now,
  );
}

/** A pull that reached the central and was answered properly (whether or not there was anything new). */
export function recordPulled(db: Db, now: number): void {
  db.prepare('UPDATE regional_config_state SET last_pull_at = ? WHERE id = 1').run(now);
}

export function recordPullError(db: Db, code: string, message: string, now: number): void {
  db.prepare('UPDATE regional_config_state SET last_error_code = ?, last_error = ?, last_error_at = ? WHERE id = 1').run(code, message.slice(0, 500), now);
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

export function configStatus(db: Db, fromCentral: boolean, now: number): ConfigStatus {
  const s = readConfigState(db);
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
