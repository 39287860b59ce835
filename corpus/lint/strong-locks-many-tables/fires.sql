-- strong-locks-many-tables: fires
-- target: pg16
ALTER TABLE users ADD COLUMN a int;
ALTER TABLE orgs ADD COLUMN b int;  -- expect
