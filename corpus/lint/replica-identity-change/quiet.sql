-- replica-identity-change: does not fire
-- target: pg16
ANALYZE users;
