-- Two more of the central's receive-path tables, read through CentralSql and written in the receive
-- transaction by each database's own statement from the same values.
--
-- heartbeat (made in 0001, the same columns and indexes as SQLite's 0001 + 0009 + 0013; its ids are
-- the records' UUIDv7, so uuid holds every SQLite row verbatim): read by the board, the device
-- health tracker and the pruning (hub/devices/health-queries.ts, hub/housekeeping/prune.ts);
-- written by INSERT_BATCH (hub/central-pg/batch-sql.ts). Nothing to change here.
--
-- office_invitation_day: what each office hub reported it issued, by Moscow day and channel, as
-- SQLite's hub/migrations/0016. Read by the invitation rates (hub/reports/invitation-rates.ts);
-- written by UPSERT_OFFICE_INVITATION_DAYS (batch-sql.ts): the greatest count wins, since an
-- office's counts only grow.
CREATE TABLE office_invitation_day (
  office_id    text COLLATE "C" NOT NULL,
  day          bigint NOT NULL,
  channel      text COLLATE "C" NOT NULL CHECK (channel IN ('visit-qr', 'email-link')),
  issued       bigint NOT NULL,
  reported_at  bigint NOT NULL,
  PRIMARY KEY (office_id, day, channel)
);
