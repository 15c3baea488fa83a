-- Short codes of per-visit invitations (issue 14, docs/phone-surveys.md «Short links»). Held by the
-- server that accepts answers (the central): the office hub that issued an invitation registers its
-- code here, and /s/<code> and the phone's answer are resolved to the signed token through it.
-- The code is kept only as a sha256; the token is kept because the central verifies it on every
-- use (signature, key not revoked, expiry), exactly as when the long link brings it.
CREATE TABLE invitation_code (
  code_hash     BLOB PRIMARY KEY,
  token         TEXT NOT NULL,
  office_id     TEXT NOT NULL,
  expires_at    INTEGER NOT NULL,
  registered_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX invitation_code_by_expiry ON invitation_code (expires_at);
