-- mysql-enum-set-rewrite: does not fire
-- target: mysql8.0
ALTER TABLE tickets MODIFY state enum('open','closed','spam');
