-- sqlite-drop-column-restricted: does not fire
-- target: sqlite
ALTER TABLE users DROP COLUMN name;
