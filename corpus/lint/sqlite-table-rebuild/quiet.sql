-- sqlite-table-rebuild: does not fire
-- target: sqlite3.53
ALTER TABLE users DROP CONSTRAINT users_age_check;
