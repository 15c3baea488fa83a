-- The keys office hubs sign their requests with, and the signatures already accepted, as SQLite's
-- (hub/migrations/0003_forwarding.sql). Their stores (hub/central/office-keys.ts, replay-cache.ts)
-- run on both databases through hub/sql/central-sql.ts.
--
-- office_key.office_id references office(id) on SQLite. The office directory is not on PostgreSQL
-- yet, so there is no foreign key here for now: the store is given the office read from the
-- directory (hub/db/offices.ts) and refuses an unknown or closed one itself. The foreign key comes
-- with the directory's own move.
-- Keys are listed ORDER BY office_id, created_at in binary order (what SQLite does), hence COLLATE "C".

-- Central: the secret is kept as issued, not hashed, because HMAC verification needs it.
CREATE TABLE office_key (
  key_id      text COLLATE "C" PRIMARY KEY,
  office_id   text COLLATE "C" NOT NULL,
  secret      text NOT NULL,
  created_at  bigint NOT NULL,
  revoked_at  bigint
);
CREATE INDEX office_key_by_office ON office_key (office_id);

-- Central: signatures already accepted, kept until their timestamp leaves the ±300 s window; on
-- disk so a request captured before a restart of the central cannot be replayed after it. Two
-- concurrent requests with one signature: the primary key lets exactly one insert its row.
CREATE TABLE hub_request_seen (
  signature   text COLLATE "C" PRIMARY KEY,
  expires_at  bigint NOT NULL
);
CREATE INDEX hub_request_seen_by_expiry ON hub_request_seen (expires_at);
