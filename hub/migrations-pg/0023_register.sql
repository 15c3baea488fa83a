-- The register of appeals (issue 18, docs/register.md), as SQLite's (hub/migrations/0019, 0027,
-- 0031). Its store (hub/db/register-rows.ts, hub/register/) runs on both databases through
-- hub/sql/central-sql.ts. Times are epoch milliseconds UTC; days are YYYY-MM-DD (Moscow days).
-- Ids and days compare byte by byte (COLLATE "C"), as SQLite's text does, so the list's order is
-- the same on both.

-- Every register event as it was typed, stored by id and never changed; the author's personal
-- data is inside the `opened` event's body and nowhere else.
CREATE TABLE register_event (
  id           text COLLATE "C" PRIMARY KEY,
  entry_id     text COLLATE "C" NOT NULL,
  office_id    text COLLATE "C" NOT NULL,
  step         text NOT NULL,
  born_at      bigint NOT NULL,
  received_at  bigint NOT NULL,
  body         text NOT NULL
);
CREATE INDEX register_event_by_entry ON register_event (entry_id, born_at, id);

-- The entry as the register shows it: the fold of its events, rebuilt in the transaction that
-- stores any of them. No personal data in this table. `words` is what the search looks in (the
-- summary, the measures and the answer, lower case, ё as е, written by the store): a plain LIKE,
-- no FTS; `taken_from` the answer or alert an entry «в работе» was made from.
CREATE TABLE register_entry (
  id           text COLLATE "C" PRIMARY KEY,
  office_id    text COLLATE "C" NOT NULL,
  channel      text COLLATE "C" NOT NULL,
  received_on  text COLLATE "C" NOT NULL,
  tone         text COLLATE "C" NOT NULL,
  status       text COLLATE "C" NOT NULL,
  due_on       text COLLATE "C",
  remind_on    text COLLATE "C",
  born_at      bigint NOT NULL,
  view         text NOT NULL,
  words        text NOT NULL DEFAULT '',
  taken_from   text COLLATE "C"
);
CREATE INDEX register_entry_by_received ON register_entry (received_on, id);
CREATE INDEX register_entry_by_office ON register_entry (office_id, received_on);
CREATE INDEX register_entry_by_due ON register_entry (due_on) WHERE due_on IS NOT NULL;
CREATE INDEX register_entry_by_order ON register_entry (received_on DESC, born_at DESC, id DESC);
CREATE INDEX register_entry_by_taken_from ON register_entry (taken_from) WHERE taken_from IS NOT NULL;
