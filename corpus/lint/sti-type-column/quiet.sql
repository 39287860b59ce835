-- sti-type-column: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN type text;
