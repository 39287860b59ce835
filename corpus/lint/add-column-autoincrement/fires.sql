-- add-column-autoincrement: fires
-- target: pg16
ALTER TABLE users ADD COLUMN seq serial;  -- expect
