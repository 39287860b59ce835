-- truncate-cascade: fires
-- target: pg16
TRUNCATE orgs CASCADE;  -- expect
