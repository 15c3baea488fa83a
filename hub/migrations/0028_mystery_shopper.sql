-- The mystery shopper («Тайный клиент», order No. 308 item 2.3; docs/mystery-shopper.md). Kept on
-- the central, where the CX sector works; office hubs hold these tables empty. Times are epoch
-- milliseconds UTC; days YYYY-MM-DD (Moscow calendar days).

-- A checklist template («анкета / опросный лист») in one version. Editing a version no visit uses
-- changes it in place; editing a used one adds the next version of the same family (family_id is
-- the first version's id), so a visit keeps the criteria it was scored against.
CREATE TABLE ms_template (
  id           TEXT PRIMARY KEY,
  family_id    TEXT NOT NULL,
  version      INTEGER NOT NULL CHECK (version >= 1),
  name         TEXT NOT NULL,
  goals        TEXT NOT NULL DEFAULT '',
  scenario     TEXT NOT NULL,
  -- JSON [{ "id", "text", "group", "weight" }]; a criterion keeps its id across versions when edited in place
  criteria     TEXT NOT NULL,
  -- the content as compared for a resend (canonical JSON without the criteria's ids)
  content_key  TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  UNIQUE (family_id, version)
);

-- A visit of the «тайный» client to an office, scored against one template version.
CREATE TABLE ms_visit (
  id                 TEXT PRIMARY KEY,           -- UUIDv7 born in the form
  template_id        TEXT NOT NULL REFERENCES ms_template (id),
  office_id          TEXT NOT NULL,
  visited_on         TEXT NOT NULL,
  visited_time       TEXT,                       -- HH:MM, Moscow, when known
  scenario           TEXT NOT NULL,              -- the scenario actually played
  shopper            TEXT NOT NULL,              -- the pseudonym: never shown to the office
  marks              TEXT NOT NULL,              -- JSON [{ "criterionId", "mark", "note" }]
  notes              TEXT NOT NULL DEFAULT '',
  conclusions        TEXT NOT NULL,
  proposals          TEXT NOT NULL DEFAULT '',
  score              REAL NOT NULL CHECK (score >= 0 AND score <= 100),
  body               TEXT NOT NULL,              -- the form's content, canonical, for resends
  revision           INTEGER NOT NULL DEFAULT 1,
  register_entry_id  TEXT,                       -- the register entry the first save opened
  created_by         TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_by         TEXT NOT NULL,
  updated_at         INTEGER NOT NULL,
  approved_by        TEXT,
  approved_at        INTEGER,
  CHECK ((approved_at IS NULL) = (approved_by IS NULL))
);
CREATE INDEX ms_visit_by_day ON ms_visit (visited_on, office_id);
CREATE INDEX ms_visit_by_template ON ms_visit (template_id);

-- Photos and documents of a visit, in the database itself, so a backup (and the later move to
-- PostgreSQL) keeps them with the visit. `type` is what the bytes are (their magic), not the name.
CREATE TABLE ms_attachment (
  id         TEXT PRIMARY KEY,
  visit_id   TEXT NOT NULL REFERENCES ms_visit (id),
  name       TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size       INTEGER NOT NULL CHECK (size > 0),
  sha256     TEXT NOT NULL,
  added_by   TEXT NOT NULL,
  added_at   INTEGER NOT NULL
);
CREATE INDEX ms_attachment_by_visit ON ms_attachment (visit_id);
-- The bytes apart, so listing a visit's files never reads them.
CREATE TABLE ms_attachment_data (
  attachment_id  TEXT PRIMARY KEY REFERENCES ms_attachment (id) ON DELETE CASCADE,
  data           BLOB NOT NULL
);

-- What the routes check first, the database holds too: a template version a visit uses is frozen,
-- and an approved visit and its files no longer change.
CREATE TRIGGER ms_template_frozen BEFORE UPDATE ON ms_template
  WHEN EXISTS (SELECT 1 FROM ms_visit WHERE template_id = OLD.id)
  BEGIN SELECT RAISE(ABORT, 'ms_template: version in use is frozen'); END;
CREATE TRIGGER ms_visit_approved BEFORE UPDATE ON ms_visit
  WHEN OLD.approved_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'ms_visit: approved visit is frozen'); END;
CREATE TRIGGER ms_visit_no_delete BEFORE DELETE ON ms_visit
  BEGIN SELECT RAISE(ABORT, 'ms_visit: visits are not deleted'); END;
CREATE TRIGGER ms_attachment_add_approved BEFORE INSERT ON ms_attachment
  WHEN (SELECT approved_at FROM ms_visit WHERE id = NEW.visit_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'ms_attachment: visit approved'); END;
CREATE TRIGGER ms_attachment_delete_approved BEFORE DELETE ON ms_attachment
  WHEN (SELECT approved_at FROM ms_visit WHERE id = OLD.visit_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'ms_attachment: visit approved'); END;
