-- enum-add-value-in-tx: fires
-- target: pg16
ALTER TYPE mood ADD VALUE 'calm';  -- expect
ALTER TABLE users ADD COLUMN m text;
