-- mysql-instant-limits: does not fire
-- target: mysql8.0.30
ALTER TABLE users ADD COLUMN a int;
