-- strong-locks-many-tables: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN a int;
ALTER TABLE users ADD COLUMN b int;
