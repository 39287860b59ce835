-- lossy-type-change: fires
-- target: pg16
ALTER TABLE users ALTER COLUMN email TYPE varchar(50);  -- expect
