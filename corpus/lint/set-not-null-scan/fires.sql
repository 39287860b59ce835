-- set-not-null-scan: fires
-- target: pg16
ALTER TABLE users ALTER COLUMN email SET NOT NULL;  -- expect
