-- mysql-not-null-implicit-fill: fires
-- target: mysql8.0
ALTER TABLE users ADD COLUMN score int NOT NULL;  -- expect
