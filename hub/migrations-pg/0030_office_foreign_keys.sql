-- The references to the office directory that SQLite has (hub/migrations/0003: office_key,
-- office_sync; 0015: office_config_report), now that the directory is on PostgreSQL too (0020).
-- device's came with its table (0025). Offices are never deleted (closed_at is set instead), so
-- none of these ever blocks a change the directory makes. The switch's copy fills `office` first
-- (hub/sql/copy-tables.ts, MOVED_TABLES), so copied rows find their office.
ALTER TABLE office_key ADD CONSTRAINT office_key_office_id_fkey FOREIGN KEY (office_id) REFERENCES office (id);
ALTER TABLE office_sync ADD CONSTRAINT office_sync_office_id_fkey FOREIGN KEY (office_id) REFERENCES office (id);
ALTER TABLE office_config_report ADD CONSTRAINT office_config_report_office_id_fkey FOREIGN KEY (office_id) REFERENCES office (id);
