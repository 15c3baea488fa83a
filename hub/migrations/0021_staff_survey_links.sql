-- Central: the one-time links of a staff survey (issue 20, docs/surveys.md «Опрос сотрудников»).
-- Anonymous by construction: a row holds the link's hash, its survey, the office it was printed
-- for and whether it was spent; no user, no time, no answer id. WITHOUT ROWID, keyed by the hash:
-- rows sit in hash order, so neither the order of printing nor the order of spending is kept.
CREATE TABLE staff_survey_link (
  token_hash  BLOB PRIMARY KEY,
  survey_id   TEXT NOT NULL,
  office_id   TEXT NOT NULL,
  spent       INTEGER NOT NULL DEFAULT 0 CHECK (spent IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX staff_survey_link_by_survey ON staff_survey_link (survey_id, office_id);
