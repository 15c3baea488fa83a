import type { StorageReport, StorageState } from '../../shared/storage.ts';
import type { Db } from '../db/open.ts';
import { CompiledQuery, type Kysely } from 'kysely';
import { queryable, type Queryable } from '../sql/queryable.ts';
import type { Tables } from '../sql/tables.ts';

/**
 * What the central knows of each office hub's forwarding: when it last delivered, how far behind
 * it was, what it says it still holds. Written in the transaction of the batch it describes, so it
 * never claims a delivery that was not committed (SQLite 0003 + 0017, PostgreSQL 0001 + 0026).
 */
export interface OfficeSync {
  officeId: string;
  lastSyncAt: number;
  lagMs: number;
  recordsReceived: number;
  batchesReceived: number;
  backlogReported: number;
  backlogOldestAt: number | null;
  keyId: string;
  /** The office hub's disk as it last reported it; null while it does not report it. */
  storage: { state: StorageState; freeBytes: number | null; totalBytes: number | null } | null;
}

export interface SyncReport {
  officeId: string;
  keyId: string;
  now: number;
  /** The oldest receivedAt among the batch's records; null for a status-only batch. */
  oldestReceivedAt: number | null;
  stored: number;
  backlog: number;
  backlogOldestAt: number | null;
  storage?: StorageReport | null;
}

/**
 * The values of one batch's status row, in the order both databases' statements take them: SQLite's
 * below (named), PostgreSQL's UPSERT_OFFICE_SYNC ($1..$10).
 */
export function officeSyncValues(report: SyncReport): [string, number, number, number, number, number | null, string, StorageState | null, number | null, number | null] {
  const lag = report.oldestReceivedAt === null ? 0 : Math.max(0, report.now - report.oldestReceivedAt);
  const storage = report.storage ?? null;
  return [report.officeId, report.now, lag, report.stored, report.backlog, report.backlogOldestAt, report.keyId, storage?.state ?? null, storage?.freeBytes ?? null, storage?.totalBytes ?? null];
}

/**
 * The writer: synchronous, inside the SQLite receive transaction of the batch it describes
 * (hub/central/receive-batch.ts). It is not on CentralSql: the receive path writes in each
 * database's own statements, measured against its floor; PostgreSQL's is recordOfficeSyncPg below.
 */
export function createOfficeSyncStore(db: Db) {
  const upsert = db.prepare(`INSERT INTO office_sync (office_id, last_sync_at, lag_ms, records_received, batches_received, backlog_reported, backlog_oldest_at, key_id,
      storage_state, storage_free_bytes, storage_total_bytes)
    VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (office_id) DO UPDATE SET last_sync_at = excluded.last_sync_at, lag_ms = excluded.lag_ms,
      records_received = records_received + excluded.records_received, batches_received = batches_received + 1,
      backlog_reported = excluded.backlog_reported, backlog_oldest_at = excluded.backlog_oldest_at, key_id = excluded.key_id,
      storage_state = excluded.storage_state, storage_free_bytes = excluded.storage_free_bytes, storage_total_bytes = excluded.storage_total_bytes`);
  return {
    record(report: SyncReport): void {
      upsert.run(...officeSyncValues(report));
    },
  };
}

/** PostgreSQL's, from the same values (officeSyncValues), inside the batch's transaction (hub/central/receive-batch.ts). */
export const UPSERT_OFFICE_SYNC = `INSERT INTO office_sync (office_id, last_sync_at, lag_ms, records_received, batches_received, backlog_reported, backlog_oldest_at, key_id,
    storage_state, storage_free_bytes, storage_total_bytes)
  VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (office_id) DO UPDATE SET last_sync_at = excluded.last_sync_at, lag_ms = excluded.lag_ms,
    records_received = office_sync.records_received + excluded.records_received, batches_received = office_sync.batches_received + 1,
    backlog_reported = excluded.backlog_reported, backlog_oldest_at = excluded.backlog_oldest_at, key_id = excluded.key_id,
    storage_state = excluded.storage_state, storage_free_bytes = excluded.storage_free_bytes, storage_total_bytes = excluded.storage_total_bytes`;

export async function recordOfficeSyncPg(trx: Kysely<Tables>, report: SyncReport): Promise<void> {
  await trx.executeQuery(CompiledQuery.raw(UPSERT_OFFICE_SYNC, officeSyncValues(report)));
}

/** Every office's status row, by office id: read through CentralSql, so from whichever database the central runs on. */
export async function listOfficeSync(sql: Queryable): Promise<Map<string, OfficeSync>> {
  const rows = await queryable(sql).selectFrom('office_sync').selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.office_id,
      {
        officeId: r.office_id,
        lastSyncAt: r.last_sync_at,
        lagMs: r.lag_ms,
        recordsReceived: r.records_received,
        batchesReceived: r.batches_received,
        backlogReported: r.backlog_reported,
        backlogOldestAt: r.backlog_oldest_at,
        keyId: r.key_id,
        storage: r.storage_state === null ? null : { state: r.storage_state, freeBytes: r.storage_free_bytes, totalBytes: r.storage_total_bytes },
      },
    ]),
  );
}
