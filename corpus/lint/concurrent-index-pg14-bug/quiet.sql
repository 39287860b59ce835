-- concurrent-index-pg14-bug: does not fire
-- target: pg14.4
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
