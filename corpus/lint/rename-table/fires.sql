-- rename-table: fires
-- target: pg16
ALTER TABLE users RENAME TO accounts;  -- expect
