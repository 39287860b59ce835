-- table-rewrite-maintenance: fires
-- target: pg16
VACUUM FULL users;  -- expect
