-- mysql-varchar-length-byte: fires
-- target: mysql8.0
ALTER TABLE users MODIFY status varchar(100);  -- expect
