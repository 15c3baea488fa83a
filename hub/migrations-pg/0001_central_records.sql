-- The central's record tables on PostgreSQL (issue 16; docs/central-postgres.md). They mirror the
-- SQLite central's (hub/migrations/0001, 0003, 0007): the same columns and the same epoch-millisecond
-- UTC times, so the reports' day arithmetic ((born_at + 10800000) / 86400000, fixed UTC+3 as in
-- shared/periods.ts) reads the same on both databases.
--
-- Presses and responses are partitioned by Moscow month of born_at (declarative RANGE partitions,
-- created by create_month_partitions() below, months cut by shared/periods.ts): reports always ask
-- for a period of birth, so they touch only its months; a month closes and is never written again
-- except by a late office, and a retention policy drops a whole month as one partition.
--
-- PostgreSQL cannot hold a unique index on a partitioned table unless it includes the partition key,
-- so the (id, born_at) primary key alone would let a record come back with another born_at and be
-- stored twice. record_key is the one place the id is unique: the batch insert goes through it
-- first (ON CONFLICT (id) DO NOTHING), and only the ids it newly takes go into press or response.

CREATE TABLE record_key (
  id       uuid PRIMARY KEY,
  kind     text NOT NULL CHECK (kind IN ('press', 'response')),
  born_at  bigint NOT NULL
);

CREATE TABLE press (
  id          uuid NOT NULL,
  office_id   text NOT NULL,
  device_id   text NOT NULL,
  panel_id    text NOT NULL,
  desk        text,
  seq         bigint,
  button      text NOT NULL,
  score       smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  suppressed  text,
  born_at     bigint NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (id, born_at)
) PARTITION BY RANGE (born_at);
-- The reports' range seek per office, covering what the panel histograms read (as 0005 on SQLite).
CREATE INDEX press_by_office_time ON press (office_id, born_at) INCLUDE (score, suppressed);

CREATE TABLE response (
  id          uuid NOT NULL,
  office_id   text NOT NULL,
  device_id   text NOT NULL,
  channel     text NOT NULL,
  desk        text,
  service_id  text,
  csat1       smallint CHECK (csat1 BETWEEN 1 AND 5),
  csat2       smallint CHECK (csat2 BETWEEN 1 AND 5),
  csat3       smallint CHECK (csat3 BETWEEN 1 AND 5),
  ces         smallint CHECK (ces BETWEEN 1 AND 5),
  nps         smallint CHECK (nps BETWEEN 0 AND 10),
  comment     text,
  complete    boolean NOT NULL,
  born_at     bigint NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (id, born_at)
) PARTITION BY RANGE (born_at);
CREATE INDEX response_by_office_time ON response (office_id, born_at) INCLUDE (csat1, csat2, csat3, ces, nps);

-- Health reports are kept for days, not years (HEARTBEAT_RETENTION_DAYS): one table, pruned by time.
CREATE TABLE heartbeat (
  id          uuid PRIMARY KEY,
  office_id   text NOT NULL,
  device_id   text NOT NULL,
  born_at     bigint NOT NULL,
  received_at bigint NOT NULL,
  -- the heartbeat as the device said it (JSON text, not jsonb: kept byte for byte, as on SQLite)
  body        text NOT NULL
);
CREATE INDEX heartbeat_by_device ON heartbeat (device_id, received_at);
CREATE INDEX heartbeat_by_time ON heartbeat (received_at);

-- A record whose id was already held with another body: kept for the admin, never applied.
CREATE TABLE dead_letter (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id   text NOT NULL,
  kind        text NOT NULL,
  reason      text NOT NULL,
  body        text NOT NULL,
  source      text NOT NULL,
  received_at bigint NOT NULL
);

-- What each office hub last said; written in the transaction of the batch it describes.
CREATE TABLE office_sync (
  office_id           text PRIMARY KEY,
  last_sync_at        bigint NOT NULL,
  lag_ms              bigint NOT NULL,
  records_received    bigint NOT NULL DEFAULT 0,
  batches_received    bigint NOT NULL DEFAULT 0,
  backlog_reported    bigint NOT NULL DEFAULT 0,
  backlog_oldest_at   bigint,
  key_id              text NOT NULL
);

-- Append-only, as on SQLite: triggers refuse UPDATE, DELETE and TRUNCATE whoever asks. The table's
-- owner could still disable them, so the central connects as a role that does not own its tables
-- (docs/central-postgres.md).
CREATE TABLE audit_log (
  seq    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at     bigint NOT NULL,
  actor  text NOT NULL,
  action text NOT NULL,
  target text,
  detail text,
  ip     text
);
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();

-- The month's partitions of press and response, [start_ms, end_ms) as shared/periods.ts cuts the
-- Moscow month `month_key` (YYYY-MM). Idempotent, and serialised by an advisory lock so two
-- centrals (or two batches) meeting a new month at once do not race on the catalog.
CREATE FUNCTION create_month_partitions(month_key text, start_ms bigint, end_ms bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  suffix text := replace(month_key, '-', '_');
BEGIN
  IF month_key !~ '^[0-9]{4}-[0-9]{2}$' OR start_ms >= end_ms THEN
    RAISE EXCEPTION 'bad month % [%, %)', month_key, start_ms, end_ms;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('create_month_partitions'));
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF press FOR VALUES FROM (%s) TO (%s)', 'press_' || suffix, start_ms, end_ms);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF response FOR VALUES FROM (%s) TO (%s)', 'response_' || suffix, start_ms, end_ms);
END
$$;
