-- The regional configuration flows from the central down to office hubs (docs/regional-config.md).
-- One schema for both roles: the central uses config_revision and office_config_report, an office
-- hub uses regional_config_state and staff_user.source.

-- Central: one row per saved change to a regional setting (services, alert rules, offices, working
-- hours, staff accounts), written in the transaction of the change. The newest row is the revision
-- office hubs pull; the older ones say when each was superseded (an office's lag) and by whom.
CREATE TABLE config_revision (
  revision   INTEGER PRIMARY KEY,
  changed_at INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  what       TEXT NOT NULL
);

-- Central: the revision each office hub last said it holds (the `have` of its pull).
CREATE TABLE office_config_report (
  office_id   TEXT PRIMARY KEY REFERENCES office(id),
  revision    INTEGER NOT NULL,
  reported_at INTEGER NOT NULL
);

-- Office hub: the revision applied (written in the transaction that applied it) and the last pull.
CREATE TABLE regional_config_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  revision         INTEGER,
  schema_version   INTEGER,
  changed_at       INTEGER,
  applied_at       INTEGER,
  last_pull_at     INTEGER,
  last_error_code  TEXT,
  last_error       TEXT,
  last_error_at    INTEGER
);
INSERT INTO regional_config_state (id) VALUES (1);

-- Office hub: 'central' for an account the central handed down (replaced at every revision),
-- 'local' for one made on this hub before it had a central.
ALTER TABLE staff_user ADD COLUMN source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'central'));
