-- drop-column-cascades: fires
-- target: pg16
ALTER TABLE users DROP COLUMN org_id;  -- expect
