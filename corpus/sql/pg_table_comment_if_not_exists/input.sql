CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY, v text);
COMMENT ON TABLE kv IS 'key/value store';
CREATE UNLOGGED TABLE scratch (id integer);
CREATE TEMPORARY TABLE temp_scratch (id integer);
