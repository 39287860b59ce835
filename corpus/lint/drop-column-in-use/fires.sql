-- drop-column-in-use: fires
-- target: pg16
ALTER TABLE users DROP COLUMN name;  -- expect
