-- The АХО health board: link states and disconnect history derived from heartbeats, the panels
-- each office has, and the indexes the board's "last press" and "today" figures read through.
-- Keys carry office_id because the central holds every office's devices and panels.

-- Whether the hub currently holds a device (panel_id = '') or one of its panels as on line, and
-- since when. Written only on a transition, so a steady heartbeat costs no write here.
CREATE TABLE device_link (
  office_id    TEXT NOT NULL,
  device_id    TEXT NOT NULL,
  panel_id     TEXT NOT NULL DEFAULT '',
  online       INTEGER NOT NULL CHECK (online IN (0, 1)),
  since        INTEGER NOT NULL,
  -- The driver's own counter of panel disconnects at the last transition check: a rise between two
  -- heartbeats that both say "online" is a short drop the heartbeats did not see.
  disconnects  INTEGER,
  PRIMARY KEY (office_id, device_id, panel_id)
) WITHOUT ROWID;

-- Disconnect history, newest by seq; pruned to the last 100 events per device by the hub.
CREATE TABLE device_event (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  office_id  TEXT NOT NULL,
  device_id  TEXT NOT NULL,
  panel_id   TEXT NOT NULL DEFAULT '',
  kind       TEXT NOT NULL CHECK (kind IN ('online', 'offline', 'reconnect')),
  at         INTEGER NOT NULL,
  -- Why: 'first' (first contact), 'gap' (heartbeats stopped, seen when they resumed),
  -- 'silence' (heartbeats stopped, seen by the hub's sweep), 'reported' (the driver said so),
  -- 'blip:<n>' (n short drops between two heartbeats).
  cause      TEXT NOT NULL
);
CREATE INDEX device_event_by_device ON device_event (office_id, device_id, seq);

-- Every panel the office has: from heartbeats and from presses. device_id is the driver that last
-- reported it (a panel can be re-cabled to another computer).
CREATE TABLE device_panel (
  office_id      TEXT NOT NULL,
  panel_id       TEXT NOT NULL,
  device_id      TEXT NOT NULL,
  first_seen_at  INTEGER NOT NULL,
  PRIMARY KEY (office_id, panel_id)
) WITHOUT ROWID;

INSERT INTO device_panel (office_id, panel_id, device_id, first_seen_at)
  SELECT office_id, panel_id, device_id, min(received_at) FROM press GROUP BY office_id, panel_id;

-- Last press of a panel (max born_at) and its presses since Moscow midnight: both index range reads.
CREATE INDEX press_by_panel ON press (office_id, panel_id, born_at);
-- Last response and responses today of a kiosk.
CREATE INDEX response_by_device ON response (office_id, device_id, born_at);
