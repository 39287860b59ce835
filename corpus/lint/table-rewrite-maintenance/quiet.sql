-- table-rewrite-maintenance: does not fire
-- target: pg16
VACUUM users;
