-- mysql-not-null-non-strict: does not fire
-- target: mysql8.0
SET SESSION sql_mode = 'STRICT_TRANS_TABLES';
ALTER TABLE users MODIFY email varchar(100) NOT NULL;
