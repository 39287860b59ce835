-- enum-add-value-in-tx: does not fire
-- target: pg16
ALTER TYPE mood ADD VALUE 'calm';
