-- The exit poll by staff (order No. 308, 2.2; issue 20, docs/surveys.md «Interviewer mode»).
-- Visitors' answers are ordinary survey_answer rows (channel 'interviewer', device 'interviewer');
-- these two tables hold what else the mode records.

-- Office hub: one row per «отказался отвечать» tap, born on the tablet with its UUIDv7 id. Counted
-- into the summary form; it does not travel on (the form carries the count). No login, no visitor.
CREATE TABLE interviewer_refusal (
  id           TEXT PRIMARY KEY,
  office_id    TEXT NOT NULL,
  survey_id    TEXT NOT NULL,
  version      INTEGER NOT NULL,
  born_at      INTEGER NOT NULL,
  received_at  INTEGER NOT NULL
);
CREATE INDEX interviewer_refusal_by_survey ON interviewer_refusal (survey_id, version, office_id, born_at);

-- Both roles: the summary forms (shared/records.ts `survey-summary`), stored once by id on the
-- office hub and forwarded to the central like any record. `body` is the record as sent, without
-- receivedAt; the other columns are what lists and filters read.
CREATE TABLE survey_summary (
  id           TEXT PRIMARY KEY,
  office_id    TEXT NOT NULL,
  born_at      INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  survey_id    TEXT NOT NULL,
  version      INTEGER NOT NULL,
  period_from  TEXT NOT NULL,
  period_to    TEXT NOT NULL,
  body         TEXT NOT NULL
);
CREATE INDEX survey_summary_by_survey ON survey_summary (survey_id, version, office_id);

-- The outbox's kind check gains 'survey-summary'; rebuilt as migration 0020 did, keeping every
-- queued row, its seq and the AUTOINCREMENT counter.
CREATE TABLE outbox_new (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('press', 'response', 'heartbeat', 'register-event', 'survey-answer', 'survey-summary')),
  record_id  TEXT NOT NULL
);
INSERT INTO outbox_new (seq, kind, record_id) SELECT seq, kind, record_id FROM outbox ORDER BY seq;
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
