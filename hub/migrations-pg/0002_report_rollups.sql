-- The report rollups of the SQLite central (hub/migrations/0005 press_day, 0018 response_day) on
-- PostgreSQL: what every weekly, monthly and quarterly figure and the 12-month trend read instead of
-- the record rows (hub/reports/histograms.ts; its PostgreSQL reader is hub/central-pg/histograms.ts).
--
-- Kept by statement-level triggers with a transition table: one grouped upsert per batch, in the
-- batch's transaction, rather than one upsert per row (SQLite's row trigger). Records are never
-- updated or deleted, and a resend inserts nothing into press or response (record_key takes the id
-- first), so an AFTER INSERT trigger is the whole maintenance. The upserts go in key order, so two
-- batches touching the same days take their row locks in the same order and cannot deadlock.
-- day is the fixed UTC+3 Moscow day of shared/periods.ts, as on SQLite.

CREATE TABLE press_day (
  office_id   text NOT NULL,
  day         integer NOT NULL,
  score       smallint NOT NULL,
  suppressed  boolean NOT NULL,
  presses     bigint NOT NULL,
  PRIMARY KEY (office_id, day, score, suppressed)
);

CREATE FUNCTION press_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO press_day (office_id, day, score, suppressed, presses)
  SELECT office_id, ((born_at + 10800000) / 86400000)::integer, score, suppressed IS NOT NULL, count(*)
  FROM new_presses GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (office_id, day, score, suppressed) DO UPDATE SET presses = press_day.presses + excluded.presses;
  RETURN NULL;
END
$$;
CREATE TRIGGER press_day_count AFTER INSERT ON press REFERENCING NEW TABLE AS new_presses FOR EACH STATEMENT EXECUTE FUNCTION press_day_count();

CREATE TABLE response_day (
  office_id  text NOT NULL,
  day        integer NOT NULL,
  responses  bigint NOT NULL,
  csat1_1 bigint NOT NULL,
  csat1_2 bigint NOT NULL,
  csat1_3 bigint NOT NULL,
  csat1_4 bigint NOT NULL,
  csat1_5 bigint NOT NULL,
  csat2_1 bigint NOT NULL,
  csat2_2 bigint NOT NULL,
  csat2_3 bigint NOT NULL,
  csat2_4 bigint NOT NULL,
  csat2_5 bigint NOT NULL,
  csat3_1 bigint NOT NULL,
  csat3_2 bigint NOT NULL,
  csat3_3 bigint NOT NULL,
  csat3_4 bigint NOT NULL,
  csat3_5 bigint NOT NULL,
  ces_1 bigint NOT NULL,
  ces_2 bigint NOT NULL,
  ces_3 bigint NOT NULL,
  ces_4 bigint NOT NULL,
  ces_5 bigint NOT NULL,
  nps_0 bigint NOT NULL,
  nps_1 bigint NOT NULL,
  nps_2 bigint NOT NULL,
  nps_3 bigint NOT NULL,
  nps_4 bigint NOT NULL,
  nps_5 bigint NOT NULL,
  nps_6 bigint NOT NULL,
  nps_7 bigint NOT NULL,
  nps_8 bigint NOT NULL,
  nps_9 bigint NOT NULL,
  nps_10 bigint NOT NULL,
  PRIMARY KEY (office_id, day)
);

