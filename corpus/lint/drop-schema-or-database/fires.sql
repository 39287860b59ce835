-- drop-schema-or-database: fires
-- target: pg16
DROP SCHEMA archive CASCADE;  -- expect
