-- Survey invitations (issue 8, docs/phone-surveys.md).
--
-- invitation: what an office hub issued, for counting only. The token itself is never stored, only
-- its sha256; the client's e-mail address is never stored at all.
CREATE TABLE invitation (
  token_hash  BLOB PRIMARY KEY,
  office_id   TEXT NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('visit-qr', 'email-link')),
  desk        TEXT,
  service_id  TEXT,
  issued_by   TEXT NOT NULL,
  issued_at   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX invitation_by_office ON invitation (office_id, issued_at);

-- invitation_use: held by the server that accepts answers (the central). A row is inserted in the
-- same transaction as the response, so a token stores at most one response however many phones
-- race with it.
CREATE TABLE invitation_use (
  token_hash  BLOB PRIMARY KEY,
  office_id   TEXT NOT NULL,
  response_id TEXT NOT NULL,
  used_at     INTEGER NOT NULL
);