CREATE FUNCTION response_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO response_day (office_id, day, responses, csat1_1, csat1_2, csat1_3, csat1_4, csat1_5, csat2_1, csat2_2, csat2_3, csat2_4, csat2_5, csat3_1, csat3_2, csat3_3, csat3_4, csat3_5, ces_1, ces_2, ces_3, ces_4, ces_5, nps_0, nps_1, nps_2, nps_3, nps_4, nps_5, nps_6, nps_7, nps_8, nps_9, nps_10)
  SELECT office_id, ((born_at + 10800000) / 86400000)::integer, count(*),
    count(*) FILTER (WHERE csat1 = 1),
    count(*) FILTER (WHERE csat1 = 2),
    count(*) FILTER (WHERE csat1 = 3),
    count(*) FILTER (WHERE csat1 = 4),
    count(*) FILTER (WHERE csat1 = 5),
    count(*) FILTER (WHERE csat2 = 1),
    count(*) FILTER (WHERE csat2 = 2),
    count(*) FILTER (WHERE csat2 = 3),
    count(*) FILTER (WHERE csat2 = 4),
    count(*) FILTER (WHERE csat2 = 5),
    count(*) FILTER (WHERE csat3 = 1),
    count(*) FILTER (WHERE csat3 = 2),
    count(*) FILTER (WHERE csat3 = 3),
    count(*) FILTER (WHERE csat3 = 4),
    count(*) FILTER (WHERE csat3 = 5),
    count(*) FILTER (WHERE ces = 1),
    count(*) FILTER (WHERE ces = 2),
    count(*) FILTER (WHERE ces = 3),
    count(*) FILTER (WHERE ces = 4),
    count(*) FILTER (WHERE ces = 5),
    count(*) FILTER (WHERE nps = 0),
    count(*) FILTER (WHERE nps = 1),
    count(*) FILTER (WHERE nps = 2),
    count(*) FILTER (WHERE nps = 3),
    count(*) FILTER (WHERE nps = 4),
    count(*) FILTER (WHERE nps = 5),
    count(*) FILTER (WHERE nps = 6),
    count(*) FILTER (WHERE nps = 7),
    count(*) FILTER (WHERE nps = 8),
    count(*) FILTER (WHERE nps = 9),
    count(*) FILTER (WHERE nps = 10)
  FROM new_responses GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (office_id, day) DO UPDATE SET responses = response_day.responses + excluded.responses,
    csat1_1 = response_day.csat1_1 + excluded.csat1_1,
    csat1_2 = response_day.csat1_2 + excluded.csat1_2,
    csat1_3 = response_day.csat1_3 + excluded.csat1_3,
    csat1_4 = response_day.csat1_4 + excluded.csat1_4,
    csat1_5 = response_day.csat1_5 + excluded.csat1_5,
    csat2_1 = response_day.csat2_1 + excluded.csat2_1,
    csat2_2 = response_day.csat2_2 + excluded.csat2_2,
    csat2_3 = response_day.csat2_3 + excluded.csat2_3,
    csat2_4 = response_day.csat2_4 + excluded.csat2_4,
    csat2_5 = response_day.csat2_5 + excluded.csat2_5,
    csat3_1 = response_day.csat3_1 + excluded.csat3_1,
    csat3_2 = response_day.csat3_2 + excluded.csat3_2,
    csat3_3 = response_day.csat3_3 + excluded.csat3_3,
    csat3_4 = response_day.csat3_4 + excluded.csat3_4,
    csat3_5 = response_day.csat3_5 + excluded.csat3_5,
    ces_1 = response_day.ces_1 + excluded.ces_1,
    ces_2 = response_day.ces_2 + excluded.ces_2,
    ces_3 = response_day.ces_3 + excluded.ces_3,
    ces_4 = response_day.ces_4 + excluded.ces_4,
    ces_5 = response_day.ces_5 + excluded.ces_5,
    nps_0 = response_day.nps_0 + excluded.nps_0,
    nps_1 = response_day.nps_1 + excluded.nps_1,
    nps_2 = response_day.nps_2 + excluded.nps_2,
    nps_3 = response_day.nps_3 + excluded.nps_3,
    nps_4 = response_day.nps_4 + excluded.nps_4,
    nps_5 = response_day.nps_5 + excluded.nps_5,
    nps_6 = response_day.nps_6 + excluded.nps_6,
    nps_7 = response_day.nps_7 + excluded.nps_7,
    nps_8 = response_day.nps_8 + excluded.nps_8,
    nps_9 = response_day.nps_9 + excluded.nps_9,
    nps_10 = response_day.nps_10 + excluded.nps_10;
  RETURN NULL;
END
$$;
CREATE TRIGGER response_day_count AFTER INSERT ON response REFERENCING NEW TABLE AS new_responses FOR EACH STATEMENT EXECUTE FUNCTION response_day_count();
