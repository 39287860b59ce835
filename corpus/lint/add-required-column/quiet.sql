-- add-required-column: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
