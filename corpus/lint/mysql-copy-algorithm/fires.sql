-- mysql-copy-algorithm: fires
-- target: mysql8.0
ALTER TABLE users MODIFY age bigint;  -- expect
