-- add-required-column: fires
-- target: pg16
ALTER TABLE users ADD COLUMN plan text NOT NULL;  -- expect
