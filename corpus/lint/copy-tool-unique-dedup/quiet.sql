-- copy-tool-unique-dedup: does not fire
-- target: mariadb11.4
-- online_schema_change: pt-osc
CREATE TABLE badges (id bigint PRIMARY KEY, code varchar(20));
CREATE UNIQUE INDEX badges_code_key ON badges (code);
CREATE INDEX users_email_idx ON users (email);
ALTER IGNORE TABLE users ADD INDEX users_status_idx (status);
