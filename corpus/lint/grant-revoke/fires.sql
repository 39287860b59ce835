-- grant-revoke: fires
-- target: pg16
REVOKE SELECT ON users FROM reporting;  -- expect
