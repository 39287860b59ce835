-- add-column-stored-generated: fires
-- target: pg16
ALTER TABLE users ADD COLUMN age2 int GENERATED ALWAYS AS (age * 2) STORED;  -- expect
