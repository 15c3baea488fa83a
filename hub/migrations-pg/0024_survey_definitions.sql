-- The definitions of built surveys (issue 20, docs/surveys.md), as SQLite's (hub/migrations/0020,
-- 0021). Their stores (hub/surveys/survey-store.ts, hub/db/survey-versions.ts,
-- hub/surveys/staff-links.ts) run on both databases through hub/sql/central-sql.ts; the versions and
-- offers are read from memory (ctx.surveyVersions). The answers (survey_answer, survey_summary,
-- survey_tally_*) stay on the hub's SQLite: they are written inside the synchronous transaction of
-- the record ingest (hub/db/record-rows.ts, hub/db/survey-tally-rows.ts).

-- Central: a survey being built; `draft` is the definition as last saved (JSON).
CREATE TABLE survey (
  id                text COLLATE "C" PRIMARY KEY,
  draft             text NOT NULL,
  created_at        bigint NOT NULL,
  created_by        text NOT NULL,
  draft_changed_at  bigint NOT NULL,
  draft_changed_by  text NOT NULL
);

-- Both roles: frozen versions, never updated or deleted (answers name them).
CREATE TABLE survey_version (
  survey_id     text COLLATE "C" NOT NULL,
  version       bigint NOT NULL CHECK (version >= 1),
  published_at  bigint NOT NULL,
  definition    text NOT NULL,
  PRIMARY KEY (survey_id, version)
);

-- Office hub: the version of each survey on offer here, as the last applied revision said.
CREATE TABLE survey_offer (
  survey_id  text COLLATE "C" PRIMARY KEY,
  version    bigint NOT NULL,
  FOREIGN KEY (survey_id, version) REFERENCES survey_version (survey_id, version)
);

-- Central: the staff survey's one-time links, by the token's sha256; no user, no time, no answer id.
CREATE TABLE staff_survey_link (
  token_hash  bytea PRIMARY KEY,
  survey_id   text COLLATE "C" NOT NULL,
  office_id   text COLLATE "C" NOT NULL,
  spent       bigint NOT NULL DEFAULT 0 CHECK (spent IN (0, 1))
);
CREATE INDEX staff_survey_link_by_survey ON staff_survey_link (survey_id, office_id);
