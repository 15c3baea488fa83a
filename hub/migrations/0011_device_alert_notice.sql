-- Office hub: device alerts that have been e-mailed to АХО (hub/devices/device-alert-mail.ts). A row
-- is "no link" sent and "link back" not yet sent, so a restart neither repeats nor forgets either.
CREATE TABLE device_alert_notice (
  alert_key  TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('device-offline', 'panel-offline')),
  device_id  TEXT NOT NULL,
  panel_id   TEXT,
  message    TEXT NOT NULL,
  alerted_at INTEGER NOT NULL
);
