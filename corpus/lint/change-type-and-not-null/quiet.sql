-- change-type-and-not-null: does not fire
-- target: pg16
ALTER TABLE users ALTER COLUMN email TYPE text;
