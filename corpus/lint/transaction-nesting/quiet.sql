-- transaction-nesting: does not fire
-- target: pg16
BEGIN;
ALTER TABLE users ADD COLUMN a int;
ALTER TABLE users ADD COLUMN b int;
COMMIT;
