-- transaction-nesting: fires
-- target: pg16
BEGIN;
ALTER TABLE users ADD COLUMN a int;
COMMIT;
BEGIN;  -- expect
ALTER TABLE users ADD COLUMN b int;
COMMIT;
