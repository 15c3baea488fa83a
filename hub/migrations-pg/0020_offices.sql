-- The office directory, as SQLite's (hub/migrations/0001). Its store (hub/db/offices.ts) runs on
-- both databases through hub/sql/central-sql.ts and is read from memory (ctx.offices). An office is
-- never deleted (records, devices and keys name it): closed_at is set instead. No foreign keys refer
-- to it on PostgreSQL yet: the tables naming offices move separately.
-- id COLLATE "C": the directory is ordered by position, then id byte-wise as SQLite does.
CREATE TABLE office (
  id         text COLLATE "C" PRIMARY KEY,
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('otdelenie', 'otdel')),
  address    text NOT NULL,
  position   integer NOT NULL,
  closed_at  bigint
);
