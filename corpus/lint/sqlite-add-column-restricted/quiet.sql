-- sqlite-add-column-restricted: does not fire
-- target: sqlite
ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;
