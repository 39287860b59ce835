-- rename-column: fires
-- target: pg16
ALTER TABLE users RENAME COLUMN name TO full_name;  -- expect
