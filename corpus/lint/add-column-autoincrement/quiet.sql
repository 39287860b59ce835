-- add-column-autoincrement: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN seq bigint;
