import type { StorageReport, StorageState } from '../../shared/storage.ts';
import type { Db } from '../db/open.ts';

/**
 * What the central knows of each office hub's forwarding: when it last delivered, how far behind
 * it was, what it says it still holds. Written in the transaction of the batch it describes, so it
 * never claims a delivery that was not committed.
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

export function createOfficeSyncStore(db: Db) {
  const upsert = db.prepare(`INSERT INTO office_sync (office_id, last_sync_at, lag_ms, records_received, batches_received, backlog_reported, backlog_oldest_at, key_id,
      storage_state, storage_free_bytes, storage_total_bytes)
    VALUES (@officeId, @now, @lag, @stored, 1, @backlog, @backlogOldestAt, @keyId, @storageState, @storageFree, @storageTotal)
    ON CONFLICT (office_id) DO UPDATE SET last_sync_at = excluded.last_sync_at, lag_ms = excluded.lag_ms,
      records_received = records_received + excluded.records_received, batches_received = batches_received + 1,
      backlog_reported = excluded.backlog_reported, backlog_oldest_at = excluded.backlog_oldest_at, key_id = excluded.key_id,
      storage_state = excluded.storage_state, storage_free_bytes = excluded.storage_free_bytes, storage_total_bytes = excluded.storage_total_bytes`);
  return {
    record(report: SyncReport): void {
      const lag = report.oldestReceivedAt === null ? 0 : Math.max(0, report.now - report.oldestReceivedAt);
      const { storage, ...rest } = report;
      upsert.run({ ...rest, lag, storageState: storage?.state ?? null, storageFree: storage?.freeBytes ?? null, storageTotal: storage?.totalBytes ?? null });
    },
  };
}

export function listOfficeSync(db: Db): Map<string, OfficeSync> {
  const rows = db.prepare('SELECT * FROM office_sync').all() as {
    office_id: string;
    last_sync_at: number;
    lag_ms: number;
    records_received: number;
    batches_received: number;
    backlog_reported: number;
    backlog_oldest_at: number | null;
    key_id: string;
    storage_state: StorageState | null;
    storage_free_bytes: number | null;
    storage_total_bytes: number | null;
  }[];
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
