-- rename-schema: fires
-- target: pg16
ALTER SCHEMA app RENAME TO app2;  -- expect
