-- Settings that staff change at run time (not deployment settings, which stay in hub.env): one
-- JSON value per key, with who changed it last. The first is the CX sector's low-score alert rules.
CREATE TABLE setting (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) WITHOUT ROWID;
