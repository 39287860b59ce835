-- uncommitted-transaction: does not fire
-- target: pg16
BEGIN;
ALTER TABLE users ADD COLUMN a int;
COMMIT;
