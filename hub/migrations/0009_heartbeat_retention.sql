-- Heartbeats are kept for HEARTBEAT_RETENTION_DAYS (hub/housekeeping/). Without this index every
-- pruning pass would scan the whole table; with it, a pass reads only the rows it deletes.
CREATE INDEX heartbeat_by_time ON heartbeat (received_at);
