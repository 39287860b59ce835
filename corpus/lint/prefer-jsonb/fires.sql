-- prefer-jsonb: fires
-- target: pg16
ALTER TABLE users ADD COLUMN settings json;  -- expect
