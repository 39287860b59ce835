-- index-drop-not-concurrent: fires
-- target: pg16
DROP INDEX users_org_id_idx;  -- expect
