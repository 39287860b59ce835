-- change-type-rechecks-constraints: does not fire
-- target: pg16
ALTER TABLE users ALTER COLUMN email TYPE text;
