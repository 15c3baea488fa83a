-- The register of appeals (issue 18, docs/register.md). One schema for both roles, as in 0003:
-- an office hub keeps the events typed there and queues them for the central; the central keeps
-- every office's. Times are epoch milliseconds UTC; days are YYYY-MM-DD (Moscow calendar days).

-- Every register event as it was typed (shared/register.ts), stored by id and never changed:
-- `body` is the event in canonical form without receivedAt, so a resend compares equal. The
-- author's personal data is inside the `opened` event's body and nowhere else.
CREATE TABLE register_event (
  id           TEXT PRIMARY KEY,
  entry_id     TEXT NOT NULL,
  office_id    TEXT NOT NULL,
  step         TEXT NOT NULL,
  born_at      INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  body         TEXT NOT NULL
);
CREATE INDEX register_event_by_entry ON register_event (entry_id, born_at, id);

-- The entry as the register shows it: the fold of its events (shared/register-fold.ts), rebuilt
-- in the transaction that stores any of its events. An entry whose `opened` event has not arrived
-- has no row here yet; its other events wait in register_event. No personal data in this table.
CREATE TABLE register_entry (
  id           TEXT PRIMARY KEY,
  office_id    TEXT NOT NULL,
  channel      TEXT NOT NULL,
  received_on  TEXT NOT NULL,
  tone         TEXT NOT NULL,
  status       TEXT NOT NULL,
  -- the open due date and the day its reminder falls on; NULL when nothing is due
  due_on       TEXT,
  remind_on    TEXT,
  born_at      INTEGER NOT NULL,
  -- the folded entry (JSON, without the author) that lists and the entry page read
  view         TEXT NOT NULL
);
CREATE INDEX register_entry_by_received ON register_entry (received_on, id);
CREATE INDEX register_entry_by_office ON register_entry (office_id, received_on);
CREATE INDEX register_entry_by_due ON register_entry (due_on) WHERE due_on IS NOT NULL;

-- The outbox takes register events too. SQLite cannot alter a CHECK, so the table is rebuilt with
-- its rows and their seq (the sender's order) kept.
CREATE TABLE outbox_new (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('press', 'response', 'heartbeat', 'register-event')),
  record_id  TEXT NOT NULL
);
INSERT INTO outbox_new (seq, kind, record_id) SELECT seq, kind, record_id FROM outbox ORDER BY seq;
-- AUTOINCREMENT's high-water mark too, so a seq once handed out is never handed out again.
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

-- The new role «сектор информационного сопровождения» (issue 18), rebuilt the same way.
CREATE TABLE staff_role_new (
  user_id    INTEGER NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'aho', 'cx', 'office-head', 'director', 'staff', 'info')),
  office_id  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, role, office_id)
);
INSERT INTO staff_role_new (user_id, role, office_id) SELECT user_id, role, office_id FROM staff_role;
DROP TABLE staff_role;
ALTER TABLE staff_role_new RENAME TO staff_role;
