-- What the АХО board reads per panel and per kiosk on a central whose records are in PostgreSQL
-- (hub/devices/health-queries.ts on SQLite, hub/central-pg/readers.ts here): the last press of a
-- panel and today's counted and suppressed presses; the last response of a kiosk and today's count.
--
-- SQLite answers these from two more indexes on the record rows (hub/migrations/0002: press_by_panel,
-- response_by_device). Here they are per-day rollups kept like press_day (0002): statement-level
-- triggers with a transition table, one grouped upsert per batch in the batch's transaction. A batch
-- touches a few panels and devices and one or two days, so this costs a few row upserts per batch
-- where an index would cost an entry per row on the receive path, whose index work already fills its
-- budget (docs/central-postgres.md, "Measured"). The board asks for "since today's Moscow midnight",
-- a whole day; a panel's last press is the newest day's last_born_at (a day is cut from born_at).
-- Upserts go in key order, so two batches cannot deadlock on these rows.

CREATE TABLE panel_day (
  office_id     text NOT NULL,
  panel_id      text NOT NULL,
  day           integer NOT NULL,
  counted       bigint NOT NULL,
  suppressed    bigint NOT NULL,
  last_born_at  bigint NOT NULL,
  PRIMARY KEY (office_id, panel_id, day)
);

CREATE FUNCTION panel_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO panel_day (office_id, panel_id, day, counted, suppressed, last_born_at)
  SELECT office_id, panel_id, ((born_at + 10800000) / 86400000)::integer,
    count(*) FILTER (WHERE suppressed IS NULL), count(*) FILTER (WHERE suppressed IS NOT NULL), max(born_at)
  FROM new_presses GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (office_id, panel_id, day) DO UPDATE SET
    counted = panel_day.counted + excluded.counted,
    suppressed = panel_day.suppressed + excluded.suppressed,
    last_born_at = greatest(panel_day.last_born_at, excluded.last_born_at);
  RETURN NULL;
END
$$;
CREATE TRIGGER panel_day_count AFTER INSERT ON press REFERENCING NEW TABLE AS new_presses FOR EACH STATEMENT EXECUTE FUNCTION panel_day_count();

CREATE TABLE device_response_day (
  office_id     text NOT NULL,
  device_id     text NOT NULL,
  day           integer NOT NULL,
  responses     bigint NOT NULL,
  last_born_at  bigint NOT NULL,
  PRIMARY KEY (office_id, device_id, day)
);

CREATE FUNCTION device_response_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO device_response_day (office_id, device_id, day, responses, last_born_at)
  SELECT office_id, device_id, ((born_at + 10800000) / 86400000)::integer, count(*), max(born_at)
  FROM new_responses GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (office_id, device_id, day) DO UPDATE SET
    responses = device_response_day.responses + excluded.responses,
    last_born_at = greatest(device_response_day.last_born_at, excluded.last_born_at);
  RETURN NULL;
END
$$;
CREATE TRIGGER device_response_day_count AFTER INSERT ON response REFERENCING NEW TABLE AS new_responses FOR EACH STATEMENT EXECUTE FUNCTION device_response_day_count();

-- The records stored before this migration (a central already running on 0001–0002).
INSERT INTO panel_day (office_id, panel_id, day, counted, suppressed, last_born_at)
SELECT office_id, panel_id, ((born_at + 10800000) / 86400000)::integer,
  count(*) FILTER (WHERE suppressed IS NULL), count(*) FILTER (WHERE suppressed IS NOT NULL), max(born_at)
FROM press GROUP BY 1, 2, 3;
INSERT INTO device_response_day (office_id, device_id, day, responses, last_born_at)
SELECT office_id, device_id, ((born_at + 10800000) / 86400000)::integer, count(*), max(born_at)
FROM response GROUP BY 1, 2, 3;
