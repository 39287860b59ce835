-- index-drop-not-concurrent: does not fire
-- target: pg16
DROP INDEX CONCURRENTLY IF EXISTS users_org_id_idx;
