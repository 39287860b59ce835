-- rename-table: does not fire
-- target: pg16
ALTER TABLE users RENAME TO accounts;
CREATE VIEW users AS SELECT * FROM accounts;
