-- The mystery shopper, as SQLite's (hub/migrations/0028): templates, visits, their files and the
-- files' bytes (bytea). Its stores (hub/mystery-shopper/*-store.ts) run on both databases through
-- hub/sql/central-sql.ts. The ids, days and times are compared byte by byte (COLLATE "C"), as
-- SQLite's BINARY does, so the lists come in the same order whatever the cluster's locale.
-- The visit's register entry (register_entry_id) stays a plain id: the register is not here yet.

CREATE TABLE ms_template (
  id           text COLLATE "C" PRIMARY KEY,
  family_id    text COLLATE "C" NOT NULL,
  version      integer NOT NULL CHECK (version >= 1),
  name         text NOT NULL,
  goals        text NOT NULL DEFAULT '',
  scenario     text NOT NULL,
  criteria     text NOT NULL,
  content_key  text NOT NULL,
  created_by   text NOT NULL,
  created_at   bigint NOT NULL,
  updated_at   bigint NOT NULL,
  UNIQUE (family_id, version)
);

CREATE TABLE ms_visit (
  id                 text COLLATE "C" PRIMARY KEY,
  template_id        text COLLATE "C" NOT NULL REFERENCES ms_template (id),
  office_id          text COLLATE "C" NOT NULL,
  visited_on         text COLLATE "C" NOT NULL,
  visited_time       text COLLATE "C",
  scenario           text NOT NULL,
  shopper            text NOT NULL,
  marks              text NOT NULL,
  notes              text NOT NULL DEFAULT '',
  conclusions        text NOT NULL,
  proposals          text NOT NULL DEFAULT '',
  score              double precision NOT NULL CHECK (score >= 0 AND score <= 100),
  body               text NOT NULL,
  revision           integer NOT NULL DEFAULT 1,
  register_entry_id  text,
  created_by         text NOT NULL,
  created_at         bigint NOT NULL,
  updated_by         text NOT NULL,
  updated_at         bigint NOT NULL,
  approved_by        text,
  approved_at        bigint,
  CHECK ((approved_at IS NULL) = (approved_by IS NULL))
);
CREATE INDEX ms_visit_by_day ON ms_visit (visited_on, office_id);
CREATE INDEX ms_visit_by_template ON ms_visit (template_id);

CREATE TABLE ms_attachment (
  id         text COLLATE "C" PRIMARY KEY,
  visit_id   text COLLATE "C" NOT NULL REFERENCES ms_visit (id),
  name       text NOT NULL,
  type       text NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size       bigint NOT NULL CHECK (size > 0),
  sha256     text NOT NULL,
  added_by   text NOT NULL,
  added_at   bigint NOT NULL
);
CREATE INDEX ms_attachment_by_visit ON ms_attachment (visit_id);
CREATE TABLE ms_attachment_data (
  attachment_id  text COLLATE "C" PRIMARY KEY REFERENCES ms_attachment (id) ON DELETE CASCADE,
  data           bytea NOT NULL
);

-- The same refusals as SQLite's triggers, with the same texts. The copy of the central's tables
-- from SQLite (hub/sql/copy-tables.ts), which replaces every row, approved visits and their files
-- included, runs as the owner and disables these triggers inside its own transaction
-- (ALTER TABLE … DISABLE TRIGGER USER, transactional): the running role, not the owner, cannot.
CREATE FUNCTION ms_template_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM ms_visit WHERE template_id = OLD.id) THEN
    RAISE EXCEPTION 'ms_template: version in use is frozen';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ms_template_frozen BEFORE UPDATE ON ms_template FOR EACH ROW EXECUTE FUNCTION ms_template_frozen();

CREATE FUNCTION ms_visit_approved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.approved_at IS NOT NULL THEN
    RAISE EXCEPTION 'ms_visit: approved visit is frozen';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ms_visit_approved BEFORE UPDATE ON ms_visit FOR EACH ROW EXECUTE FUNCTION ms_visit_approved();

CREATE FUNCTION ms_visit_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ms_visit: visits are not deleted';
END
$$;
CREATE TRIGGER ms_visit_no_delete BEFORE DELETE ON ms_visit FOR EACH ROW EXECUTE FUNCTION ms_visit_no_delete();

CREATE FUNCTION ms_attachment_approved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  visit text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    visit := OLD.visit_id;
  ELSE
    visit := NEW.visit_id;
  END IF;
  IF (SELECT approved_at FROM ms_visit WHERE id = visit) IS NOT NULL THEN
    RAISE EXCEPTION 'ms_attachment: visit approved';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ms_attachment_add_approved BEFORE INSERT ON ms_attachment FOR EACH ROW EXECUTE FUNCTION ms_attachment_approved();
CREATE TRIGGER ms_attachment_delete_approved BEFORE DELETE ON ms_attachment FOR EACH ROW EXECUTE FUNCTION ms_attachment_approved();
