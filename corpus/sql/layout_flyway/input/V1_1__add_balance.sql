ALTER TABLE accounts ADD COLUMN balance numeric(12, 2) NOT NULL DEFAULT 0;
