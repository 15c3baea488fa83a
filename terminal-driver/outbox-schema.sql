-- The driver's own outbox (<DATA_DIR>/driver.sqlite), schema version 1 (PRAGMA user_version).
-- Only the driver opens this file. A later version adds outbox-schema-2.sql and bumps user_version.
-- Times are epoch milliseconds UTC.

-- Every press the driver has accepted, in arrival order (n). `body` is the record exactly as it is
-- sent to the hub, so a resend is byte-for-byte the same and the hub sees a duplicate, not a conflict.
CREATE TABLE press (
  n          INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  panel_id   TEXT NOT NULL,
  -- Framed panels number their presses; `epoch` starts again when a panel's counter is seen to go back.
  epoch      INTEGER NOT NULL,
  panel_seq  INTEGER,
  button     TEXT NOT NULL,
  born_at    INTEGER NOT NULL,
  counted    INTEGER NOT NULL CHECK (counted IN (0, 1)),
  body       TEXT NOT NULL,
  -- pending: not yet acknowledged by the hub; delivered: acknowledged by id; dead: refused by the hub (see dead_letter).
  state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  settled_at INTEGER
);
CREATE INDEX press_pending ON press (n) WHERE state = 'pending';
-- A resent press (same panel, epoch and seq) is recognised here and acknowledged again, never stored twice.
CREATE UNIQUE INDEX press_panel_seq ON press (panel_id, epoch, panel_seq) WHERE panel_seq IS NOT NULL;
CREATE INDEX press_counted ON press (panel_id, born_at) WHERE counted = 1;
CREATE INDEX press_by_panel ON press (panel_id, born_at);
CREATE INDEX press_settled ON press (settled_at) WHERE state = 'delivered';

CREATE TABLE panel_epoch (
  panel_id   TEXT PRIMARY KEY,
  epoch      INTEGER NOT NULL,
  started_at INTEGER NOT NULL
);

-- Presses the hub refused by id (400 naming them): kept for the admin, no longer sent.
CREATE TABLE dead_letter (
  record_id  TEXT PRIMARY KEY,
  reason     TEXT NOT NULL,
  at         INTEGER NOT NULL
);

-- Presses of an acknowledging panel that could not become records (a button missing from the map):
-- kept so the ACK the panel gets is honest and the press can be recovered once the map is fixed.
CREATE TABLE refused_press (
  n          INTEGER PRIMARY KEY,
  panel_id   TEXT NOT NULL,
  panel_seq  INTEGER,
  button     TEXT NOT NULL,
  reason     TEXT NOT NULL,
  at         INTEGER NOT NULL
);
