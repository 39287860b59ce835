-- mysql-fulltext-spatial: fires
-- target: mysql8.0
CREATE FULLTEXT INDEX users_name_ft ON users (name);  -- expect
