-- sqlite-table-rebuild: fires
-- target: sqlite3.45
ALTER TABLE users DROP CONSTRAINT users_age_check;  -- expect
