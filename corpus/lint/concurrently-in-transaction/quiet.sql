-- concurrently-in-transaction: does not fire
-- target: pg16
-- polymig:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
