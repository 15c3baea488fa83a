-- The running tally of built surveys' answers (issue 20: results of 100,000 answers in under
-- 300 ms). Counts per version, office and channel, so any cut the results page offers (the region,
-- one office, one channel) is a sum over a few hundred rows instead of a parse of every answer.
-- Written in the transaction that stores an answer (hub/db/survey-tally-rows.ts), for versions
-- already counted; a version is counted from its stored answers the first time its results are
-- read (survey_tally_version names those), which also counts the answers stored before this file.
-- Derived data: deleting all four tables' rows loses nothing, the next read counts again.

CREATE TABLE survey_tally_version (
  survey_id  TEXT NOT NULL,
  version    INTEGER NOT NULL,
  PRIMARY KEY (survey_id, version)
) WITHOUT ROWID;

CREATE TABLE survey_tally_total (
  survey_id    TEXT NOT NULL,
  version      INTEGER NOT NULL,
  office_id    TEXT NOT NULL,
  channel      TEXT NOT NULL,
  respondents  INTEGER NOT NULL,
  complete     INTEGER NOT NULL,
  PRIMARY KEY (survey_id, version, office_id, channel)
) WITHOUT ROWID;

-- Per question: how many answered it and, for a scale, the sum of their numbers (the mean's numerator).
CREATE TABLE survey_tally_question (
  survey_id    TEXT NOT NULL,
  version      INTEGER NOT NULL,
  office_id    TEXT NOT NULL,
  channel      TEXT NOT NULL,
  question_id  TEXT NOT NULL,
  answered     INTEGER NOT NULL,
  total        REAL NOT NULL,
  PRIMARY KEY (survey_id, version, office_id, channel, question_id)
) WITHOUT ROWID;

-- Per value a question's answers take (shared/surveys/question-values.ts): how many chose it.
CREATE TABLE survey_tally_value (
  survey_id    TEXT NOT NULL,
  version      INTEGER NOT NULL,
  office_id    TEXT NOT NULL,
  channel      TEXT NOT NULL,
  question_id  TEXT NOT NULL,
  value        TEXT NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (survey_id, version, office_id, channel, question_id, value)
) WITHOUT ROWID;

-- The newest texts of a question are read straight from the answers, newest first, stopping at the
-- list's length: these indexes walk them in that order, for the region and for one office.
CREATE INDEX survey_answer_by_birth ON survey_answer (survey_id, version, born_at, id);
CREATE INDEX survey_answer_by_office_birth ON survey_answer (survey_id, version, office_id, born_at, id);
