-- hot-table-policy: fires
-- target: pg16
-- hot: users
ALTER TABLE users ADD COLUMN a int;  -- expect
