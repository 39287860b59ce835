-- unique-may-fail: fires
-- target: pg16
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);  -- expect
