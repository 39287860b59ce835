-- invalid-index-leftover: fires
-- target: pg16
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);  -- expect
