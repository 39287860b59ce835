-- rename-schema: does not fire
-- target: pg16
ALTER SCHEMA app OWNER TO admin;
