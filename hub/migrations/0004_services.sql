-- The services a client can say the survey was about («о какой услуге отзыв»). The CX sector edits
-- the list; a service taken off it is kept inactive, not deleted, because stored responses name it
-- by id and the reports still need its name.
CREATE TABLE service (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  position  INTEGER NOT NULL,
  active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
