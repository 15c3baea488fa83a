-- Staff accounts, roles, server-side sessions, one-time setup links, device pairing codes, audit log.

CREATE TABLE staff_user (
  id                  INTEGER PRIMARY KEY,
  login               TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name        TEXT NOT NULL,
  -- argon2id PHC string; NULL until the user sets a password through the setup link.
  password_hash       TEXT,
  password_changed_at INTEGER,
  created_at          INTEGER NOT NULL,
  disabled_at         INTEGER
);

-- office_id '' for roles that cover every office; office-bound roles name their office.
CREATE TABLE staff_role (
  user_id    INTEGER NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'aho', 'cx', 'office-head', 'director', 'staff')),
  office_id  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, role, office_id)
);

-- The cookie carries a random id; only its sha256 is stored, so a copy of the database opens no session.
CREATE TABLE staff_session (
  id_hash      BLOB PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX staff_session_by_user ON staff_session (user_id);

CREATE TABLE setup_link (
  token_hash BLOB PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);

-- A device proves it was set up by staff with a short code shown on the admin page, once.
CREATE TABLE pairing_code (
  code_hash  BLOB PRIMARY KEY,
  device_id  TEXT NOT NULL,
  office_id  TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('panel-driver', 'kiosk')),
  name       TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);

-- Append-only: the application has no UPDATE or DELETE for it, and these triggers refuse both.
CREATE TABLE audit_log (
  seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  at     INTEGER NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT,
  ip     TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
