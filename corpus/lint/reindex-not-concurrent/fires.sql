-- reindex-not-concurrent: fires
-- target: pg16
REINDEX TABLE users;  -- expect
