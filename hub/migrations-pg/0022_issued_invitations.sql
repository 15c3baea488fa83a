-- The invitations an office hub issued and their counts per Moscow day, as SQLite's
-- (hub/migrations/0008, 0016). Their stores (the `invitation` part of
-- hub/invitations/invitation-store.ts, hub/forward/issued-days.ts) run on both databases through
-- hub/sql/central-sql.ts. The central's office_invitation_day stays on the hub's SQLite: it is
-- written inside the synchronous transaction of a received batch (hub/central/receive-batch.ts).

-- What an office hub issued, for counting only: the token's sha256, never the token nor the
-- client's e-mail address.
CREATE TABLE invitation (
  token_hash  bytea PRIMARY KEY,
  office_id   text COLLATE "C" NOT NULL,
  channel     text COLLATE "C" NOT NULL CHECK (channel IN ('visit-qr', 'email-link')),
  desk        text COLLATE "C",
  service_id  text COLLATE "C",
  issued_by   text COLLATE "C" NOT NULL,
  issued_at   bigint NOT NULL,
  expires_at  bigint NOT NULL
);
CREATE INDEX invitation_by_office ON invitation (office_id, issued_at);

-- Invitations issued per Moscow day and channel; `forwarded` is the count the central last
-- acknowledged. The day is press_day's: (issued_at + 10800000) / 86400000 (bigint division).
CREATE TABLE invitation_day (
  day        bigint NOT NULL,
  channel    text COLLATE "C" NOT NULL CHECK (channel IN ('visit-qr', 'email-link')),
  issued     bigint NOT NULL,
  forwarded  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, channel)
);
CREATE INDEX invitation_day_unforwarded ON invitation_day (day, channel) WHERE issued <> forwarded;

-- SQLite's trigger invitation_day_count in PL/pgSQL: each invitation is counted in the statement
-- that inserts it, so the count and the invitation commit together.
CREATE FUNCTION invitation_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO invitation_day (day, channel, issued) VALUES ((NEW.issued_at + 10800000) / 86400000, NEW.channel, 1)
  ON CONFLICT (day, channel) DO UPDATE SET issued = invitation_day.issued + 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER invitation_day_count AFTER INSERT ON invitation FOR EACH ROW EXECUTE FUNCTION invitation_day_count();
