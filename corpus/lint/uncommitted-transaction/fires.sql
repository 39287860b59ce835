-- uncommitted-transaction: fires
-- target: pg16
BEGIN;  -- expect
ALTER TABLE users ADD COLUMN a int;
