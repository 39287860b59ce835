-- index-replaced-drop-first: does not fire
-- target: pg16
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_org_id_email_idx ON users (org_id, email);
DROP INDEX CONCURRENTLY IF EXISTS users_org_id_idx;
