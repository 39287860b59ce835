-- mysql-enum-set-rewrite: fires
-- target: mysql8.0
ALTER TABLE tickets MODIFY state enum('closed','open');  -- expect
