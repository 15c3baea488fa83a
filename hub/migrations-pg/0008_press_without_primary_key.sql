-- The press table's (id, born_at) primary key goes: record_key (0001) is where a press's id is unique,
-- and the batch statement takes every id there first, so the key checked nothing and cost an index
-- entry per press on the receive path (measured: about 1.5-2.5 ms of a 1,000-record batch,
-- docs/central-postgres.md). A press is read back by id only to judge a resend (duplicate or
-- conflict), and that read goes by press_by_office_time with the incoming office and birth
-- (hub/central-pg/batch-sql.ts, HELD_PRESSES). The response table keeps its key: a response is read by
-- id (a comment taken into the register, the pain map's evidence) knowing only its id.
ALTER TABLE press DROP CONSTRAINT press_pkey;
