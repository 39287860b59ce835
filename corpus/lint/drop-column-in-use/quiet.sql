-- drop-column-in-use: does not fire
-- target: pg16
CREATE TABLE drafts (a int, b int);
ALTER TABLE drafts DROP COLUMN b;
