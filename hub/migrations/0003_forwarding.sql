-- Store-and-forward from office hubs to the central (docs/forwarding.md). One schema for both
-- roles: the central uses office_key, hub_request_seen and office_sync; an office hub uses
-- forward_state and forward_dead_letter. Times are epoch milliseconds UTC.

-- Central: the keys office hubs sign their requests with. The secret is kept as issued, not
-- hashed, because HMAC verification needs it; the file's permissions protect it (the same file
-- holds every client's feedback, which is the more sensitive part). See docs/forwarding.md.
CREATE TABLE office_key (
  key_id      TEXT PRIMARY KEY,
  office_id   TEXT NOT NULL REFERENCES office(id),
  secret      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX office_key_by_office ON office_key (office_id);

-- Central: signatures already accepted, kept until their timestamp leaves the ±300 s window.
-- On disk rather than in memory so a request captured before a restart of the central cannot be
-- replayed after it.
CREATE TABLE hub_request_seen (
  signature   TEXT PRIMARY KEY,
  expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX hub_request_seen_by_expiry ON hub_request_seen (expires_at);

-- Central: what each office hub last said. Written in the same transaction as the batch it describes.
CREATE TABLE office_sync (
  office_id           TEXT PRIMARY KEY REFERENCES office(id),
  last_sync_at        INTEGER NOT NULL,
  -- now − the oldest receivedAt of the last batch with records; 0 after an empty (status-only) batch
  lag_ms              INTEGER NOT NULL,
  records_received    INTEGER NOT NULL DEFAULT 0,
  batches_received    INTEGER NOT NULL DEFAULT 0,
  -- the office's own count of records still to send after this batch, and the oldest one's receivedAt
  backlog_reported    INTEGER NOT NULL DEFAULT 0,
  backlog_oldest_at   INTEGER,
  key_id              TEXT NOT NULL
);

-- Office hub: one row, the sender's last success and last failure, so /health and the АХО board
-- read them from the database and a restart does not forget them.
CREATE TABLE forward_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  last_sync_at     INTEGER,
  -- a short code (unreachable, http-503, not-an-ack …) and a sentence for a person
  last_error_code  TEXT,
  last_error       TEXT,
  last_error_at    INTEGER
);
INSERT INTO forward_state (id) VALUES (1);

-- Office hub: records the central would not take (same id, other body; or refused as invalid),
-- moved out of the outbox so the rest keeps flowing, shown to the admin, never deleted by the program.
CREATE TABLE forward_dead_letter (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  reason       TEXT NOT NULL CHECK (reason IN ('conflict', 'invalid', 'missing')),
  detail       TEXT NOT NULL,
  body         TEXT NOT NULL,
  moved_at     INTEGER NOT NULL,
  requeued_at  INTEGER
);
