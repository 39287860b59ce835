-- backfill-in-ddl-transaction: does not fire
-- target: pg16
CREATE TABLE plans (name text);
INSERT INTO plans VALUES ('free');
