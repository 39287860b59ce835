-- drop-schema-or-database: does not fire
-- target: pg16
CREATE SCHEMA archive;
