-- Office hub: the regional settings refused (hub/board/config-alert-mail.ts). A row is "refused"
-- mailed to АХО and "taken again" not yet mailed, so a restart (an update of the program, the
-- usual cure) neither repeats the alert nor forgets the all-clear.
CREATE TABLE config_alert_notice (
  alert_key  TEXT PRIMARY KEY,
  message    TEXT NOT NULL,
  alerted_at INTEGER NOT NULL
);
