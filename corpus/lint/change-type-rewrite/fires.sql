-- change-type-rewrite: fires
-- target: pg16
ALTER TABLE users ALTER COLUMN age TYPE bigint;  -- expect
