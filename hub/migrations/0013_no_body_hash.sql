-- Conflicts are found by comparing bodies, not stored hashes (hub/db/record-rows.ts). Hashing every
-- record cost about a fifth of the time of storing it, on the office hub and again on the central,
-- to serve only the rare resend. A resend now reads the held row back and compares canonical
-- bodies; every stored field round-trips exactly (instants are ISO strings with milliseconds).
-- DROP COLUMN rewrites each table once: seconds per million rows.
ALTER TABLE press DROP COLUMN body_hash;
ALTER TABLE response DROP COLUMN body_hash;
ALTER TABLE heartbeat DROP COLUMN body_hash;
