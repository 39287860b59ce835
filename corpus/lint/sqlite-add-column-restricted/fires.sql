-- sqlite-add-column-restricted: fires
-- target: sqlite
ALTER TABLE users ADD COLUMN seen timestamp DEFAULT CURRENT_TIMESTAMP;  -- expect
