-- concurrently-in-transaction: fires
-- target: pg16
ALTER TABLE users ADD COLUMN nickname text;
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);  -- expect
