-- non-idempotent-step: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN a int;
CREATE INDEX users_a ON users (a);
