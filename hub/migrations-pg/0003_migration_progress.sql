-- `npm run hub -- migrate-central` (hub/central-pg/migrate-central.ts): an SQLite central's presses
-- and responses copied into this database in chunks.
--
-- migration_progress is how far the copy of one source file has come, per table: the id of the last
-- record of the last chunk committed (chunks go in the order of SQLite's primary key index on id;
-- not by rowid, which VACUUM may renumber). It is written in the same transaction as the chunk's
-- rows, so after a crash (kill -9, a lost server) the row and the records agree: the next run
-- continues after the last committed chunk, and a chunk is never half there. The insert itself is
-- idempotent (record_key ON CONFLICT DO NOTHING), so even a run that starts over doubles nothing.
CREATE TABLE migration_progress (
  source      text NOT NULL,   -- the SQLite file, by its real path
  table_name  text NOT NULL CHECK (table_name IN ('press', 'response')),
  last_id     text NOT NULL,
  stored      bigint NOT NULL,
  duplicates  bigint NOT NULL,
  conflicts   bigint NOT NULL,
  updated_at  bigint NOT NULL,
  PRIMARY KEY (source, table_name)
);

-- A record of the SQLite file whose id this database already holds with another body (or another
-- kind or birth): reported to the operator, never overwritten. Kept here, in the chunk's
-- transaction, so a run that resumes after a crash still reports the conflicts met before it.
CREATE TABLE migration_conflict (
  source     text NOT NULL,
  kind       text NOT NULL,
  id         text NOT NULL,
  -- canonical bodies (shared/records.ts canonicalBody): the SQLite copy, and the one held here
  -- (NULL when the id is held as another kind or with another birth)
  body       text NOT NULL,
  held       text,
  found_at   bigint NOT NULL,
  PRIMARY KEY (source, kind, id)
);
