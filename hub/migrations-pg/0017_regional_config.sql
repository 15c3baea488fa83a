-- The regional configuration's own tables, as SQLite's (hub/migrations/0012, 0015). Their stores
-- (hub/db/working-hours-store.ts, alert-rule-store.ts, regional-config-state.ts,
-- hub/regional-config/revisions.ts) run on both databases through hub/sql/central-sql.ts.

-- Settings staff change at run time: one JSON value per key, with who changed it last.
CREATE TABLE setting (
  key        text COLLATE "C" PRIMARY KEY,
  value      text NOT NULL,
  updated_at bigint NOT NULL,
  updated_by text NOT NULL
);

-- Central: one row per saved regional change, numbered by the store (the newest + 1, in the
-- transaction of the change), so the numbers run 1, 2, 3… without gaps: no identity here.
CREATE TABLE config_revision (
  revision   bigint PRIMARY KEY,
  changed_at bigint NOT NULL,
  actor      text NOT NULL,
  what       text NOT NULL
);

-- Central: the revision each office hub last said it holds. SQLite's office_id REFERENCES office(id):
-- the office directory is not on this database (yet), so the reference is the store's to keep (it
-- records only the office of a hub that authenticated with its key).
CREATE TABLE office_config_report (
  office_id   text COLLATE "C" PRIMARY KEY,
  revision    bigint NOT NULL,
  reported_at bigint NOT NULL
);

-- Office hub: the revision applied and the last pull; one row. Not seeded here, unlike SQLite's: the
-- store reads a missing row as nothing applied and writes by upsert, and a central moving from SQLite
-- copies its row (hub/sql/copy-tables.ts refuses a target that already holds rows).
CREATE TABLE regional_config_state (
  id               bigint PRIMARY KEY CHECK (id = 1),
  revision         bigint,
  schema_version   bigint,
  changed_at       bigint,
  applied_at       bigint,
  last_pull_at     bigint,
  last_error_code  text,
  last_error       text,
  last_error_at    bigint
);
