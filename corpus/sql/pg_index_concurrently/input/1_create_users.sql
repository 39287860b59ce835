CREATE TABLE users (id integer PRIMARY KEY, email text, name text);
CREATE INDEX users_name_idx ON users (name);
