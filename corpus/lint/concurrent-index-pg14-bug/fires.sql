-- concurrent-index-pg14-bug: fires
-- target: pg14.3
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);  -- expect
