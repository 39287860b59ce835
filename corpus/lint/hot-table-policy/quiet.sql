-- hot-table-policy: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN a int;
