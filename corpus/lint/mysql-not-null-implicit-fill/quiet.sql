-- mysql-not-null-implicit-fill: does not fire
-- target: mysql8.0
ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;
