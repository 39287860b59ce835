-- mysql-copy-algorithm: does not fire
-- target: mysql8.0
ALTER TABLE users ADD COLUMN a int;
