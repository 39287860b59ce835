-- unique-may-fail: does not fire
-- target: pg16
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
