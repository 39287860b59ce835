-- mysql-expression-default: fires
-- target: mysql8.0
ALTER TABLE users ADD COLUMN token varchar(36) DEFAULT (uuid());  -- expect
