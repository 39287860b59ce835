-- mysql-fulltext-spatial: does not fire
-- target: mysql8.0
CREATE INDEX users_name_idx ON users (name);
