-- non-idempotent-step: fires
-- target: mysql8.0
ALTER TABLE users ADD COLUMN a int;  -- expect
CREATE INDEX users_a ON users (a);  -- expect
