-- Central: office silences that have been e-mailed (hub/central/silence-notices.ts). A row is an
-- alert sent and not yet followed by "the office is back", so a restart neither repeats the alert
-- nor forgets the all-clear.
CREATE TABLE office_silence_notice (
  office_id    TEXT PRIMARY KEY,
  -- The office's last delivery when the alert went out (NULL: it had never delivered).
  last_sync_at INTEGER,
  alerted_at   INTEGER NOT NULL
);
