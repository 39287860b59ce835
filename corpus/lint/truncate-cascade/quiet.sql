-- truncate-cascade: does not fire
-- target: pg16
TRUNCATE orgs;
