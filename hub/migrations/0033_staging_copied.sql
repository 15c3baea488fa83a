-- A central on PostgreSQL (DATABASE_URL): the answers born at it on its own that the copy has taken
-- into PostgreSQL (hub/central-pg/central-born-copy.ts), by kind and id, with when, written in the
-- transaction that takes them out of the outbox. Housekeeping deletes a staging copy only when it
-- is named here (hub/housekeeping/staging-prune.ts): every other record row of the central's
-- SQLite, above all the history of a central moved from SQLite by migrate-central, is kept.
CREATE TABLE staging_copied (
  kind       TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  copied_at  INTEGER NOT NULL,
  PRIMARY KEY (kind, record_id)
) WITHOUT ROWID;
CREATE INDEX staging_copied_by_time ON staging_copied (copied_at);
