-- The register's mailed reminders and the devices' pairing codes, as SQLite's (hub/migrations/0024,
-- 0007). Their stores (hub/register/register-reminders.ts, hub/staff/device-pairing.ts) run on both
-- databases through hub/sql/central-sql.ts. `register_entry` and `device` stay on the hub's SQLite
-- for now: no foreign keys to them.

-- One row per reminder taken by the mail server: two working days before a due date ('before') and
-- on the day it is missed ('missed'); a restart repeats none.
CREATE TABLE register_reminder (
  entry_id  text COLLATE "C" NOT NULL,
  what      text COLLATE "C" NOT NULL,
  due_on    text COLLATE "C" NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('before', 'missed')),
  sent_at   bigint NOT NULL,
  PRIMARY KEY (entry_id, what, due_on, kind)
);

-- A device proves it was set up by staff with a short code shown on the admin page, once.
CREATE TABLE pairing_code (
  code_hash  bytea PRIMARY KEY,
  device_id  text COLLATE "C" NOT NULL,
  office_id  text COLLATE "C" NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('panel-driver', 'kiosk')),
  name       text NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at    bigint
);
