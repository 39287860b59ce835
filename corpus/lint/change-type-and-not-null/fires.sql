-- change-type-and-not-null: fires
-- target: pg16
ALTER TABLE users ALTER COLUMN email TYPE text, ALTER COLUMN email SET NOT NULL;  -- expect
