-- sqlite-drop-column-restricted: fires
-- target: sqlite
ALTER TABLE users DROP COLUMN org_id;  -- expect
