-- Shared schema every lint case starts from (migration 0001).
CREATE TABLE orgs (id bigint PRIMARY KEY, name text);
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, org_id bigint, age int, status varchar(20),
  CONSTRAINT users_age_check CHECK (age > 0));
CREATE INDEX users_org_id_idx ON users (org_id);
CREATE TABLE events (id bigint PRIMARY KEY, user_id bigint, payload text, FOREIGN KEY (user_id) REFERENCES users (id));
CREATE INDEX events_user_id_idx ON events (user_id);
CREATE TABLE tags (id bigint PRIMARY KEY, label text);
CREATE TABLE audit (at int, note text);
