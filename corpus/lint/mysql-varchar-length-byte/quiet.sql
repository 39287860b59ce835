-- mysql-varchar-length-byte: does not fire
-- target: mysql8.0
ALTER TABLE users MODIFY status varchar(60);
