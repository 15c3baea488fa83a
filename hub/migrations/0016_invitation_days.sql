-- Invitations issued per Moscow day and channel, carried from the office hubs to the central
-- (issue 14): an office hub issues and counts invitations, phones answer at the central, and the
-- central's response rate needs both halves. One schema for both roles, as in 0003.
--
-- Office hub: invitation_day counts its own invitations, kept by a trigger in the transaction of
-- each invitation (invitations are never updated or deleted, so AFTER INSERT is the whole
-- maintenance). `forwarded` is the count the central last acknowledged; a row where it differs
-- from `issued` goes with the next forwarded batch (hub/forward/issued-days.ts). The day number is
-- press_day's: (issued_at + 10800000) / 86400000, the fixed UTC+3 arithmetic of shared/periods.ts.
CREATE TABLE invitation_day (
  day        INTEGER NOT NULL,
  channel    TEXT NOT NULL CHECK (channel IN ('visit-qr', 'email-link')),
  issued     INTEGER NOT NULL,
  forwarded  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, channel)
) WITHOUT ROWID;
CREATE INDEX invitation_day_unforwarded ON invitation_day (day, channel) WHERE issued <> forwarded;

CREATE TRIGGER invitation_day_count AFTER INSERT ON invitation BEGIN
  INSERT INTO invitation_day (day, channel, issued) VALUES ((NEW.issued_at + 10800000) / 86400000, NEW.channel, 1)
  ON CONFLICT (day, channel) DO UPDATE SET issued = issued + 1;
END;

-- Invitations issued before this migration are counted too, and sent like new ones.
INSERT INTO invitation_day (day, channel, issued)
  SELECT (issued_at + 10800000) / 86400000, channel, count(*) FROM invitation GROUP BY 1, 2;

-- Central: what each office hub reported it issued, by day and channel. Written in the transaction
-- of the batch that carried it; the greatest count wins, since an office's counts only grow.
CREATE TABLE office_invitation_day (
  office_id    TEXT NOT NULL,
  day          INTEGER NOT NULL,
  channel      TEXT NOT NULL CHECK (channel IN ('visit-qr', 'email-link')),
  issued       INTEGER NOT NULL,
  reported_at  INTEGER NOT NULL,
  PRIMARY KEY (office_id, day, channel)
) WITHOUT ROWID;
