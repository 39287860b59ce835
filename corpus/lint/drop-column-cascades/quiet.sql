-- drop-column-cascades: does not fire
-- target: pg16
ALTER TABLE users DROP COLUMN name;
