-- The office directory, registered devices, and the records they send.
-- Times are epoch milliseconds UTC. Record tables keep typed columns for the reports and a hash
-- of the canonical body, so a resend is recognised (same hash) and a conflict is caught (other hash).

CREATE TABLE office (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('otdelenie', 'otdel')),
  address    TEXT NOT NULL,
  position   INTEGER NOT NULL,
  closed_at  INTEGER
);

CREATE TABLE device (
  id          TEXT PRIMARY KEY,
  office_id   TEXT NOT NULL REFERENCES office(id),
  kind        TEXT NOT NULL CHECK (kind IN ('panel-driver', 'kiosk')),
  name        TEXT NOT NULL,
  -- sha256 of the device's bearer token; the token itself is shown once and never stored.
  token_hash  BLOB NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);

CREATE TABLE press (
  id          TEXT PRIMARY KEY,
  office_id   TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  panel_id    TEXT NOT NULL,
  desk        TEXT,
  seq         INTEGER,
  button      TEXT NOT NULL,
  score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  suppressed  TEXT,
  born_at     INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body_hash   BLOB NOT NULL
);

CREATE TABLE response (
  id          TEXT PRIMARY KEY,
  office_id   TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  channel     TEXT NOT NULL,
  desk        TEXT,
  service_id  TEXT,
  csat1       INTEGER CHECK (csat1 BETWEEN 1 AND 5),
  csat2       INTEGER CHECK (csat2 BETWEEN 1 AND 5),
  csat3       INTEGER CHECK (csat3 BETWEEN 1 AND 5),
  ces         INTEGER CHECK (ces BETWEEN 1 AND 5),
  nps         INTEGER CHECK (nps BETWEEN 0 AND 10),
  comment     TEXT,
  complete    INTEGER NOT NULL CHECK (complete IN (0, 1)),
  born_at     INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body_hash   BLOB NOT NULL
);

-- Health reports; the body is kept whole because the board shows most of it.
CREATE TABLE heartbeat (
  id          TEXT PRIMARY KEY,
  office_id   TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  born_at     INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body        TEXT NOT NULL,
  body_hash   BLOB NOT NULL
);
CREATE INDEX heartbeat_by_device ON heartbeat (device_id, received_at);

-- A record whose id was already held with another body: kept for the admin, never applied.
CREATE TABLE dead_letter (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  body        TEXT NOT NULL,
  source      TEXT NOT NULL,
  received_at INTEGER NOT NULL
);

-- What an office hub still has to deliver to the central, in arrival order. A row is written in
-- the same transaction as the record it names and deleted only when the central acknowledges it.
CREATE TABLE outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('press', 'response', 'heartbeat')),
  record_id  TEXT NOT NULL
);
