-- mysql-expression-default: does not fire
-- target: mysql8.0
ALTER TABLE users ADD COLUMN score int DEFAULT 0;
