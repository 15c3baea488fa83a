-- The central's short invitation codes and spent invitations, as SQLite's (hub/migrations/0014,
-- 0008). Their stores (hub/invitations/code-store.ts, the invitation_use part of
-- invitation-store.ts) run on both databases through hub/sql/central-sql.ts. The `invitation` and
-- `invitation_day` tables stay on the hub's SQLite for now.

-- A short code's sha256 → the signed token it stands for (the token is verified on every use).
CREATE TABLE invitation_code (
  code_hash     bytea PRIMARY KEY,
  token         text NOT NULL,
  office_id     text COLLATE "C" NOT NULL,
  expires_at    bigint NOT NULL,
  registered_at bigint NOT NULL
);
CREATE INDEX invitation_code_by_expiry ON invitation_code (expires_at);

-- A spent invitation, by its token's sha256: the primary key lets a token store at most one
-- response however many phones race with it.
CREATE TABLE invitation_use (
  token_hash  bytea PRIMARY KEY,
  office_id   text COLLATE "C" NOT NULL,
  response_id text COLLATE "C" NOT NULL,
  used_at     bigint NOT NULL
);
