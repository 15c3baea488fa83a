-- The CX reports' own tables (hub/reports/): the archive of scheduled reports and the low-score
-- alerts. Times are epoch milliseconds UTC; periods are keyed as shared/periods.ts writes them.

-- One row per report kind and period; regenerating a period replaces its row and files. The files
-- live under <dataDir>/reports/ and are named here relative to it.
CREATE TABLE report_archive (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('weekly-panel', 'monthly')),
  period_key    TEXT NOT NULL,
  period_label  TEXT NOT NULL,
  generated_at  INTEGER NOT NULL,
  cause         TEXT NOT NULL CHECK (cause IN ('schedule', 'on-demand')),
  xlsx_file     TEXT NOT NULL,
  csv_file      TEXT NOT NULL,
  mail_status   TEXT NOT NULL CHECK (mail_status IN ('not-configured', 'sent', 'failed')),
  mail_detail   TEXT,
  UNIQUE (kind, period_key)
);
CREATE INDEX report_archive_by_time ON report_archive (generated_at);

-- A low-score burst on an office's panels, as a configured rule saw it. rule_text keeps the rule in
-- words as it was when the alert fired, so a later change of the configuration does not rewrite history.
CREATE TABLE low_score_alert (
  id            INTEGER PRIMARY KEY,
  office_id     TEXT NOT NULL,
  rule_key      TEXT NOT NULL,
  rule_text     TEXT NOT NULL,
  window_start  INTEGER NOT NULL,
  window_end    INTEGER NOT NULL,
  presses       INTEGER NOT NULL,
  low_presses   INTEGER NOT NULL,
  raised_at     INTEGER NOT NULL,
  mail_status   TEXT NOT NULL CHECK (mail_status IN ('not-configured', 'sent', 'failed')),
  mail_detail   TEXT
);
CREATE INDEX low_score_alert_by_office ON low_score_alert (office_id, rule_key, window_end);
CREATE INDEX low_score_alert_by_time ON low_score_alert (window_end);
