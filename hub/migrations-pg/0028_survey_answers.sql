-- Built surveys' answers, the exit poll's summary forms and the results page's running tally
-- (issue 20), as SQLite's hub/migrations/0020, 0025 and 0029 make them. Read through CentralSql
-- (hub/surveys/tally-store.ts, survey-results.ts, staff-groups.ts, hub/interviewer/office-summary.ts);
-- written inside the receive transaction by each database's own statements from the same records
-- (SQLite: hub/db/record-rows.ts and survey-tally-rows.ts; PostgreSQL:
-- hub/central-pg/survey-records-pg.ts). Ids are text: rows are copied from SQLite verbatim.
-- Text keys are COLLATE "C" so lists come out in SQLite's (byte) order.

-- Answers, one row per record; `answers` the record's answers object as JSON, byte for byte.
CREATE TABLE survey_answer (
  id           text COLLATE "C" PRIMARY KEY,
  office_id    text COLLATE "C" NOT NULL,
  device_id    text NOT NULL,
  born_at      bigint NOT NULL,
  received_at  bigint NOT NULL,
  survey_id    text COLLATE "C" NOT NULL,
  version      bigint NOT NULL,
  channel      text COLLATE "C" NOT NULL,
  complete     bigint NOT NULL CHECK (complete IN (0, 1)),
  answers      text NOT NULL
);
CREATE INDEX survey_answer_by_version ON survey_answer (survey_id, version, office_id);
-- The newest texts of a question, newest first, for the region and for one office.
CREATE INDEX survey_answer_by_birth ON survey_answer (survey_id, version, born_at, id);
CREATE INDEX survey_answer_by_office_birth ON survey_answer (survey_id, version, office_id, born_at, id);

-- The exit poll's summary forms; `body` the record as sent, without receivedAt.
CREATE TABLE survey_summary (
  id           text COLLATE "C" PRIMARY KEY,
  office_id    text COLLATE "C" NOT NULL,
  born_at      bigint NOT NULL,
  received_at  bigint NOT NULL,
  survey_id    text COLLATE "C" NOT NULL,
  version      bigint NOT NULL,
  period_from  text NOT NULL,
  period_to    text NOT NULL,
  body         text NOT NULL
);
CREATE INDEX survey_summary_by_survey ON survey_summary (survey_id, version, office_id);

-- The running tally: derived data, counted from the answers the first time a version's results
-- are read (survey_tally_version names the versions counted) and kept up by every answer stored after.
CREATE TABLE survey_tally_version (
  survey_id  text COLLATE "C" NOT NULL,
  version    bigint NOT NULL,
  PRIMARY KEY (survey_id, version)
);

CREATE TABLE survey_tally_total (
  survey_id    text COLLATE "C" NOT NULL,
  version      bigint NOT NULL,
  office_id    text COLLATE "C" NOT NULL,
  channel      text COLLATE "C" NOT NULL,
  respondents  bigint NOT NULL,
  complete     bigint NOT NULL,
  PRIMARY KEY (survey_id, version, office_id, channel)
);

CREATE TABLE survey_tally_question (
  survey_id    text COLLATE "C" NOT NULL,
  version      bigint NOT NULL,
  office_id    text COLLATE "C" NOT NULL,
  channel      text COLLATE "C" NOT NULL,
  question_id  text COLLATE "C" NOT NULL,
  answered     bigint NOT NULL,
  total        double precision NOT NULL,
  PRIMARY KEY (survey_id, version, office_id, channel, question_id)
);

CREATE TABLE survey_tally_value (
  survey_id    text COLLATE "C" NOT NULL,
  version      bigint NOT NULL,
  office_id    text COLLATE "C" NOT NULL,
  channel      text COLLATE "C" NOT NULL,
  question_id  text COLLATE "C" NOT NULL,
  value        text COLLATE "C" NOT NULL,
  n            bigint NOT NULL,
  PRIMARY KEY (survey_id, version, office_id, channel, question_id, value)
);
