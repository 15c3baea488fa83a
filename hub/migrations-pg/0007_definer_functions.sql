-- The running central connects as a role that does not own the tables (docs/central-postgres.md,
-- "Setup"; the grants are hub/central-pg/running-role.ts, given by `npm run hub -- migrate-pg`). What
-- it needs beyond its grants runs as the owner, in functions that only do one thing:
--   • the rollup triggers (0002, 0004) write press_day, response_day, panel_day and
--     device_response_day, which the running role may only read;
--   • create_month_partitions (0001, 0006) creates a month's partitions, which only the owner of
--     press and response may. It now takes real Moscow months only (shared/periods.ts: the month
--     starts at 00:00 UTC+3 on its first day and ends where the next one starts), so a caller cannot
--     make partitions of any other bounds.
-- SECURITY DEFINER functions get a fixed search_path — pg_catalog, the schema these migrations run
-- in, pg_temp last — so no object a caller creates (a temporary table or function) can stand in
-- for ours. EXECUTE is revoked from PUBLIC; the running role gets create_month_partitions alone
-- (trigger functions are called by the trigger whoever inserts, without EXECUTE).

CREATE OR REPLACE FUNCTION create_month_partitions(month_key text, start_ms bigint, end_ms bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '2s' AS $$
DECLARE
  suffix text := replace(month_key, '-', '_');
  first_day timestamp;
  -- pg_catalog leads the search path, so it would be where an unqualified CREATE lands: the
  -- partitions go, qualified, into press's own schema
  home text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = 'press'::regclass);
BEGIN
  IF month_key IS NULL OR month_key !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
    RAISE EXCEPTION 'bad month %', month_key USING ERRCODE = 'invalid_parameter_value';
  END IF;
  first_day := (month_key || '-01')::date::timestamp;
  -- epoch of a timestamp without time zone reads it as UTC; the Moscow month starts 3 h earlier
  IF start_ms IS DISTINCT FROM (extract(epoch FROM first_day) * 1000)::bigint - 10800000
     OR end_ms IS DISTINCT FROM (extract(epoch FROM first_day + interval '1 month') * 1000)::bigint - 10800000 THEN
    RAISE EXCEPTION 'bad month % [%, %): not the Moscow month''s bounds', month_key, start_ms, end_ms USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('create_month_partitions'));
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.press FOR VALUES FROM (%s) TO (%s)', home, 'press_' || suffix, home, start_ms, end_ms);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.response FOR VALUES FROM (%s) TO (%s)', home, 'response_' || suffix, home, start_ms, end_ms);
END
$$;

ALTER FUNCTION press_day_count() SECURITY DEFINER;
ALTER FUNCTION response_day_count() SECURITY DEFINER;
ALTER FUNCTION panel_day_count() SECURITY DEFINER;
ALTER FUNCTION device_response_day_count() SECURITY DEFINER;

-- The schema is whatever the migrations run in (normally public), so the path is written here.
DO $$
DECLARE
  path text := format('pg_catalog, %I, pg_temp', current_schema());
  fn text;
BEGIN
  FOREACH fn IN ARRAY ARRAY['create_month_partitions(text, bigint, bigint)', 'press_day_count()', 'response_day_count()', 'panel_day_count()', 'device_response_day_count()'] LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %s', fn, path);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
  END LOOP;
END
$$;
