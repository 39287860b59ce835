-- add-column-stored-generated: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN age2 int;
