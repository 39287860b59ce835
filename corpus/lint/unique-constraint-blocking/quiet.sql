-- unique-constraint-blocking: does not fire
-- target: pg16
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);
