-- Issue 19: the client's pain map (seed 001 §4.5–4.6, appendix «Карта болей клиента») and the
-- corrective measures that answer each pain. Kept on the central, where the CX sector analyses the
-- quarter; an office head reads and updates the measures of their own office there.
--
-- A pain: a problem or unmet need found in a process (a service or life situation), in an office
-- or region-wide (office_id NULL), in the quarter it was found.
CREATE TABLE pain (
  id           TEXT PRIMARY KEY,
  quarter      TEXT NOT NULL,                -- '2026-Q4'
  process      TEXT NOT NULL,
  office_id    TEXT,                         -- NULL: the whole region
  title        TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  priority     TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
  topic_id     TEXT,                         -- a topic of shared/topics, when the pain is one
  status       TEXT NOT NULL CHECK (status IN ('open', 'in-work', 'resolved', 'dropped')),
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX pain_by_quarter ON pain (quarter, office_id);

-- Where a pain was found: a client comment (a response id), a figure (its words and period), or
-- a register entry when the register lands. Evidence is added and never edited.
CREATE TABLE pain_evidence (
  id        INTEGER PRIMARY KEY,
  pain_id   TEXT NOT NULL REFERENCES pain (id),
  kind      TEXT NOT NULL CHECK (kind IN ('comment', 'figure', 'register-entry', 'note')),
  ref       TEXT,                            -- response id, register entry id; NULL for a figure or a note
  text      TEXT NOT NULL,                   -- the comment's words or the figure as people read it
  added_by  TEXT NOT NULL,
  added_at  INTEGER NOT NULL
);
CREATE INDEX pain_evidence_by_pain ON pain_evidence (pain_id);

-- A corrective measure for a pain, with its owner and deadline; `target` names the figure that
-- should move (for «did it work»), judged in the office concerned (office_id) or the region.
CREATE TABLE measure (
  id           TEXT PRIMARY KEY,
  pain_id      TEXT NOT NULL REFERENCES pain (id),
  office_id    TEXT,
  text         TEXT NOT NULL,
  owner        TEXT NOT NULL,
  due_on       TEXT NOT NULL,                -- YYYY-MM-DD, Moscow
  started_on   TEXT NOT NULL,                -- YYYY-MM-DD: the «before» period ends here
  status       TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'done', 'cancelled')),
  done_on      TEXT,                         -- YYYY-MM-DD: the «after» period starts here
  target       TEXT NOT NULL CHECK (target IN ('panel', 'csat', 'nps', 'ces', 'negative')),
  review       TEXT,                         -- the director's review
  reviewed_by  TEXT,
  reviewed_at  INTEGER,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX measure_by_pain ON measure (pain_id);
CREATE INDEX measure_by_office ON measure (office_id, status);
