-- The office hubs' forwarding status (office_sync, made in 0001) with the office disk's state they
-- report with each batch, as SQLite's migrations/0017_storage_state.sql added it. The table is read
-- through CentralSql (hub/central/office-sync.ts, listOfficeSync) and written in the receive
-- transaction beside the records, by each database's own statement (SQLite: createOfficeSyncStore;
-- PostgreSQL: UPSERT_OFFICE_SYNC in hub/central-pg/batch-sql.ts).
ALTER TABLE office_sync ADD COLUMN storage_state text CHECK (storage_state IN ('ok', 'warning', 'critical'));
ALTER TABLE office_sync ADD COLUMN storage_free_bytes bigint;
ALTER TABLE office_sync ADD COLUMN storage_total_bytes bigint;
