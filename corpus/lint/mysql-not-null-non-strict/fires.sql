-- mysql-not-null-non-strict: fires
-- target: mysql8.0
ALTER TABLE users MODIFY email varchar(100) NOT NULL;  -- expect
