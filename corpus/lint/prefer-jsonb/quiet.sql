-- prefer-jsonb: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN settings jsonb;
