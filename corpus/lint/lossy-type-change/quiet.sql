-- lossy-type-change: does not fire
-- target: pg16
ALTER TABLE users ALTER COLUMN email TYPE varchar(200);
