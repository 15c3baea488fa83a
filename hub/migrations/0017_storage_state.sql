-- Issue 17: a full disk is seen before it bites.
-- 1. The board's alert mail (hub/board/device-alert-mail.ts) also mails a driver computer whose disk
--    is full, once, and its recovery once: the notice table's kinds grow by 'disk-full'. SQLite
--    cannot change a CHECK in place, so the table is copied.
CREATE TABLE device_alert_notice_new (
  alert_key  TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('device-offline', 'panel-offline', 'disk-full')),
  device_id  TEXT NOT NULL,
  panel_id   TEXT,
  message    TEXT NOT NULL,
  alerted_at INTEGER NOT NULL
);
INSERT INTO device_alert_notice_new (alert_key, kind, device_id, panel_id, message, alerted_at)
  SELECT alert_key, kind, device_id, panel_id, message, alerted_at FROM device_alert_notice;
DROP TABLE device_alert_notice;
ALTER TABLE device_alert_notice_new RENAME TO device_alert_notice;

-- 2. Central: the disk state an office hub reports with each forwarded batch (shared/protocol/forward.ts,
--    `storage`); NULL while the office's hub does not report it.
ALTER TABLE office_sync ADD COLUMN storage_state TEXT CHECK (storage_state IN ('ok', 'warning', 'critical'));
ALTER TABLE office_sync ADD COLUMN storage_free_bytes INTEGER;
ALTER TABLE office_sync ADD COLUMN storage_total_bytes INTEGER;
