-- hash-index-pre-10: does not fire
-- target: pg10
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_hash ON users USING hash (email);
