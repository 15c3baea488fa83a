-- The report archive takes a third kind: the register's monthly report per channel (issue 18),
-- archived and mailed by the central on the 1st like the other monthly report. SQLite cannot alter
-- a CHECK, so the table is rebuilt with its rows and ids kept (archive links name the id).
CREATE TABLE report_archive_new (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('weekly-panel', 'monthly', 'register-monthly')),
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
INSERT INTO report_archive_new (id, kind, period_key, period_label, generated_at, cause, xlsx_file, csv_file, mail_status, mail_detail)
  SELECT id, kind, period_key, period_label, generated_at, cause, xlsx_file, csv_file, mail_status, mail_detail FROM report_archive;
DROP TABLE report_archive;
ALTER TABLE report_archive_new RENAME TO report_archive;
CREATE INDEX report_archive_by_time ON report_archive (generated_at);
