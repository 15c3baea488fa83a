-- Central: the 59-ФЗ reminders of the register that were e-mailed (hub/register/register-reminders.ts).
-- One row per reminder taken by the mail server: two working days before a due date ('before') and
-- on the day it is missed ('missed'). A due date moved by an extension is another date and gets its
-- own reminders; a restart repeats none.
CREATE TABLE register_reminder (
  entry_id  TEXT NOT NULL,
  what      TEXT NOT NULL,
  due_on    TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('before', 'missed')),
  sent_at   INTEGER NOT NULL,
  PRIMARY KEY (entry_id, what, due_on, kind)
);
