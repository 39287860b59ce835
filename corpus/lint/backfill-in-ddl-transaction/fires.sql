-- backfill-in-ddl-transaction: fires
-- target: pg16
ALTER TABLE users ADD COLUMN plan text;
UPDATE users SET plan = 'free' WHERE id = 1;  -- expect
