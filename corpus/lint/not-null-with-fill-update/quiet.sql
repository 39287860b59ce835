-- not-null-with-fill-update: does not fire
-- target: pg16
ALTER TABLE users ALTER COLUMN status SET NOT NULL;
