-- migration-time-budget: does not fire
-- target: pg16
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_payload_idx ON events (payload);
