-- migration-time-budget: fires
-- target: pg16
-- hot: events
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_payload_idx ON events (payload);  -- expect
