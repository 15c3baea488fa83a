-- Surveys the CX sector builds (issue 20, docs/surveys.md). One schema for both roles: the
-- central keeps drafts (survey) and every published version; an office hub keeps the versions the
-- regional configuration brought it and which one of each survey is on offer; both keep answers.

-- Central: a survey being built. `draft` is the definition as last saved (JSON, shared
-- surveys/definition.ts); publishing freezes it as the next row of survey_version.
CREATE TABLE survey (
  id                TEXT PRIMARY KEY,
  draft             TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  created_by        TEXT NOT NULL,
  draft_changed_at  INTEGER NOT NULL,
  draft_changed_by  TEXT NOT NULL
);

-- Both: frozen versions, never updated or deleted (answers name them). On an office hub written
-- by the regional configuration's apply.
CREATE TABLE survey_version (
  survey_id     TEXT NOT NULL,
  version       INTEGER NOT NULL CHECK (version >= 1),
  published_at  INTEGER NOT NULL,
  definition    TEXT NOT NULL,
  PRIMARY KEY (survey_id, version)
) WITHOUT ROWID;

-- Office hub: the version of each survey on offer here, as the last applied revision said.
CREATE TABLE survey_offer (
  survey_id  TEXT PRIMARY KEY,
  version    INTEGER NOT NULL,
  FOREIGN KEY (survey_id, version) REFERENCES survey_version (survey_id, version)
);

-- Both: answers, one row per record (shared/records.ts surveyAnswerSchema). `answers` is the
-- record's answers object as JSON; results read it with json_each, one version at a time.
CREATE TABLE survey_answer (
  id           TEXT PRIMARY KEY,
  office_id    TEXT NOT NULL,
  device_id    TEXT NOT NULL,
  born_at      INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  survey_id    TEXT NOT NULL,
  version      INTEGER NOT NULL,
  channel      TEXT NOT NULL,
  complete     INTEGER NOT NULL CHECK (complete IN (0, 1)),
  answers      TEXT NOT NULL
);
CREATE INDEX survey_answer_by_version ON survey_answer (survey_id, version, office_id);

-- The outbox's kind check names the record kinds; SQLite cannot alter a CHECK, so the table is
-- rebuilt with the new kind, keeping every queued row, its seq and the AUTOINCREMENT counter (so
-- no seq is ever handed out twice, even when the outbox was empty).
CREATE TABLE outbox_new (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('press', 'response', 'heartbeat', 'register-event', 'survey-answer')),
  record_id  TEXT NOT NULL
);
INSERT INTO outbox_new (seq, kind, record_id) SELECT seq, kind, record_id FROM outbox ORDER BY seq;
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
