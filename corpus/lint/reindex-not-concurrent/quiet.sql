-- reindex-not-concurrent: does not fire
-- target: pg16
REINDEX TABLE CONCURRENTLY users;
