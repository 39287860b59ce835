-- hash-index-pre-10: fires
-- target: pg9.6
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_hash ON users USING hash (email);  -- expect
