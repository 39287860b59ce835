-- rename-enum-value: does not fire
-- target: pg16
ALTER TYPE mood ADD VALUE 'calm' AFTER 'sad';
