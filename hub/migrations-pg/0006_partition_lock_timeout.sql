-- Creating a month's partitions takes an ACCESS EXCLUSIVE lock on press and response. Behind a
-- long reader (an export, pg_dump) it would wait, and every query on those tables would queue
-- behind it with no end. With a lock timeout the batch that needed the new month fails fast (503,
-- the office retries) instead; the central also makes this month's and next month's partitions
-- ahead of time (hub/central-pg/postgres-store.ts), so a batch rarely has to.
ALTER FUNCTION create_month_partitions(text, bigint, bigint) SET lock_timeout = '2s';
