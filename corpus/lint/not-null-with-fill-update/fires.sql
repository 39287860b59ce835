-- not-null-with-fill-update: fires
-- target: pg16
UPDATE users SET status = 'new' WHERE status IS NULL;
ALTER TABLE users ALTER COLUMN status SET NOT NULL;  -- expect
