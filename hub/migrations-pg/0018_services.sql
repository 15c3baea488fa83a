-- The kiosk's list of services, as SQLite's (hub/migrations/0004). Its store (hub/db/services.ts)
-- runs on both databases through hub/sql/central-sql.ts. A service taken off the list is kept
-- inactive, not deleted: stored responses name it by id and the reports still need its name.
-- id COLLATE "C": the list is ordered by it last, byte-wise as SQLite does.
CREATE TABLE service (
  id        text COLLATE "C" PRIMARY KEY,
  name      text NOT NULL,
  position  integer NOT NULL,
  active    integer NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
