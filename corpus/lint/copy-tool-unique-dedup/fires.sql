-- copy-tool-unique-dedup: fires
-- target: mariadb11.4
-- online_schema_change: pt-osc
CREATE UNIQUE INDEX users_email_key ON users (email);  -- expect
ALTER IGNORE TABLE users ADD UNIQUE (status);  -- expect
