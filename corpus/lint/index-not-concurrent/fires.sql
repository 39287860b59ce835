-- index-not-concurrent: fires
-- target: pg16
CREATE INDEX users_email_idx ON users (email);  -- expect
