-- index-replaced-drop-first: fires
-- target: pg16
DROP INDEX CONCURRENTLY IF EXISTS users_org_id_idx;  -- expect
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_org_id_email_idx ON users (org_id, email);
