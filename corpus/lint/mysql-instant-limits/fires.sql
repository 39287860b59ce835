-- mysql-instant-limits: fires
-- target: mysql8.0.29
ALTER TABLE users ADD COLUMN a int;  -- expect
