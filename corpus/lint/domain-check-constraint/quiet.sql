-- domain-check-constraint: does not fire
-- target: pg16
CREATE DOMAIN label AS text;
