-- add-column-rewriting-default: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN score int DEFAULT 0;
