/**
 * The statements of the PostgreSQL receive path (receive-batch.ts). Rows travel as one array per
 * column (record-columns.ts) and are spread by unnest(), so a batch of any size is one statement
 * and one round trip, with a plan PostgreSQL can cache (a multi-row VALUES list would be a new
 * statement text for every batch size).
 */

/**
 * Inserts a batch's new records and answers the ids it did NOT store (held already: a resend or a
 * conflict), so the usual batch, all new, answers no rows at all (answering the 1,000 stored ids cost
 * about 2 ms of a batch's 17). record_key takes each press and response id first (ON CONFLICT DO
 * NOTHING: the one unique index on id, see the migration); only the ids it newly took go on into the
 * partitioned tables. Heartbeats are not partitioned and carry their own primary key. The
 * data-modifying CTEs run as one statement, in one snapshot, whether the final SELECT reads them or
 * not. The caller sends each id once.
 */
export const INSERT_BATCH = `
WITH p_in AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::smallint[], $11::text[])
    AS t(id, office_id, device_id, born_at, received_at, panel_id, desk, seq, button, score, suppressed)
), r_in AS (
  SELECT * FROM unnest($12::uuid[], $13::text[], $14::text[], $15::bigint[], $16::bigint[], $17::text[], $18::text[], $19::text[],
                       $20::smallint[], $21::smallint[], $22::smallint[], $23::smallint[], $24::smallint[], $25::text[], $26::boolean[])
    AS t(id, office_id, device_id, born_at, received_at, channel, desk, service_id, csat1, csat2, csat3, ces, nps, comment, complete)
), h_in AS (
  SELECT * FROM unnest($27::uuid[], $28::text[], $29::text[], $30::bigint[], $31::bigint[], $32::text[])
    AS t(id, office_id, device_id, born_at, received_at, body)
), fresh AS (
  INSERT INTO record_key (id, kind, born_at)
  SELECT id, 'press', born_at FROM p_in UNION ALL SELECT id, 'response', born_at FROM r_in
  ON CONFLICT (id) DO NOTHING
  RETURNING id, kind
), p AS (
  INSERT INTO press (id, office_id, device_id, born_at, received_at, panel_id, desk, seq, button, score, suppressed)
  SELECT p_in.* FROM p_in JOIN fresh ON fresh.id = p_in.id AND fresh.kind = 'press'
  RETURNING id
), r AS (
  INSERT INTO response (id, office_id, device_id, born_at, received_at, channel, desk, service_id, csat1, csat2, csat3, ces, nps, comment, complete)
  SELECT r_in.* FROM r_in JOIN fresh ON fresh.id = r_in.id AND fresh.kind = 'response'
  RETURNING id
), h AS (
  INSERT INTO heartbeat (id, office_id, device_id, born_at, received_at, body)
  SELECT * FROM h_in
  ON CONFLICT (id) DO NOTHING
  RETURNING id
)
SELECT id::text AS id FROM p_in WHERE NOT EXISTS (SELECT 1 FROM p WHERE p.id = p_in.id)
UNION ALL SELECT id::text FROM r_in WHERE NOT EXISTS (SELECT 1 FROM r WHERE r.id = r_in.id)
UNION ALL SELECT id::text FROM h_in WHERE NOT EXISTS (SELECT 1 FROM h WHERE h.id = h_in.id)`;

/**
 * The held copies of ids a batch did not store, to tell a resend from a conflict. Read with the
 * incoming births ($2), which prunes the partitions to the batch's months: a held copy born at
 * another instant is not found, and is a conflict all the same. A press is found by its office ($3)
 * and birth through press_by_office_time (press has no index on id, migration 0008); one held by
 * another office is not found, a conflict too.
 */
export const HELD_PRESSES = 'SELECT * FROM press WHERE office_id = ANY($3::text[]) AND born_at = ANY($2::bigint[]) AND id = ANY($1::uuid[])';
export const HELD_RESPONSES = 'SELECT * FROM response WHERE id = ANY($1::uuid[]) AND born_at = ANY($2::bigint[])';
export const HELD_HEARTBEATS = 'SELECT id::text AS id, body, received_at FROM heartbeat WHERE id = ANY($1::uuid[])';
